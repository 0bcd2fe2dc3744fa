"""Due dates and statuses for the steps of an HPH pathway (pure rules, no Django).

The chain, in order (DOMAIN.md section 1)::

    admission -> discharge_ready -> information_exchange      (hospital starts only)
    -> home_services_start (the anchor) -> primary_contact (day 3) -> needs_mapping (day 3)
    -> gp_visit (day 14) -> evaluation (day 28) -> annual_review (12 months)

Rules implemented here, including the choices made where the domain text is silent:

* Day counts are calendar days from the **anchor**, day 0. "By day k" means done on or
  before ``anchor + k`` days. A step done on its due date is ``done``; one day later is
  ``done_late``. A pending step is ``pending`` on its due date and ``overdue`` from the
  day after.
* The anchor exists only once ``home_services_start`` is recorded as done. It is the
  day home services start at home; when the user first had one or more intermediate or
  short-term stays, it is the end date of the last stay (the day the user comes home from
  it), whatever day the first home visit was recorded. A pathway without an anchor has
  no due dates for the anchored steps: they are ``pending`` (or ``done`` if done).
* ``home_services_start`` is due "on arrival": the end of the last intermediate stay when
  there is one; without a stay it is its own date (it is the anchor), so it cannot be late.
* ``information_exchange`` is due by the day the user leaves hospital: the start date of
  the first intermediate stay, or else the ``home_services_start`` date (straight home).
  Done on that day is on time (exchanges are usually done the morning of discharge).
  Until either date is known it has no due date.
* ``admission`` and ``discharge_ready`` are recorded facts without a due date.
  ``discharge_ready`` is recorded with a time: a timezone-aware ``datetime`` whose date is
  taken in Europe/Oslo (a naive datetime is read as Oslo wall-clock time and rejected by
  :func:`validate`).
* Steps counted from the anchor cannot be done before it, except the primary contact,
  which may be appointed in advance (before the user comes home); it is then on time.
* ``annual_review`` is due on the same day of the month a year after the anchor;
  an anchor on 29 February gives 28 February the next year.
* ``admission``, ``discharge_ready`` and ``information_exchange`` belong to the chain of
  ``hospital_discharge`` starts only; for the other start types they are not part of the
  chain at all (not returned by :func:`compute`), which differs from a step that staff mark
  ``not_applicable`` with a reason.
* The pathway starts on the admission date for hospital starts (when recorded), otherwise
  on ``start_date``. For an ``annual_review`` start, ``home_services_start`` is the day the
  yearly re-run begins.
* Worklist buckets: ``overdue`` (due before today), ``today`` and ``this_week`` = due in
  the coming seven days (today + 1 up to today + 7), a rolling window rather than the ISO
  week so that a nurse on a Friday morning still sees Monday's steps. Only pending or
  overdue steps land in a bucket.
* A readmission counts as "within 30 days" when ``anchor <= readmission <= anchor + 30``
  (day 30 included).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")

READMISSION_WINDOW_DAYS = 30
WORKLIST_HORIZON_DAYS = 7


class Step(StrEnum):
    """The steps of the HPH chain, in chain order."""

    ADMISSION = "admission"
    DISCHARGE_READY = "discharge_ready"
    INFORMATION_EXCHANGE = "information_exchange"
    HOME_SERVICES_START = "home_services_start"
    PRIMARY_CONTACT = "primary_contact"
    NEEDS_MAPPING = "needs_mapping"
    GP_VISIT = "gp_visit"
    EVALUATION = "evaluation"
    ANNUAL_REVIEW = "annual_review"


class StartType(StrEnum):
    HOSPITAL_DISCHARGE = "hospital_discharge"
    MUNICIPAL = "municipal"
    NEW_USER = "new_user"
    ANNUAL_REVIEW = "annual_review"


class Status(StrEnum):
    PENDING = "pending"
    DONE = "done"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"
    NOT_APPLICABLE = "not_applicable"


class Bucket(StrEnum):
    """Worklist groups, in the order a nurse reads them."""

    OVERDUE = "overdue"
    TODAY = "today"
    THIS_WEEK = "this_week"


HOSPITAL_STEPS: tuple[Step, ...] = (
    Step.ADMISSION,
    Step.DISCHARGE_READY,
    Step.INFORMATION_EXCHANGE,
)
CHAIN: tuple[Step, ...] = tuple(Step)

#: Steps due "by day k" after the anchor.
DAYS_AFTER_ANCHOR: Mapping[Step, int] = {
    Step.PRIMARY_CONTACT: 3,
    Step.NEEDS_MAPPING: 3,
    Step.GP_VISIT: 14,
    Step.EVALUATION: 28,
}

#: Steps that cannot be done before the anchor they are counted from.
ANCHORED_STEPS: tuple[Step, ...] = (*DAYS_AFTER_ANCHOR, Step.ANNUAL_REVIEW)

#: Anchored steps that may be done before the anchor: the allocation office appoints the
#: primary contact while the user is still in hospital or waiting for services; the day-3
#: deadline is the latest day, and an appointment made earlier is on time.
APPOINTED_IN_ADVANCE: tuple[Step, ...] = (Step.PRIMARY_CONTACT,)

#: Bokmål names for records sent to other systems (FHIR titles, stored message notes).
#: Pages, e-mails and rule messages use the translated ``choices.StepChoice`` labels.
STEP_LABELS: Mapping[Step, str] = {
    Step.ADMISSION: "Innleggelse",
    Step.DISCHARGE_READY: "Utskrivningsklar",
    Step.INFORMATION_EXCHANGE: "Informasjonsutveksling",
    Step.HOME_SERVICES_START: "Oppstart av hjemmetjenester",
    Step.PRIMARY_CONTACT: "Primærkontakt oppnevnt",
    Step.NEEDS_MAPPING: "Kartlegging av behov",
    Step.GP_VISIT: "Besøk hos fastlege",
    Step.EVALUATION: "Evaluering av planen",
    Step.ANNUAL_REVIEW: "Årlig gjennomgang",
}

START_TYPE_LABELS: Mapping[StartType, str] = {
    StartType.HOSPITAL_DISCHARGE: "utskrivning fra sykehus",
    StartType.MUNICIPAL: "henvendelse til kommunen",
    StartType.NEW_USER: "ny bruker av hjemmetjenester",
    StartType.ANNUAL_REVIEW: "årlig gjennomgang",
}


# --- facts -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StepRecord:
    """What staff recorded for one step.

    ``done_at`` (a timezone-aware datetime) is used for ``discharge_ready``; the other
    steps use ``done_on``. ``not_applicable`` needs a ``reason``.
    """

    done_on: date | None = None
    done_at: datetime | None = None
    done_by: str = ""
    not_applicable: bool = False
    reason: str = ""

    @property
    def done_date(self) -> date | None:
        """The calendar day the step was done, in Europe/Oslo for timed records."""
        if self.done_at is not None:
            return oslo_date(self.done_at)
        return self.done_on


@dataclass(frozen=True, slots=True)
class IntermediateStay:
    """A stay in an intermediate or short-term unit between hospital and home."""

    start: date
    end: date | None = None
    unit: str = ""


@dataclass(frozen=True)
class PathwayFacts:
    """The recorded facts of one pathway. ``steps`` is keyed by step name."""

    start_type: StartType
    start_date: date
    steps: Mapping[str, StepRecord] = field(default_factory=dict)
    intermediate_stays: tuple[IntermediateStay, ...] = ()
    readmission_on: date | None = None

    def record(self, step: Step) -> StepRecord:
        return self.steps.get(step, _EMPTY_RECORD)

    def done_date(self, step: Step) -> date | None:
        return self.record(step).done_date


_EMPTY_RECORD = StepRecord()


@dataclass(frozen=True, slots=True)
class StepState:
    step: Step
    due: date | None
    status: Status
    done_on: date | None = None
    done_by: str = ""
    reason: str = ""
    days_late: int = 0


# --- date helpers -------------------------------------------------------------------------


def oslo_date(moment: datetime) -> date:
    """The calendar day of ``moment`` in Europe/Oslo (naive = already Oslo wall time)."""
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(OSLO).date()


def add_years(day: date, years: int) -> date:
    """Same day of the month ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def format_date(day: date) -> str:
    """Norwegian short date, e.g. 31.01.2028."""
    return day.strftime("%d.%m.%Y")


