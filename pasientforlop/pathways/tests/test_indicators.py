from datetime import date, timedelta

import pytest

from pasientforlop.pathways.deadlines import StartType, Step
from pasientforlop.pathways.indicators import (
    RATIO_INDICATORS,
    STEP_INDICATORS,
    Indicator,
    IndicatorFacts,
    IndicatorRow,
    compute_indicators,
    month_key,
    to_json_rows,
)

ANCHOR = date(2028, 1, 31)
LATE_REPORT = date(2028, 6, 1)
UNIT = "Hjemmetjenesten sone 1"
MEDIAN = Indicator.MEDIAN_DAYS_DISCHARGE_READY_TO_HOME
READMISSION = Indicator.READMISSION_WITHIN_30_DAYS

DAYS = {
    Indicator.NEEDS_MAPPING_BY_DAY_3: 3,
    Indicator.PRIMARY_CONTACT_BY_DAY_3: 3,
    Indicator.GP_VISIT_BY_DAY_14: 14,
    Indicator.EVALUATION_BY_DAY_28: 28,
    Indicator.WHAT_MATTERS_BY_DAY_28: 28,
}


def pathway(
    pathway_id: int = 1,
    anchor: date | None = ANCHOR,
    unit: str = UNIT,
    start_type: StartType = StartType.MUNICIPAL,
    **fields,
) -> IndicatorFacts:
    return IndicatorFacts(pathway_id, unit, start_type, anchor, **fields)


def hospital(pathway_id: int = 1, anchor: date | None = ANCHOR, **fields) -> IndicatorFacts:
    return pathway(pathway_id, anchor, start_type=StartType.HOSPITAL_DISCHARGE, **fields)


def with_done(indicator: Indicator, day: date | None, **fields) -> IndicatorFacts:
    """A pathway where the indicator's step (or first conversation) happened on ``day``."""
    if indicator == Indicator.WHAT_MATTERS_BY_DAY_28:
        return pathway(what_matters_first_on=day, **fields)
    done = {} if day is None else {STEP_INDICATORS[indicator]: day}
    return pathway(done=done, **fields)


def ratio(rows: list[IndicatorRow], indicator: Indicator, unit: str | None = UNIT, month=None):
    """(numerator, denominator) of one row."""
    [row] = [
        r
        for r in rows
        if r.indicator == indicator and r.unit == unit and (month is None or r.month == month)
    ]
    return row.numerator, row.denominator


def median(rows: list[IndicatorRow], unit: str | None = UNIT):
    [row] = [r for r in rows if r.indicator == MEDIAN and r.unit == unit]
    return row.value, row.count


def deadline(indicator: Indicator) -> date:
    return ANCHOR + timedelta(days=DAYS[indicator])


ON_TIME_INDICATORS = list(DAYS)


# --- the "by day k" indicators -------------------------------------------------------------


@pytest.mark.parametrize("indicator", ON_TIME_INDICATORS)
def test_it_leaves_a_pending_step_out_while_the_deadline_is_the_report_date(indicator):
    rows = compute_indicators([with_done(indicator, None)], report_date=deadline(indicator))
    assert ratio(rows, indicator) == (0, 0)


@pytest.mark.parametrize("indicator", ON_TIME_INDICATORS)
def test_it_counts_a_pending_step_missed_once_the_deadline_has_passed(indicator):
    report = deadline(indicator) + timedelta(days=1)
    rows = compute_indicators([with_done(indicator, None)], report_date=report)
    assert ratio(rows, indicator) == (0, 1)


@pytest.mark.parametrize("indicator", ON_TIME_INDICATORS)
def test_it_counts_a_step_done_on_the_deadline_in_the_numerator(indicator):
    rows = compute_indicators([with_done(indicator, deadline(indicator))], LATE_REPORT)
    assert ratio(rows, indicator) == (1, 1)


@pytest.mark.parametrize("indicator", ON_TIME_INDICATORS)
def test_it_counts_a_step_done_after_the_deadline_in_the_denominator_only(indicator):
    late = deadline(indicator) + timedelta(days=1)
    rows = compute_indicators([with_done(indicator, late)], LATE_REPORT)
    assert ratio(rows, indicator) == (0, 1)


@pytest.mark.parametrize("indicator", ON_TIME_INDICATORS)
def test_it_counts_a_step_done_early_before_its_deadline_has_passed(indicator):
    rows = compute_indicators([with_done(indicator, ANCHOR)], report_date=ANCHOR)
    assert ratio(rows, indicator) == (1, 1)


@pytest.mark.parametrize("indicator", list(STEP_INDICATORS))
def test_it_excludes_a_step_marked_not_applicable(indicator):
    step = STEP_INDICATORS[indicator]
    fact = pathway(done={step: ANCHOR}, not_applicable=frozenset({step}))
    assert ratio(compute_indicators([fact], LATE_REPORT), indicator) == (0, 0)


