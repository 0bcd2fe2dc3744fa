"""What the pathway pages share: who may do what, and the chain as the pages show it."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404

from pasientforlop.accounts.choices import Role
from pasientforlop.lib import access
from pasientforlop.pathways import deadlines
from pasientforlop.pathways.choices import STATUS_LABELS, StepChoice

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


def chain_boxes(pathway, today: date, view: str) -> list[Box]:
    shown = set(steps_for_view(pathway, view))
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
        )
        for state in pathway.states(today)
        if state.step in shown
    ]
