"""Searching the audit log (system administrators)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from pasientforlop.accounts.choices import Role
from pasientforlop.audit.forms import AuditSearchForm
from pasientforlop.audit.log import mask_national_ids, record_about_patient
from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.lib import access, tables
from pasientforlop.lib.access import sysadmin_required
from pasientforlop.lib.dates import format_datetime

PAGE_SIZE = 50


@sysadmin_required
def search(request):
    form = AuditSearchForm(request.GET or None)
    events = AuditEvent.objects.select_related("organisation")
    if form.is_valid():
        events = form.filter(events)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "audit/search.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _patient_for_privacy_officer(request, patient_pk):
    """The user of services, for a privacy officer of their municipality (404 for outsiders,
    403 for other roles in the municipality)."""
    from pasientforlop.pathways.models import Patient

    patient = Patient.objects.select_related("municipality").filter(pk=patient_pk).first()
    if patient is None:
        raise Http404
    roles = access.roles_in_municipality(request.user, patient.municipality)
    if not roles:
        raise Http404
    if Role.PRIVACY_OFFICER not in roles:
        raise PermissionDenied
    return patient


def _trail(patient):
    return AuditEvent.objects.filter(patient_id=patient.pk).order_by("-at", "-id")


def patient_trail(request, patient_pk):
    """Who looked at this user's data, when, in which role, and what they did."""
    patient = _patient_for_privacy_officer(request, patient_pk)
    record_about_patient(request, AuditAction.VIEW, patient, "audit.patient_trail")
    # Counted after recording this read, so the page includes it.
    page = Paginator(_trail(patient), PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "audit/patient_trail.html", {"patient": patient, "page": page})


def patient_trail_csv(request, patient_pk):
    patient = _patient_for_privacy_officer(request, patient_pk)
    record_about_patient(request, AuditAction.EXPORT, patient, "audit.patient_trail")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="innsyn-{patient.pk}.csv"'
    tables.write_csv(
        response,
        [
            "Tidspunkt",
            "Brukernavn",
            "Roller",
            "Handling",
            "Objekt",
            "Objekt-id",
            "Begrunnelse",
            "Forespørsel",
        ],
        (
            [
                format_datetime(event.at),
                event.actor_name,
                event.role_labels,
                event.get_action_display(),
                event.object_type,
                mask_national_ids(event.object_id),
                mask_national_ids(event.reason),
                event.request_id,
            ]
            for event in _trail(patient).iterator()
        ),
    )
    return response


def patient_trail_search(request):
    """Find a user of services in the privacy officer's municipalities by national ID or
    pseudonym, to see their audit trail."""
    from pasientforlop.pathways.models import Patient

    municipalities = [
        m.organisation_id
        for m in access.memberships(request.user)
        if m.role == Role.PRIVACY_OFFICER
    ]
    if not municipalities:
        raise PermissionDenied
    query = "".join(request.GET.get("q", "").split())
    found = None
    if query:
        found = (
            Patient.objects.filter(municipality_id__in=municipalities)
            .filter(Q(national_id=query) | Q(pseudonym__iexact=request.GET["q"].strip()))
            .first()
        )
        if found is not None:
            return redirect("audit:patient_trail", found.pk)
    return render(
        request,
        "audit/patient_trail_search.html",
        {"query": request.GET.get("q", ""), "searched": bool(query)},
    )
