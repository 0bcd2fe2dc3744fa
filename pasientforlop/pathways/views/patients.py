"""Users of services: list and search, register, and one user's page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pasientforlop.accounts.models import Organisation
from pasientforlop.audit.log import record, record_patients_shown
from pasientforlop.audit.models import AuditAction
from pasientforlop.lib import access
from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways.finding import mask_national_ids
from pasientforlop.pathways.forms import PatientForm
from pasientforlop.pathways.inbox import attach_next_steps
from pasientforlop.pathways.patient_search import opened_ids, search_patients
from pasientforlop.pathways.views.common import require_clinical_role
from pasientforlop.whatmatters.summary import panel_context


def _municipalities(user):
    return Organisation.objects.filter(id__in=access.clinical_municipality_ids(user)).order_by(
        "name"
    )


def patient_list(request):
    municipalities = _municipalities(request.user)
    if not municipalities:
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    if query:
        patients = search_patients(request.user, query)
    else:
        patients = list(access.patients_for_user(request.user).select_related("municipality")[:100])
    record(
        request,
        AuditAction.VIEW,
        object_type="pathways.patient_search",
        reason=mask_national_ids(query)[:200],
    )
    record_patients_shown(request, [p.pk for p in patients], object_type="pathways.patient_list")
    return render(
        request,
        "pathways/patient_list.html",
        {
            "patients": patients,
            "query": query,
            "municipalities": municipalities,
            "opened": opened_ids(request.user, patients),
            "next_steps": attach_next_steps(patients, today_oslo()),
        },
    )


def patient_new(request, municipality_pk):
    municipality = access.get_clinical_municipality_for_user(request.user, municipality_pk)
    require_clinical_role(request.user, municipality)
    form = PatientForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        patient = form.save(commit=False)
        patient.municipality = municipality
        patient.created_by = request.user
        if patient.unit_id is None:
            # Received by the registering person's unit until the allocation office decides.
            patient.unit = access.home_unit(request.user, municipality)
        patient.save()
        record(request, AuditAction.CREATE, patient, organisation=municipality)
        messages.success(request, _("The user is registered."))
        return redirect("pathways:patient", patient.pk)
    return render(
        request, "pathways/patient_form.html", {"form": form, "municipality": municipality}
    )


def patient_detail(request, pk):
    patient = access.get_patient_for_user(request.user, pk, gp_read=True)
    pathways = patient.pathways.select_related("unit", "hospital").order_by("-start_date")
    record(request, AuditAction.VIEW, patient, organisation=patient.municipality)
    context = {"patient": patient, "pathways": pathways} | panel_context(patient)
    return render(request, "pathways/patient_detail.html", context)
