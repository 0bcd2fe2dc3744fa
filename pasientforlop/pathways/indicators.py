"""Pathway indicators per anchor month and unit (pure rules, no Django).

Each pathway is grouped by the month of its anchor (``home_services_start``, day 0) and by
its unit. Pathways without an anchor count in no indicator and make no month appear.

Ratio indicators (numerator / denominator):

* ``needs_mapping_by_day_3``, ``primary_contact_by_day_3``, ``gp_visit_by_day_14``,
  ``evaluation_by_day_28``: the deadline is ``anchor + k`` days. A pathway is in the
  denominator when the step is not ``not_applicable`` and it is either done or its
  deadline is before the report date (``deadline < report_date``); the numerator counts
  those done on or before the deadline.
* ``what_matters_by_day_28``: the user's first "what matters" conversation held on or
  before ``anchor + 28``, same denominator rule. Conversations are events; the first one
  counts wherever and whenever it was recorded, also one held before the anchor (in
  hospital or during an intermediate stay) or before the pathway existed. A pathway whose
  conversation step is ``not_applicable`` is not in the denominator.
* ``readmission_within_30_days``: hospital starts only. Numerator: readmitted on day 0 to
  day 30 after the anchor (day 30 included). Denominator: hospital starts readmitted
  within that window, or with ``anchor + 30 < report_date``.

Value indicator:

* ``median_days_discharge_ready_to_home``: median of (anchor - discharge-ready date) in
  days over hospital starts with both dates (the discharge-ready date is the Oslo calendar
  day). An even count gives the mean of the middle two (a float, e.g. 2.5). Rows carry
  ``value`` (None when nothing qualifies) and ``count``.

Choices where the spec was silent:

* A date after the report date is not known on the report date: a step, conversation or
  readmission dated after ``report_date`` counts as not (yet) done, and a pathway whose
  anchor is after ``report_date`` has no anchor yet. Reports for a past date are therefore
  reproducible.
* Only months (and units) with at least one anchored pathway appear; such a group gets a
  row for every indicator, with 0/0 (or value None, count 0) where nothing qualifies.
* ``months`` is an inclusive ``(first, last)`` pair of ``"YYYY-MM"`` strings or dates.
* ``by_unit=False`` puts every pathway in one group per month with ``unit = None``.
* Rows come sorted by month, then unit, then indicator in the order of :class:`Indicator`.
* The computation is one linear pass over the facts with dict accumulators; only the
  median sorts its own per-group values.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from pasientforlop.pathways.deadlines import (
    DAYS_AFTER_ANCHOR,
    StartType,
    Step,
    readmission_deadline,
    readmitted_within_window,
)

WHAT_MATTERS_DAYS = 28


class Indicator(StrEnum):
    NEEDS_MAPPING_BY_DAY_3 = "needs_mapping_by_day_3"
    PRIMARY_CONTACT_BY_DAY_3 = "primary_contact_by_day_3"
    GP_VISIT_BY_DAY_14 = "gp_visit_by_day_14"
    EVALUATION_BY_DAY_28 = "evaluation_by_day_28"
    WHAT_MATTERS_BY_DAY_28 = "what_matters_by_day_28"
    READMISSION_WITHIN_30_DAYS = "readmission_within_30_days"
    MEDIAN_DAYS_DISCHARGE_READY_TO_HOME = "median_days_discharge_ready_to_home"


#: The step behind each "step done by day k" indicator.
STEP_INDICATORS: dict[Indicator, Step] = {
    Indicator.NEEDS_MAPPING_BY_DAY_3: Step.NEEDS_MAPPING,
    Indicator.PRIMARY_CONTACT_BY_DAY_3: Step.PRIMARY_CONTACT,
    Indicator.GP_VISIT_BY_DAY_14: Step.GP_VISIT,
    Indicator.EVALUATION_BY_DAY_28: Step.EVALUATION,
}
#: (indicator, step, days to the deadline), precomputed for the hot loop.
_STEP_DEADLINES = tuple(
    (indicator, step, timedelta(days=DAYS_AFTER_ANCHOR[step]))
    for indicator, step in STEP_INDICATORS.items()
)
_WHAT_MATTERS_OFFSET = timedelta(days=WHAT_MATTERS_DAYS)
VALUE_INDICATORS = (Indicator.MEDIAN_DAYS_DISCHARGE_READY_TO_HOME,)
RATIO_INDICATORS = tuple(ind for ind in Indicator if ind not in VALUE_INDICATORS)


@dataclass(frozen=True, slots=True)
class IndicatorFacts:
    """The few facts of one pathway that the indicators need.

    ``done`` maps a step to the date it was done; ``not_applicable`` holds the steps staff
    marked as not applicable. ``anchor`` is the home_services_start anchor (None if none).
    """

    pathway_id: int | str
    unit: str
    start_type: StartType
    anchor: date | None
    done: Mapping[Step, date] = field(default_factory=dict)
    not_applicable: frozenset[Step] = frozenset()
    what_matters_first_on: date | None = None
    what_matters_not_applicable: bool = False
    readmission_on: date | None = None
    discharge_ready_on: date | None = None


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    month: str
    unit: str | None
    indicator: Indicator
    numerator: int | None = None
    denominator: int | None = None
    value: float | None = None
    count: int | None = None


class _Group:
    __slots__ = ("ratios", "days")

    def __init__(self) -> None:
        self.ratios: dict[Indicator, list[int]] = {ind: [0, 0] for ind in RATIO_INDICATORS}
        self.days: list[int] = []

    def count(self, indicator: Indicator, *, met: bool) -> None:
        pair = self.ratios[indicator]
        pair[0] += met
        pair[1] += 1


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _as_month(value: str | date) -> str:
    return month_key(value) if isinstance(value, date) else value


def compute_indicators(
    facts: Iterable[IndicatorFacts],
    report_date: date,
    months: tuple[str | date, str | date] | None = None,
    by_unit: bool = True,
) -> list[IndicatorRow]:
    """Indicator rows per anchor month (and unit) as known on ``report_date``."""
    first, last = (_as_month(months[0]), _as_month(months[1])) if months else (None, None)
    groups: dict[tuple[str, str | None], _Group] = {}
    for fact in facts:
        anchor = _known(fact.anchor, report_date)
        if anchor is None:
            continue
        month = month_key(anchor)
        if (first and month < first) or (last and month > last):
            continue
        key = (month, fact.unit if by_unit else None)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group()
        _add(group, fact, anchor, report_date)
    return [
        row
        for (month, unit) in sorted(groups, key=lambda key: (key[0], key[1] or ""))
        for row in _rows(month, unit, groups[(month, unit)])
    ]


def _known(day: date | None, report_date: date) -> date | None:
    return day if day is not None and day <= report_date else None


def _count_by_deadline(
    group: _Group, indicator: Indicator, done: date | None, deadline: date, report_date: date
) -> None:
    if done is not None or deadline < report_date:
        group.count(indicator, met=done is not None and done <= deadline)


def _add(group: _Group, fact: IndicatorFacts, anchor: date, report_date: date) -> None:
    for indicator, step, offset in _STEP_DEADLINES:
        if step in fact.not_applicable:
            continue
        done = _known(fact.done.get(step), report_date)
        _count_by_deadline(group, indicator, done, anchor + offset, report_date)
    if not fact.what_matters_not_applicable:
        conversation = _known(fact.what_matters_first_on, report_date)
        deadline = anchor + _WHAT_MATTERS_OFFSET
        _count_by_deadline(
            group, Indicator.WHAT_MATTERS_BY_DAY_28, conversation, deadline, report_date
        )
    if fact.start_type != StartType.HOSPITAL_DISCHARGE:
        return
    readmitted = readmitted_within_window(anchor, _known(fact.readmission_on, report_date))
    if readmitted or readmission_deadline(anchor) < report_date:
        group.count(Indicator.READMISSION_WITHIN_30_DAYS, met=readmitted)
    if fact.discharge_ready_on is not None:
        group.days.append((anchor - fact.discharge_ready_on).days)


def _rows(month: str, unit: str | None, group: _Group) -> list[IndicatorRow]:
    rows = [
        IndicatorRow(month, unit, indicator, numerator=num, denominator=den)
        for indicator, (num, den) in group.ratios.items()
    ]
    median = float(statistics.median(group.days)) if group.days else None
    rows.append(
        IndicatorRow(
            month,
            unit,
            Indicator.MEDIAN_DAYS_DISCHARGE_READY_TO_HOME,
            value=median,
            count=len(group.days),
        )
    )
    return rows


def to_json_rows(rows: Iterable[IndicatorRow]) -> list[dict[str, Any]]:
    """Plain dicts for JSON: numerator/denominator, or value/count for the median."""
    result: list[dict[str, Any]] = []
    for row in rows:
        item: dict[str, Any] = {
            "month": row.month,
            "unit": row.unit,
            "indicator": str(row.indicator),
        }
        if row.indicator in VALUE_INDICATORS:
            item.update(value=row.value, count=row.count)
        else:
            item.update(numerator=row.numerator, denominator=row.denominator)
        result.append(item)
    return result
