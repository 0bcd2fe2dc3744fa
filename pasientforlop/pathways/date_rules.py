"""The date rules every way of entering pathway dates goes through (pure, no Django).

Pages, the JSON API, the CSV import and the FHIR import all check the dates a person or a
record system gives against the same rules, here, and show the same messages: the rules
return codes with parameters, and ``pathways.rule_messages`` turns them into translated
text at the edge.

* Something done has happened: a step done, a stay, a readmission or a "what matters"
  conversation cannot be dated after today (Europe/Oslo, passed in as ``today``).
* A readmission comes after the user left hospital: not before the discharge (the start
  of the first stay, else the home services start) — hospital starts only.
* Dates that are plans may lie in the future: the planned start of home services and the
  next review (``PLAN_FIELDS``); they are never checked against today.

The ordering rules (no step before the pathway start, stays inside the pathway, steps after
the anchor, readmission not before home services started) live in ``deadlines.validate``,
which every entry point runs together with these (``rule_messages.pathway_messages``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from pasientforlop.pathways import deadlines

DONE_AFTER_TODAY = "done_after_today"
STAY_AFTER_TODAY = "stay_after_today"
READMISSION_AFTER_TODAY = "readmission_after_today"
READMISSION_BEFORE_DISCHARGE = "readmission_before_discharge"

CODES = (DONE_AFTER_TODAY, STAY_AFTER_TODAY, READMISSION_AFTER_TODAY, READMISSION_BEFORE_DISCHARGE)
#: Fields that hold plans: future dates are allowed there.
PLAN_FIELDS = frozenset({"planned_start", "next_review"})


@dataclass(frozen=True)
class DateProblem:
    """One broken date rule: a code from ``CODES`` and its parameters.

    ``params`` holds dates as ``date`` objects and ``step`` as a step key (a
    ``deadlines.Step`` value or ``"what_matters_conversation"``), for the edge to format.
    """

    code: str
    params: dict = field(default_factory=dict)


def done_date(step: str, day: date | None, today: date) -> list[DateProblem]:
    """A date something was done on: not after today."""
    if day is not None and day > today:
        return [DateProblem(DONE_AFTER_TODAY, {"step": step, "day": day, "today": today})]
    return []


def check(
    facts: deadlines.PathwayFacts,
    today: date,
    events: Iterable[tuple[str, date]] = (),
) -> list[DateProblem]:
    """Every date rule broken by ``facts`` as known on ``today``.

    ``events`` are further things done, as (step key, date), that are not chain steps, such
    as "what matters" conversations.
    """
    problems: list[DateProblem] = []
    for step in deadlines.CHAIN:
        record = facts.steps.get(step)
        if record is not None and not record.not_applicable:
            problems += done_date(step, record.done_date, today)
    for step, day in events:
        problems += done_date(step, day, today)
    for stay in sorted(facts.intermediate_stays, key=lambda s: s.start):
        for day in (stay.start, stay.end):
            if day is not None and day > today:
                problems.append(DateProblem(STAY_AFTER_TODAY, {"day": day, "today": today}))
                break
    readmission = facts.readmission_on
    if readmission is not None:
        if readmission > today:
            problems.append(
                DateProblem(READMISSION_AFTER_TODAY, {"day": readmission, "today": today})
            )
        discharge = (
            deadlines.leaves_hospital(facts)
            if facts.start_type == deadlines.StartType.HOSPITAL_DISCHARGE
            else None
        )
        if discharge is not None and readmission < discharge:
            problems.append(
                DateProblem(
                    READMISSION_BEFORE_DISCHARGE, {"day": readmission, "discharge": discharge}
                )
            )
    return problems