# --- the chain ----------------------------------------------------------------------------


def steps_for(start_type: StartType) -> tuple[Step, ...]:
    """The steps in the chain of a start type, in chain order."""
    if start_type == StartType.HOSPITAL_DISCHARGE:
        return CHAIN
    return tuple(step for step in CHAIN if step not in HOSPITAL_STEPS)


def _sorted_stays(facts: PathwayFacts) -> list[IntermediateStay]:
    return sorted(facts.intermediate_stays, key=lambda stay: stay.start)


def home_arrival(facts: PathwayFacts) -> date | None:
    """The day the user comes home from the last intermediate stay, if there was one."""
    stays = _sorted_stays(facts)
    return stays[-1].end if stays else None


def leaves_hospital(facts: PathwayFacts) -> date | None:
    """The day the user leaves hospital: the first stay's start, else the home start."""
    stays = _sorted_stays(facts)
    if stays:
        return stays[0].start
    return facts.done_date(Step.HOME_SERVICES_START)


def anchor(facts: PathwayFacts) -> date | None:
    """Day 0 of the pathway; None until home services have started."""
    started = facts.done_date(Step.HOME_SERVICES_START)
    if started is None:
        return None
    return home_arrival(facts) or started


def pathway_start(facts: PathwayFacts) -> date:
    """The admission date for hospital starts when recorded, otherwise ``start_date``."""
    if facts.start_type == StartType.HOSPITAL_DISCHARGE:
        admitted = facts.done_date(Step.ADMISSION)
        if admitted is not None:
            return admitted
    return facts.start_date