def test_it_excludes_only_the_step_that_is_not_applicable():
    fact = pathway(not_applicable=frozenset({Step.GP_VISIT}))
    rows = compute_indicators([fact], LATE_REPORT)
    assert ratio(rows, Indicator.GP_VISIT_BY_DAY_14) == (0, 0)
    assert ratio(rows, Indicator.EVALUATION_BY_DAY_28) == (0, 1)


def test_it_counts_a_what_matters_conversation_held_before_the_anchor():
    fact = pathway(what_matters_first_on=ANCHOR - timedelta(days=5))
    rows = compute_indicators([fact], ANCHOR)
    assert ratio(rows, Indicator.WHAT_MATTERS_BY_DAY_28) == (1, 1)


def test_it_treats_a_date_after_the_report_date_as_not_yet_done():
    fact = pathway(done={Step.GP_VISIT: date(2028, 2, 10)})
    rows = compute_indicators([fact], report_date=date(2028, 2, 9))
    assert ratio(rows, Indicator.GP_VISIT_BY_DAY_14) == (0, 0)
    rows = compute_indicators([fact], report_date=date(2028, 2, 20))
    assert ratio(rows, Indicator.GP_VISIT_BY_DAY_14) == (1, 1)


def test_it_adds_up_several_pathways():
    facts = [
        pathway(1, done={Step.NEEDS_MAPPING: ANCHOR}),
        pathway(2, done={Step.NEEDS_MAPPING: ANCHOR + timedelta(days=4)}),
        pathway(3),
        pathway(4, done={Step.NEEDS_MAPPING: ANCHOR + timedelta(days=3)}),
        pathway(5, not_applicable=frozenset({Step.NEEDS_MAPPING})),
    ]
    rows = compute_indicators(facts, LATE_REPORT)
    assert ratio(rows, Indicator.NEEDS_MAPPING_BY_DAY_3) == (2, 4)


# --- pathways without an anchor ------------------------------------------------------------


def test_it_counts_a_pathway_without_an_anchor_in_no_indicator():
    fact = hospital(anchor=None, readmission_on=ANCHOR, discharge_ready_on=ANCHOR)
    assert compute_indicators([fact], LATE_REPORT) == []


def test_it_ignores_an_anchor_after_the_report_date():
    assert compute_indicators([pathway(anchor=date(2028, 7, 1))], LATE_REPORT) == []


# --- grouping ------------------------------------------------------------------------------


def test_it_emits_every_indicator_for_a_month_and_unit_with_pathways():
    rows = compute_indicators([pathway()], report_date=ANCHOR)
    assert [r.indicator for r in rows] == list(Indicator)
    assert {r.month for r in rows} == {"2028-01"}
    assert all((r.numerator, r.denominator) == (0, 0) for r in rows if r.indicator != MEDIAN)
    assert median(rows) == (None, 0)


def test_it_groups_by_anchor_month_with_the_31st_in_its_own_month():
    facts = [pathway(1, anchor=date(2028, 1, 31)), pathway(2, anchor=date(2028, 2, 1))]
    rows = compute_indicators(facts, LATE_REPORT)
    assert ratio(rows, Indicator.GP_VISIT_BY_DAY_14, month="2028-01") == (0, 1)
    assert ratio(rows, Indicator.GP_VISIT_BY_DAY_14, month="2028-02") == (0, 1)


def test_it_groups_across_the_change_of_year():
    facts = [pathway(1, anchor=date(2027, 12, 31)), pathway(2, anchor=date(2028, 1, 1))]
    rows = compute_indicators(facts, LATE_REPORT)
    assert [r.month for r in rows if r.indicator == MEDIAN] == ["2027-12", "2028-01"]


def test_it_keeps_units_apart_and_sorted():
    facts = [
        pathway(1, unit="Sone B", done={Step.GP_VISIT: ANCHOR}),
        pathway(2, unit="Sone A"),
        pathway(3, unit="Sone B"),
    ]
    rows = compute_indicators(facts, LATE_REPORT)
    assert [r.unit for r in rows if r.indicator == MEDIAN] == ["Sone A", "Sone B"]
    assert ratio(rows, Indicator.GP_VISIT_BY_DAY_14, unit="Sone A") == (0, 1)
    assert ratio(rows, Indicator.GP_VISIT_BY_DAY_14, unit="Sone B") == (1, 2)


def test_it_pools_all_units_when_not_by_unit():
    facts = [pathway(1, unit="Sone A", done={Step.GP_VISIT: ANCHOR}), pathway(2, unit="Sone B")]
    rows = compute_indicators(facts, LATE_REPORT, by_unit=False)
    assert {r.unit for r in rows} == {None}
    assert ratio(rows, Indicator.GP_VISIT_BY_DAY_14, unit=None) == (1, 2)


