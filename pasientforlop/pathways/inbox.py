"""The municipality's inbox of incoming users, and each pathway's next step.

The inbox ("Innkommende") holds every open pathway still waiting for its anchor: no
"home services start" recorded yet (neither done nor marked not applicable). Among them,
hospital starts with an admission or a discharge-ready declaration recorded come first
("from hospital"); the others, of any start type, wait for the municipality to start
services. Everything is read from the current records on every request, so a
discharge-ready declaration shows up on the next page load.

Who sees it: the allocation office (koordinerende enhet / tildelingskontor) and the unit
leaders assign the receiving unit, the primary contact and the planned start; clinicians
of the municipality see it read-only.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q

from pasientforlop.accounts.choices import Role
from pasientforlop.accounts.models import Organisation
from pasientforlop.lib import access
from pasientforlop.pathways import deadlines
from pasientforlop.pathways.choices import StepChoice
from pasientforlop.pathways.models import Pathway, StepRecord, facts_for

#: Roles that may assign the receiving unit, primary contact and planned start.
ASSIGNING_ROLES = access.ALLOCATING_ROLES
#: Roles that see the inbox (clinicians read-only).
INBOX_ROLES = ASSIGNING_ROLES | {Role.CLINICIAN}


def inbox_municipality_ids(user, roles: Iterable[str] = INBOX_ROLES) -> set[int]:
    """Municipalities whose inbox the user sees: where the user holds one of ``roles`` in
    the municipality itself or in one of its units."""
    wanted = set(roles)
    found: set[int] = set()
    for membership in access.memberships(user):
        if membership.role in wanted:
            municipality = membership.organisation.municipality
            if municipality is not None:
                found.add(municipality.id)
    return found


def can_assign(user, municipality: Organisation) -> bool:
    return bool(access.roles_in_municipality(user, municipality) & ASSIGNING_ROLES)


def _anchor_recorded():
    return StepRecord.objects.filter(
        pathway=OuterRef("pk"), step=deadlines.Step.HOME_SERVICES_START
    ).filter(Q(done_on__isnull=False) | Q(done_at__isnull=False) | Q(not_applicable=True))


def waiting_pathways(pathways=None):
    """Open pathways (of ``pathways``, default all) with no home-services start recorded."""
    pathways = Pathway.objects.all() if pathways is None else pathways
    return pathways.filter(closed_on__isnull=True).exclude(Exists(_anchor_recorded()))


@dataclass(frozen=True)
class NextStep:
    """The first open step of a pathway in chain order, with its due date if it has one
    (before the anchor: the planned start for the home-services start)."""

    step: str
    label: str
    due: date | None
    overdue: bool


def next_step(
    facts: deadlines.PathwayFacts, today: date, planned_start: date | None = None
) -> NextStep | None:
    for state in deadlines.compute(facts, today):
        if state.status not in (deadlines.Status.PENDING, deadlines.Status.OVERDUE):
            continue
        due = state.due
        if due is None and state.step == deadlines.Step.HOME_SERVICES_START:
            due = planned_start
        return NextStep(
            step=state.step,
            label=str(StepChoice(state.step).label),
            due=due,
            overdue=state.status == deadlines.Status.OVERDUE,
        )
    return None


def next_steps(pathways, today: date) -> dict[int, NextStep | None]:
    """The next step of every pathway of a queryset, keyed by pathway id."""
    facts = facts_for(pathways)
    planned = dict(pathways.values_list("pk", "planned_start"))
    return {pk: next_step(f, today, planned.get(pk)) for pk, f in facts.items()}


@dataclass
class InboxRow:
    pathway: Pathway
    from_hospital: bool
    admitted_on: date | None
    discharge_ready_at: datetime | None
    information_exchange_on: date | None
    next: NextStep | None

    @property
    def patient(self):
        return self.pathway.patient


def inbox_rows(pathways, today: date) -> list[InboxRow]:
    """Rows for the waiting pathways of ``pathways``: from hospital first (discharge-ready
    before admitted only, each by time), then the others by start date."""
    waiting = waiting_pathways(pathways).select_related(
        "patient", "unit", "hospital", "primary_contact", "municipality"
    )
    facts = facts_for(waiting)
    rows = []
    for pathway in waiting:
        fact = facts[pathway.pk]
        admitted = fact.record(deadlines.Step.ADMISSION)
        ready = fact.record(deadlines.Step.DISCHARGE_READY)
        exchange = fact.record(deadlines.Step.INFORMATION_EXCHANGE)
        hospital_start = pathway.start_type == deadlines.StartType.HOSPITAL_DISCHARGE
        rows.append(
            InboxRow(
                pathway=pathway,
                from_hospital=hospital_start
                and (admitted.done_date is not None or ready.done_date is not None),
                admitted_on=admitted.done_date,
                discharge_ready_at=ready.done_at,
                information_exchange_on=exchange.done_date,
                next=next_step(fact, today, pathway.planned_start),
            )
        )

    def order(row: InboxRow):
        if row.from_hospital:
            ready = row.discharge_ready_at is None
            moment = row.discharge_ready_at.date() if row.discharge_ready_at else row.admitted_on
            return (0, ready, moment or today, row.pathway.pk)
        return (1, False, row.pathway.start_date, row.pathway.pk)

    return sorted(rows, key=order)


def inbox_for_municipality(municipality: Organisation, today: date) -> list[InboxRow]:
    return inbox_rows(Pathway.objects.filter(municipality=municipality), today)


def inbox_for_user(user, municipality: Organisation, today: date) -> list[InboxRow]:
    """The inbox as ``user`` sees it: the whole municipality for those who assign; for
    clinicians only the users coming to their own units or to them as primary contact."""
    pathways = Pathway.objects.filter(municipality=municipality)
    if not can_assign(user, municipality):
        units = access.visible_organisation_ids(user, roles={Role.CLINICIAN})
        pathways = pathways.filter(Q(unit_id__in=units) | Q(primary_contact=user))
    return inbox_rows(pathways, today)


def patient_next_steps(patient_ids, today: date) -> dict[int, NextStep]:
    """Each user's next step over their open pathways: the one due first (steps without a
    due date last), for the user lists."""
    pathways = Pathway.objects.filter(patient_id__in=list(patient_ids), closed_on__isnull=True)
    owners = dict(pathways.values_list("pk", "patient_id"))
    found: dict[int, NextStep] = {}
    for pk, step in next_steps(pathways, today).items():
        if step is None:
            continue
        current = found.get(owners[pk])
        if current is None or _sooner(step, current):
            found[owners[pk]] = step
    return found


def _sooner(step: NextStep, other: NextStep) -> bool:
    if step.due is None:
        return False
    return other.due is None or step.due < other.due


def attach_next_steps(patients, today: date) -> dict[int, NextStep]:
    """Set ``next_step`` on each user of a list (for templates) and return the mapping."""
    found = patient_next_steps([p.pk for p in patients], today)
    for patient in patients:
        patient.next_step = found.get(patient.pk)
    return found
