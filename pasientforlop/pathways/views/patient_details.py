"""One user's details: change them (audited, conflict-safe) and show the national ID in full."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pasientforlop.accounts.choices import Role
from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction
from pasientforlop.lib import access
from pasientforlop.pathways.forms import PatientDetailsForm
from pasientforlop.pathways.models import Patient
from pasientforlop.pathways.views.common import require_clinical_role

#: Roles that may change a user's details (a GP reads them).
EDITING_ROLES = {Role.CLINICIAN, Role.UNIT_LEADER, Role.ALLOCATION_OFFICE}


def _value(patient: Patient, name: str) -> str:
    if name == "unit":
        return patient.unit.name if patient.unit_id else ""
    return getattr(patient, name)


def patient_edit(request, pk):
    patient = access.get_patient_for_user(request.user, pk, method=request.method)
    require_clinical_role(request.user, patient.municipality, EDITING_ROLES)
    form = PatientDetailsForm(
        request.POST or None, instance=patient, initial={"version": patient.version}
    )
    conflict = []
    if request.method == "GET":
        record(request, AuditAction.VIEW, patient, organisation=patient.municipality)
    if request.method == "POST" and form.is_valid():
        stored = Patient.objects.select_related("unit").get(pk=patient.pk)
        changed = [name for name in form.changed_data if name != "version"]
        changed = [n for n in changed if _value(stored, n) != _value(form.instance, n)]
        with transaction.atomic():
            # Claim the version first: whoever opened the form on an older one gets a conflict.
            updated = Patient.objects.filter(
                pk=patient.pk, version=form.cleaned_data["version"]
            ).update(version=F("version") + 1)
            if updated and changed:
                patient.version = form.cleaned_data["version"] + 1
                patient.save(update_fields=[*changed, "version"])
                record(
                    request,
                    AuditAction.UPDATE,
                    patient,
                    organisation=patient.municipality,
                    before={n: _value(stored, n) for n in changed},
                    after={n: _value(patient, n) for n in changed},
                    reason="details changed",
                )
        if updated:
            messages.success(request, _("The details are saved."))
            return redirect("pathways:patient", patient.pk)
        conflict = [
            (form.fields[n].label, _value(stored, n))
            for n in form.fields
            if n != "version" and _value(stored, n) != _value(form.instance, n)
        ]
        form.data = form.data.copy()
        form.data["version"] = stored.version
        messages.error(
            request,
            _(
                "Someone else changed these details while you were working. Their values are "
                "shown below; check them, then save again to keep yours."
            ),
        )
    return render(
        request,
        "pathways/patient_edit.html",
        {"form": form, "patient": patient, "conflict": conflict},
    )


def reveal_national_id(request, pk):
    """The full national identity number, on request; every showing is audited."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    patient = access.get_patient_for_user(request.user, pk, gp_read=True)
    if not patient.national_id:
        raise PermissionDenied
    record(
        request,
        AuditAction.VIEW,
        patient,
        organisation=patient.municipality,
        object_type="pathways.patient_national_id",
        reason="national identity number shown",
    )
    if request.headers.get("HX-Request"):
        return render(request, "pathways/_national_id.html", {"patient": patient})
    return render(request, "pathways/national_id.html", {"patient": patient})