@pytest.mark.parametrize(
    "months",
    [("2028-01", "2028-02"), (date(2028, 1, 15), date(2028, 2, 1))],
)
def test_it_keeps_only_the_months_asked_for_inclusive(months):
    facts = [
        pathway(1, anchor=date(2027, 12, 31)),
        pathway(2, anchor=date(2028, 1, 1)),
        pathway(3, anchor=date(2028, 2, 29)),
        pathway(4, anchor=date(2028, 3, 1)),
    ]
    rows = compute_indicators(facts, LATE_REPORT, months=months)
    assert sorted({r.month for r in rows}) == ["2028-01", "2028-02"]


def test_it_formats_month_keys_with_four_digit_years():
    assert month_key(date(999, 3, 1)) == "0999-03"


# --- readmission ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_after", "expected"),
    [(0, (1, 1)), (30, (1, 1)), (31, (0, 1))],
)
def test_it_counts_readmissions_up_to_and_including_day_30(days_after, expected):
    fact = hospital(readmission_on=ANCHOR + timedelta(days=days_after))
    rows = compute_indicators([fact], LATE_REPORT)
    assert ratio(rows, READMISSION) == expected


def test_it_counts_a_readmission_before_the_window_has_closed():
    fact = hospital(readmission_on=ANCHOR + timedelta(days=2))
    rows = compute_indicators([fact], report_date=ANCHOR + timedelta(days=5))
    assert ratio(rows, READMISSION) == (1, 1)


def test_it_waits_until_day_30_has_passed_before_counting_no_readmission():
    day_30 = ANCHOR + timedelta(days=30)
    assert ratio(compute_indicators([hospital()], report_date=day_30), READMISSION) == (0, 0)
    next_day = day_30 + timedelta(days=1)
    assert ratio(compute_indicators([hospital()], report_date=next_day), READMISSION) == (0, 1)


def test_it_ignores_a_readmission_before_the_anchor():
    fact = hospital(readmission_on=ANCHOR - timedelta(days=1))
    assert ratio(compute_indicators([fact], LATE_REPORT), READMISSION) == (0, 1)


@pytest.mark.parametrize("start_type", [s for s in StartType if s != StartType.HOSPITAL_DISCHARGE])
def test_it_counts_readmissions_for_hospital_starts_only(start_type):
    fact = pathway(start_type=start_type, readmission_on=ANCHOR, discharge_ready_on=ANCHOR)
    rows = compute_indicators([fact], LATE_REPORT)
    assert ratio(rows, READMISSION) == (0, 0)
    assert median(rows) == (None, 0)


# --- median days from discharge-ready to home ------------------------------------------------


def ready_days_before(pathway_id: int, days: int) -> IndicatorFacts:
    return hospital(pathway_id, discharge_ready_on=ANCHOR - timedelta(days=days))


def test_it_takes_the_middle_value_of_an_odd_count():
    facts = [ready_days_before(1, 5), ready_days_before(2, 0), ready_days_before(3, 2)]
    assert median(compute_indicators(facts, LATE_REPORT)) == (2.0, 3)


def test_it_takes_the_mean_of_the_middle_two_of_an_even_count():
    facts = [ready_days_before(i, d) for i, d in enumerate([1, 4, 2, 3])]
    assert median(compute_indicators(facts, LATE_REPORT)) == (2.5, 4)


def test_it_has_no_median_without_a_discharge_ready_date():
    rows = compute_indicators([hospital()], LATE_REPORT)
    assert median(rows) == (None, 0)


def test_it_counts_discharge_ready_across_the_month_by_the_anchor_month():
    fact = hospital(anchor=date(2028, 2, 1), discharge_ready_on=date(2028, 1, 30))
    rows = compute_indicators([fact], LATE_REPORT)
    assert [(r.month, r.value) for r in rows if r.indicator == MEDIAN] == [("2028-02", 2.0)]


# --- output ----------------------------------------------------------------------------------


def test_it_gives_json_rows_with_numerator_and_denominator_or_value_and_count():
    facts = [
        hospital(1, done={Step.NEEDS_MAPPING: ANCHOR}, discharge_ready_on=ANCHOR),
        hospital(2, discharge_ready_on=ANCHOR - timedelta(days=3)),
    ]
    rows = to_json_rows(compute_indicators(facts, LATE_REPORT))
    assert rows[0] == {
        "month": "2028-01",
        "unit": UNIT,
        "indicator": "needs_mapping_by_day_3",
        "numerator": 1,
        "denominator": 2,
    }
    assert rows[-1] == {
        "month": "2028-01",
        "unit": UNIT,
        "indicator": "median_days_discharge_ready_to_home",
        "value": 1.5,
        "count": 2,
    }
    assert len(rows) == len(RATIO_INDICATORS) + 1


def test_it_reads_the_facts_once_so_a_generator_will_do():
    facts = (pathway(i, done={Step.GP_VISIT: ANCHOR}) for i in range(1000))
    rows = compute_indicators(facts, LATE_REPORT)
    assert ratio(rows, Indicator.GP_VISIT_BY_DAY_14) == (1000, 1000)
