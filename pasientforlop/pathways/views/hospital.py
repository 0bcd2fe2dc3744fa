"""The hospital's view: open pathways shared with the user's hospital, hospital steps only."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from pasientforlop.audit.log import record_patients_shown
from pasientforlop.lib import access
from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways import deadlines
from pasientforlop.pathways.banner import OPEN_STATUSES
from pasientforlop.pathways.models import Pathway
from pasientforlop.pathways.views.common import chain_boxes


def hospital_list(request):
    hospitals = access.hospital_ids(request.user)
    if not hospitals:
        raise PermissionDenied
    pathways = (
        Pathway.objects.filter(hospital_id__in=hospitals, closed_on__isnull=True)
        .select_related("patient", "municipality", "hospital")
        .prefetch_related("records", "stays")
        .order_by("-start_date")
    )
    today = today_oslo()
    rows = [{"pathway": p, "boxes": chain_boxes(p, today, "hospital")} for p in pathways]
    show_all = request.GET.get("alle") == "1"
    finished = [row for row in rows if _hospital_part_finished(row)]
    if not show_all:
        rows = [row for row in rows if not _hospital_part_finished(row)]
    record_patients_shown(
        request, [row["pathway"].patient_id for row in rows], object_type="pathways.hospital_list"
    )
    return render(
        request,
        "pathways/hospital_list.html",
        {"rows": rows, "finished_count": len(finished), "show_all": show_all},
    )


def _hospital_part_finished(row) -> bool:
    """The user has left hospital and every hospital step is recorded (done or not
    applicable): nothing is left for the hospital to do."""
    left = deadlines.leaves_hospital(row["pathway"].facts()) is not None
    return left and all(box.status not in OPEN_STATUSES for box in row["boxes"])
