"""The worklist: what is overdue, due today and due in the coming days, for a unit or for
the primary contact."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from pasientforlop.accounts.choices import OrganisationKind, UnitKind
from pasientforlop.audit.log import record_patients_shown
from pasientforlop.lib import access
from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways import deadlines
from pasientforlop.pathways.choices import BUCKET_LABELS, STATUS_LABELS, StepChoice
from pasientforlop.pathways.inbox import inbox_rows
from pasientforlop.pathways.models import Pathway, facts_for

SORT_KEYS = {
    "due": lambda row: (row["due"], row["patient"].display_name()),
    "user": lambda row: (row["patient"].display_name().lower(), row["due"]),
    "step": lambda row: (deadlines.CHAIN.index(row["step"]), row["due"]),
}


def worklist_units(user):
    return (
        access.visible_organisations(user, roles=access.CLINICAL_ROLES)
        .filter(kind=OrganisationKind.UNIT)
        .exclude(unit_kind=UnitKind.CITY_DISTRICT)
        .order_by("name")
    )


def rows_for(pathways, today):
    """Worklist rows grouped in buckets, one row per step that needs doing. ``pathways`` is a
    queryset; the facts are read as plain values in a constant number of queries."""
    groups = {bucket: [] for bucket in deadlines.Bucket}
    facts = facts_for(pathways)
    for pathway in pathways.select_related("patient"):
        for state in deadlines.compute(facts[pathway.pk], today):
            bucket = deadlines.bucket(state, today)
            if bucket is None:
                continue
            groups[bucket].append(
                {
                    "pathway": pathway,
                    "patient": pathway.patient,
                    "step": state.step,
                    "step_label": StepChoice(state.step).label,
                    "due": state.due,
                    "status": state.status,
                    "status_label": STATUS_LABELS[state.status],
                    "days_late": (today - state.due).days if state.due < today else 0,
                }
            )
    return groups


def selected_pathways(request):
    """The worklist's selection from the query (``enhet``, ``mine=1``): (units the user may
    choose, the chosen unit, mine?, the open pathways with what the rules need)."""
    units = list(worklist_units(request.user))
    if not units:
        raise PermissionDenied
    mine = request.GET.get("mine") == "1"
    unit = next((u for u in units if str(u.pk) == request.GET.get("enhet")), units[0])
    pathways = Pathway.objects.filter(closed_on__isnull=True)
    if mine:
        pathways = pathways.filter(
            primary_contact=request.user,
            municipality_id__in=access.clinical_municipality_ids(request.user),
        )
    else:
        pathways = pathways.filter(unit=unit)
    # Only the users of services the person has a care relation to (``lib.access``).
    pathways = pathways.filter(patient_id__in=access.patients_for_user(request.user).values("pk"))
    return units, unit, mine, pathways


def worklist(request):
    units, unit, mine, pathways = selected_pathways(request)
    today = today_oslo()
    sort = request.GET.get("sorter") if request.GET.get("sorter") in SORT_KEYS else "due"
    groups = rows_for(pathways, today)
    buckets = [
        {"key": key, "label": BUCKET_LABELS[key], "rows": sorted(rows, key=SORT_KEYS[sort])}
        for key, rows in groups.items()
    ]
    incoming = inbox_rows(pathways, today)
    record_patients_shown(
        request,
        [row.pathway.patient_id for row in incoming]
        + [row["patient"].pk for bucket in buckets for row in bucket["rows"]],
        object_type="pathways.worklist",
        organisation=None if mine else unit,
    )
    return render(
        request,
        "pathways/worklist.html",
        {
            "buckets": buckets,
            "incoming": incoming,
            "units": units,
            "unit": unit,
            "mine": mine,
            "sort": sort,
            "today": today,
        },
    )
