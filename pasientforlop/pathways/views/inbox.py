"""The municipality's inbox of incoming users ("Innkommende"), and assigning the receiving
unit, the primary contact and the planned start from it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pasientforlop.accounts.models import Organisation
from pasientforlop.audit.log import record, record_patients_shown
from pasientforlop.audit.models import AuditAction
from pasientforlop.lib import access
from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways import deadlines
from pasientforlop.pathways.forms import DateInput, home_units, municipality_staff
from pasientforlop.pathways.inbox import (
    can_assign,
    inbox_for_user,
    inbox_municipality_ids,
    waiting_pathways,
)
from pasientforlop.pathways.models import Pathway, Patient, StepRecord
from pasientforlop.pathways.procedures import current_template
from pasientforlop.pathways.recording import StepConflict, StepEntry, StepRefused, record_step


def inbox_municipalities(user):
    """The municipalities whose inbox the user sees, by name; 403 when there are none."""
    municipalities = list(
        Organisation.objects.filter(id__in=inbox_municipality_ids(user)).order_by("name")
    )
    if not municipalities:
        raise PermissionDenied
    return municipalities


def inbox(request):
    municipalities = inbox_municipalities(request.user)
    chosen = request.GET.get("kommune")
    municipality = next((m for m in municipalities if str(m.pk) == chosen), municipalities[0])
    today = today_oslo()
    rows = inbox_for_user(request.user, municipality, today)
    clinical = access.clinical_municipality_ids(request.user)
    record_patients_shown(
        request,
        [row.pathway.patient_id for row in rows],
        object_type="pathways.inbox",
        organisation=municipality,
    )
    return render(
        request,
        "pathways/inbox.html",
        {
            "municipalities": municipalities,
            "municipality": municipality,
            "from_hospital": [row for row in rows if row.from_hospital],
            "waiting": [row for row in rows if not row.from_hospital],
            "count": len(rows),
            "can_assign": can_assign(request.user, municipality),
            "clinical_ids": clinical,
            "today": today,
        },
    )


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Receiving unit"), queryset=None)
    primary_contact = forms.ModelChoiceField(
        label=gettext_lazy("Primary contact"), queryset=None, required=False
    )
    planned_start = forms.DateField(
        label=gettext_lazy("Planned start of home services"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("The day the user is expected home. A plan: a future date is fine."),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = home_units(municipality).order_by("name")
        self.fields["unit"].empty_label = None
        staff = municipality_staff(municipality)
        self.fields["primary_contact"].queryset = staff
        self.fields["primary_contact"].empty_label = _("Not yet")
        self.fields["primary_contact"].label_from_instance = lambda u: u.display_name()


def _assignable_pathway(user, pk) -> Pathway:
    """A waiting pathway in one of the user's inbox municipalities (404 otherwise); 403
    unless the user may assign there."""
    try:
        pathway = (
            waiting_pathways()
            .select_related("patient", "municipality", "unit", "hospital", "primary_contact")
            .get(pk=pk)
        )
    except (Pathway.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if pathway.municipality_id not in inbox_municipality_ids(user):
        raise Http404
    if not can_assign(user, pathway.municipality):
        raise PermissionDenied
    return pathway


def _state(pathway: Pathway) -> dict:
    return {
        "unit": pathway.unit_id,
        "patient_unit": pathway.patient.unit_id,
        "primary_contact": pathway.primary_contact_id,
        "planned_start": str(pathway.planned_start or ""),
    }


def assign(request, pk):
    pathway = _assignable_pathway(request.user, pk)
    municipality = pathway.municipality
    form = AssignForm(
        request.POST or None,
        municipality=municipality,
        initial={
            "unit": pathway.unit_id,
            "primary_contact": pathway.primary_contact_id,
            "planned_start": pathway.planned_start,
        },
    )
    if request.method == "GET":
        record(
            request,
            AuditAction.VIEW,
            pathway,
            organisation=municipality,
            reason="inbox assign",
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                _save_assignment(request, pathway, data)
        except StepRefused as refused:
            for message in refused.messages:
                form.add_error(None, message)
        except StepConflict:
            form.add_error(
                None,
                _("Someone else recorded the primary contact meanwhile. Nothing was saved."),
            )
        else:
            messages.success(
                request,
                _("%(name)s is assigned to %(unit)s.")
                % {"name": pathway.patient.display_name(), "unit": data["unit"].name},
            )
            return redirect(f"{reverse('pathways:inbox')}?kommune={municipality.pk}")
    return render(
        request,
        "pathways/inbox_assign.html",
        {"pathway": pathway, "patient": pathway.patient, "form": form},
    )


def _save_assignment(request, pathway: Pathway, data: dict) -> None:
    """Store unit, primary contact and planned start; record the primary-contact step
    through the step-recording rules when a contact is appointed for the first time."""
    before = _state(pathway)
    contact = data["primary_contact"]
    Pathway.objects.filter(pk=pathway.pk).update(
        unit=data["unit"], primary_contact=contact, planned_start=data["planned_start"]
    )
    Patient.objects.filter(pk=pathway.patient_id).update(unit=data["unit"])
    pathway.refresh_from_db()
    pathway.patient.refresh_from_db()
    record(
        request,
        AuditAction.UPDATE,
        pathway,
        organisation=pathway.municipality,
        before=before,
        after=_state(pathway),
        reason="inbox assign",
    )
    step = deadlines.Step.PRIMARY_CONTACT
    recorded = StepRecord.objects.filter(pathway=pathway, step=step).first()
    if contact is not None and recorded is None:
        template = current_template(pathway.municipality, step)
        record_step(
            request,
            Pathway.objects.prefetch_related("records", "stays").get(pk=pathway.pk),
            step,
            StepEntry(
                done_on=today_oslo(),
                checklist=dict.fromkeys(template.items, False),
                note=_("Appointed from the inbox: %(name)s") % {"name": contact.display_name()},
            ),
            0,
            template,
            request.user,
        )