def due_after_anchor(step: Step, anchor_day: date | None) -> date | None:
    """Due date of a step counted from the anchor (None for other steps or no anchor)."""
    if anchor_day is None:
        return None
    if step == Step.ANNUAL_REVIEW:
        return add_years(anchor_day, 1)
    days = DAYS_AFTER_ANCHOR.get(step)
    return None if days is None else anchor_day + timedelta(days=days)


def due_date(step: Step, facts: PathwayFacts) -> date | None:
    """The computed due date of ``step``; None when it has none (yet)."""
    if step == Step.INFORMATION_EXCHANGE:
        return leaves_hospital(facts)
    if step == Step.HOME_SERVICES_START:
        return home_arrival(facts) or facts.done_date(Step.HOME_SERVICES_START)
    return due_after_anchor(step, anchor(facts))


def step_state(step: Step, facts: PathwayFacts, today: date) -> StepState:
    """Status of one step on ``today``."""
    record = facts.record(step)
    due = due_date(step, facts)
    if record.not_applicable:
        return StepState(step, due, Status.NOT_APPLICABLE, reason=record.reason)
    done_on = record.done_date
    if done_on is not None:
        late = _days_after(done_on, due)
        status = Status.DONE_LATE if late > 0 else Status.DONE
        return StepState(step, due, status, done_on, record.done_by, days_late=late)
    late = _days_after(today, due)
    return StepState(step, due, Status.OVERDUE if late > 0 else Status.PENDING, days_late=late)


def _days_after(day: date, due: date | None) -> int:
    if due is None or day <= due:
        return 0
    return (day - due).days


def compute(facts: PathwayFacts, today: date) -> list[StepState]:
    """Every step of the pathway's chain with its due date and status, in chain order."""
    return [step_state(step, facts, today) for step in steps_for(facts.start_type)]


def readmitted_within_window(anchor_day: date | None, readmission_on: date | None) -> bool:
    """A readmission on day 0 to day 30 after the anchor, both ends included."""
    if anchor_day is None or readmission_on is None:
        return False
    return anchor_day <= readmission_on <= readmission_deadline(anchor_day)


def readmission_deadline(anchor_day: date) -> date:
    return anchor_day + timedelta(days=READMISSION_WINDOW_DAYS)


# --- worklists ----------------------------------------------------------------------------


def bucket(state: StepState, today: date) -> Bucket | None:
    """Where an open step goes on today's worklist; None when it is not on it."""
    if state.status not in (Status.PENDING, Status.OVERDUE) or state.due is None:
        return None
    if state.due < today:
        return Bucket.OVERDUE
    if state.due == today:
        return Bucket.TODAY
    if state.due <= today + timedelta(days=WORKLIST_HORIZON_DAYS):
        return Bucket.THIS_WEEK
    return None


def worklist[T](
    items: Iterable[T], today: date, state_of: Callable[[T], StepState]
) -> dict[Bucket, list[T]]:
    """Group items (e.g. pathway + step state pairs) by bucket, each group by due date.

    Every bucket is present in the result, in reading order, possibly empty.
    """
    groups: dict[Bucket, list[T]] = {group: [] for group in Bucket}
    for item in items:
        group = bucket(state_of(item), today)
        if group is not None:
            groups[group].append(item)
    for members in groups.values():
        members.sort(key=lambda item: state_of(item).due or today)
    return groups


# --- validation ---------------------------------------------------------------------------

#: Codes of the order and consistency rules; ``rule_messages`` turns them into text.
UNKNOWN_STEP = "unknown_step"
STEP_NOT_IN_CHAIN = "step_not_in_chain"
REASON_MISSING = "reason_missing"
DONE_AND_NOT_APPLICABLE = "done_and_not_applicable"
TIME_WITHOUT_ZONE = "time_without_zone"
STEP_BEFORE_START = "step_before_start"
READY_BEFORE_ADMISSION = "ready_before_admission"
HOME_BEFORE_READY = "home_before_ready"
HOME_DURING_OPEN_STAY = "home_during_open_stay"
HOME_BEFORE_ARRIVAL = "home_before_arrival"
STEP_BEFORE_ANCHOR = "step_before_anchor"
READMISSION_BEFORE_ANCHOR = "readmission_before_anchor"
STAY_ENDS_BEFORE_IT_STARTS = "stay_ends_before_it_starts"
STAY_BEFORE_START = "stay_before_start"
STAYS_OVERLAP = "stays_overlap"


