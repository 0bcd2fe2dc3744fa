"""The patient banner every page about one user of services shows at the top.

``banner_context`` builds it; ``templates/pathways/_patient_banner.html`` shows it (through
the ``patient_banner`` template tag). The national identity number is masked; showing it in
full is a separate, audited request (``views.patient_details.reveal_national_id``).
"""

from datetime import date

from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways import deadlines, finding
from pasientforlop.pathways.choices import StepChoice
from pasientforlop.pathways.models import Pathway

OPEN_STATUSES = {deadlines.Status.PENDING, deadlines.Status.OVERDUE}


def open_pathway(patient) -> Pathway | None:
    """The user's most recently started open pathway, if any."""
    return (
        patient.pathways.filter(closed_on__isnull=True)
        .select_related("unit", "primary_contact", "hospital")
        .prefetch_related("records", "stays")
        .order_by("-start_date", "-id")
        .first()
    )


def next_step(pathway: Pathway, today: date) -> dict | None:
    """The open step with the earliest due date (or the first open step when none has a due
    date yet), with its status."""
    states = [s for s in pathway.states(today) if s.status in OPEN_STATUSES]
    if not states:
        return None
    dated = sorted((s for s in states if s.due is not None), key=lambda s: s.due)
    state = dated[0] if dated else states[0]
    return {
        "step": state.step,
        "label": StepChoice(state.step).label,
        "due": state.due,
        "overdue": state.status == deadlines.Status.OVERDUE,
    }


def banner_context(patient, pathway: Pathway | None = None, today: date | None = None) -> dict:
    today = today or today_oslo()
    if pathway is None or pathway.closed_on is not None:
        pathway = open_pathway(patient) or pathway
    born = finding.birth_date(patient.national_id)
    unit = patient.unit if patient.unit_id else (pathway.unit if pathway else None)
    contact = pathway.primary_contact if pathway else None
    return {
        "patient": patient,
        "pathway": pathway,
        "birth_date": born,
        "age": finding.age_on(born, today) if born else None,
        "masked_national_id": finding.masked(patient.national_id),
        "unit": unit,
        "primary_contact": contact,
        "primary_contact_phone": getattr(contact, "phone", "") if contact else "",
        "next_step": next_step(pathway, today) if pathway and not pathway.closed_on else None,
    }
