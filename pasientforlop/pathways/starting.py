"""What starting a pathway does besides creating it: warn about a second open pathway for the
same user, and record the "primary contact appointed" step when a primary contact is chosen."""

from django import forms
from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction
from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways import deadlines
from pasientforlop.pathways.choices import StepChoice
from pasientforlop.pathways.procedures import current_template
from pasientforlop.pathways.recording import StepConflict, StepEntry, StepRefused, record_step

CONFIRM_FIELD = "confirm_second_pathway"


def start_pathway(request, form, patient, reason: str = ""):
    """Create the pathway of a valid ``PathwayForm`` for ``patient``, started by the user, and
    audit it; the page and the API both start pathways here."""
    pathway = form.save(commit=False)
    pathway.patient = patient
    pathway.municipality = patient.municipality
    pathway.created_by = request.user
    pathway.save()
    record(
        request,
        AuditAction.CREATE,
        pathway,
        organisation=patient.municipality,
        reason=reason,
        after={"start_type": pathway.start_type, "start_date": str(pathway.start_date)},
    )
    return pathway


def open_pathways(patient) -> list:
    return list(
        patient.pathways.filter(closed_on__isnull=True)
        .select_related("unit")
        .order_by("-start_date")
    )


def ask_for_confirmation(form, already_open: list) -> None:
    """With an open pathway already, starting another needs a ticked confirmation."""
    if already_open:
        form.fields[CONFIRM_FIELD] = forms.BooleanField(
            label=gettext_lazy("Yes, start a second pathway for this user"),
            required=True,
            error_messages={
                "required": gettext_lazy(
                    "The user already has an open pathway. Tick the box to start another."
                )
            },
        )


def record_primary_contact(request, pathway) -> None:
    """Record "primary contact appointed" as done today for a pathway started with a primary
    contact. When the rules refuse it (a start date in the future), say so; nothing else."""
    if pathway.primary_contact_id is None:
        return
    step = deadlines.Step.PRIMARY_CONTACT
    today = today_oslo()
    label = StepChoice(step).label
    if today < pathway.start_date:
        messages.info(
            request,
            _("Record “%(step)s” on the step when the pathway has started.") % {"step": label},
        )
        return
    template = current_template(pathway.municipality, step)
    entry = StepEntry(done_on=today, checklist={item: False for item in template.items})
    try:
        record_step(request, pathway, step, entry, 0, template, request.user)
    except (StepRefused, StepConflict):
        messages.info(
            request,
            _("Record “%(step)s” on the step when the pathway has started.") % {"step": label},
        )
    else:
        messages.info(
            request,
            _("“%(step)s” is recorded as done today; change it on the step if it was another day.")
            % {"step": label},
        )