@dataclass(frozen=True)
class RuleProblem:
    """One broken order or consistency rule: a code and its parameters.

    ``params`` holds dates as ``date`` objects, ``step`` as a step key, ``start_type`` as a
    start type key and ``unit`` as the stay's unit name (possibly empty), for the edge
    (``pathways.rule_messages``) to word in the reader's language.
    """

    code: str
    params: dict = field(default_factory=dict)


def validate(facts: PathwayFacts) -> list[RuleProblem]:
    """Everything wrong with the facts, as codes with parameters; empty when all is well."""
    errors: list[RuleProblem] = []
    chain = steps_for(facts.start_type)
    for name, record in facts.steps.items():
        if name not in CHAIN:
            errors.append(RuleProblem(UNKNOWN_STEP, {"step": name}))
            continue
        step = Step(name)
        if step not in chain:
            errors.append(
                RuleProblem(STEP_NOT_IN_CHAIN, {"step": step, "start_type": facts.start_type})
            )
        if record.not_applicable and not record.reason.strip():
            errors.append(RuleProblem(REASON_MISSING, {"step": step}))
        if record.not_applicable and record.done_date is not None:
            errors.append(RuleProblem(DONE_AND_NOT_APPLICABLE, {"step": step}))
        if record.done_at is not None and record.done_at.tzinfo is None:
            errors.append(RuleProblem(TIME_WITHOUT_ZONE, {"step": step}))
    errors.extend(_order_errors(facts))
    errors.extend(_stay_errors(facts))
    return errors


def _order_errors(facts: PathwayFacts) -> list[RuleProblem]:
    errors: list[RuleProblem] = []
    start = pathway_start(facts)
    for step in steps_for(facts.start_type):
        done = facts.done_date(step)
        if done is not None and done < start:
            errors.append(
                RuleProblem(STEP_BEFORE_START, {"step": step, "day": done, "start": start})
            )
    hospital = facts.start_type == StartType.HOSPITAL_DISCHARGE
    admitted = facts.done_date(Step.ADMISSION)
    ready = facts.done_date(Step.DISCHARGE_READY)
    home = facts.done_date(Step.HOME_SERVICES_START)
    if hospital and _before(ready, admitted):
        errors.append(RuleProblem(READY_BEFORE_ADMISSION, {"day": ready, "admitted": admitted}))
    if hospital and _before(home, ready):
        errors.append(RuleProblem(HOME_BEFORE_READY, {"day": home, "ready": ready}))
    stays = _sorted_stays(facts)
    if home is not None and stays and stays[-1].end is None:
        errors.append(RuleProblem(HOME_DURING_OPEN_STAY, {"day": home}))
    arrival = home_arrival(facts)
    if _before(home, arrival):
        errors.append(RuleProblem(HOME_BEFORE_ARRIVAL, {"day": home, "arrival": arrival}))
    day0 = anchor(facts)
    for step in ANCHORED_STEPS:
        if step in APPOINTED_IN_ADVANCE:
            continue
        done = facts.done_date(step)
        if _before(done, day0):
            errors.append(
                RuleProblem(STEP_BEFORE_ANCHOR, {"step": step, "day": done, "anchor": day0})
            )
    if _before(facts.readmission_on, day0):
        errors.append(
            RuleProblem(READMISSION_BEFORE_ANCHOR, {"day": facts.readmission_on, "anchor": day0})
        )
    return errors


def _before(day: date | None, other: date | None) -> bool:
    return day is not None and other is not None and day < other


def _stay_errors(facts: PathwayFacts) -> list[RuleProblem]:
    errors: list[RuleProblem] = []
    start = pathway_start(facts)
    stays = _sorted_stays(facts)
    for stay in stays:
        if _before(stay.end, stay.start):
            errors.append(
                RuleProblem(
                    STAY_ENDS_BEFORE_IT_STARTS,
                    {"unit": stay.unit, "start": stay.start, "end": stay.end},
                )
            )
        if stay.start < start:
            errors.append(
                RuleProblem(
                    STAY_BEFORE_START, {"unit": stay.unit, "day": stay.start, "start": start}
                )
            )
    for earlier, later in zip(stays, stays[1:], strict=False):
        if earlier.end is None or later.start < earlier.end:
            errors.append(RuleProblem(STAYS_OVERLAP, {"day": later.start}))
    return errors
