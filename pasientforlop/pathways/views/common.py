"""What the pathway pages share: who may do what, and the chain as the pages show it."""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404

from pasientforlop.accounts.choices import Role
from pasientforlop.lib import access
from pasientforlop.pathways import deadlines
from pasientforlop.pathways.choices import STATUS_LABELS, ExchangeMethodChoice, StepChoice

#: Roles that may close a pathway (a GP records the GP visit but does not close pathways).
CLOSING_ROLES = {Role.CLINICIAN, Role.UNIT_LEADER}


def require_clinical_role(user, municipality, roles=access.CLINICAL_ROLES) -> None:
    """403 unless the user holds one of ``roles`` in the municipality or one of its units."""
    if not access.roles_in_municipality(user, municipality) & set(roles):
        raise PermissionDenied


def get_step_for_user(user, pk, step: str):
    """(pathway, view) for recording ``step``: 404 for an unknown step or a pathway the user
    cannot see, 403 for a step outside the user's view or without a clinical role."""
    pathway, view = access.get_pathway_for_user(user, pk)
    if step not in deadlines.CHAIN:
        raise Http404
    if step not in steps_for_view(pathway, view):
        raise PermissionDenied
    if view == "municipal":
        require_clinical_role(user, pathway.municipality)
        # The user's GP records the GP visit; the other steps belong to the care team.
        if step != StepChoice.GP_VISIT and (
            access.patient_relation(user, pathway.patient) == access.RELATION_GP
        ):
            raise PermissionDenied
    return pathway, view


def steps_for_view(pathway, view: str) -> tuple[str, ...]:
    chain = deadlines.steps_for(deadlines.StartType(pathway.start_type))
    if view == "hospital":
        return tuple(step for step in chain if step in deadlines.HOSPITAL_STEPS)
    return chain


@dataclass(frozen=True)
class Box:
    """One box of the chain as the timeline shows it."""

    step: str
    label: str
    status: str
    status_label: str
    due: date | None
    done_on: date | None
    done_by: str
    reason: str
    days_late: int
    #: The recorded time, for the steps recorded with one (discharge-ready).
    done_at: datetime | None = None
    #: How and with whom the information exchange took place.
    exchange_method: str = ""
    exchange_with: str = ""


def chain_boxes(pathway, today: date, view: str) -> list[Box]:
    shown = set(steps_for_view(pathway, view))
    records = {record.step: record for record in pathway.records.all()}
    return [
        Box(
            step=state.step,
            label=StepChoice(state.step).label,
            status=state.status,
            status_label=STATUS_LABELS[state.status],
            due=state.due,
            done_on=state.done_on,
            done_by=state.done_by,
            reason=state.reason,
            days_late=state.days_late,
            **_recorded_details(records.get(state.step)),
        )
        for state in pathway.states(today)
        if state.step in shown
    ]


def _recorded_details(record) -> dict:
    if record is None or record.not_applicable:
        return {}
    method = ExchangeMethodChoice(record.exchange_method).label if record.exchange_method else ""
    return {
        "done_at": record.done_at,
        "exchange_method": method,
        "exchange_with": record.exchange_with,
    }
