"""The indicators in SQL (``indicator_sql``) against the reference in Python.

Random pathways go into the database (Hypothesis, derandomised by the suite profile); the
rows of the SQL query must equal those of the pure rules over ``indicator_facts``
(``indicator_data.compute_python``) for every indicator, group and month: per municipality,
per unit, with units merged, and for all municipalities at once. The data is chosen to hit
the edges of the rules: steps not applicable or done on the deadline day and the day after,
intermediate stays (also two starting the same day, and one without an end), readmissions
on day 0, 30 and 31, timed records just after midnight in Oslo, pathways crossing month
boundaries, closed pathways, and conversations held before the pathway existed.
"""

import random
from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pasientforlop.accounts.choices import OrganisationKind, UnitKind
from pasientforlop.accounts.models import Organisation
from pasientforlop.lib.dates import OSLO
from pasientforlop.pathways import indicator_sql, indicators
from pasientforlop.pathways.indicator_data import compute_python, indicator_facts, pathways_of
from pasientforlop.pathways.models import (
    IntermediateStay,
    Pathway,
    Patient,
    StepRecord,
    WhatMattersConversation,
)
from pasientforlop.whatmatters.models import Conversation, FormVersion, WhatMattersForm

WM = "what_matters_conversation"
BASE = date(2027, 1, 20)  # pathways cross from January into February and March
DEADLINE_OFFSETS = [-2, -1, 0, 1, 2, 3, 4, 13, 14, 15, 27, 28, 29, 30, 31, 40]
offset = st.one_of(st.sampled_from(DEADLINE_OFFSETS), st.integers(-30, 70))
step_value = st.one_of(
    st.none(),
    st.just("na"),
    st.tuples(offset, st.booleans()),  # (days after the anchor, recorded with a time)
)
stay = st.tuples(st.integers(-12, 0), st.one_of(st.none(), st.integers(0, 12)))
pathway_spec = st.fixed_dictionaries(
    {
        "start_type": st.sampled_from(
            ["hospital_discharge", "hospital_discharge", "municipal", "new_user", "annual_review"]
        ),
        "place": st.sampled_from(["a", "a", "a2", "b"]),
        "start": st.integers(-20, 75),
        "home": st.one_of(st.none(), st.tuples(st.integers(0, 20), st.booleans())),
        "stays": st.lists(stay, max_size=2),
        "same_day_stays": st.booleans(),
        "steps": st.fixed_dictionaries(
            {
                "primary_contact": step_value,
                "needs_mapping": step_value,
                "gp_visit": step_value,
                "evaluation": step_value,
                WM: step_value,
            }
        ),
        "ready": st.one_of(st.none(), st.just("na"), st.tuples(st.integers(-15, 0), st.booleans())),
        "readmission": st.one_of(st.none(), offset),
        "closed": st.booleans(),
    }
)
patient_spec = st.fixed_dictionaries(
    {
        "pathways": st.lists(pathway_spec, min_size=1, max_size=3),
        "events": st.lists(st.integers(-90, 90), max_size=3),
        "scored": st.lists(st.integers(-90, 90), max_size=2),
    }
)


def _moment(day: date, timed: bool):
    """A date, or a time just after midnight in Oslo (the day before in UTC)."""
    return datetime.combine(day, time(0, 30), tzinfo=OSLO) if timed else day


def _record(pathway, step, value):
    if isinstance(value, datetime):
        StepRecord.objects.create(pathway=pathway, step=step, done_at=value)
    elif isinstance(value, date):
        StepRecord.objects.create(pathway=pathway, step=step, done_on=value)
    else:
        StepRecord.objects.create(pathway=pathway, step=step, not_applicable=True, reason="Nei")


def build(people, patients, units) -> None:
    version = FormVersion.objects.first()
    for number, spec in enumerate(patients):
        municipality = people.municipality_b if spec["pathways"][0]["place"] == "b" else None
        patient = Patient.objects.create(
            municipality=municipality or people.municipality_a, pseudonym=f"sql-{number}"
        )
        for day in spec["events"]:
            WhatMattersConversation.objects.create(
                patient=patient, held_on=BASE + timedelta(days=day)
            )
        if spec["scored"]:
            form = WhatMattersForm.objects.create(patient=patient, form_version=version)
            for day in spec["scored"]:
                Conversation.objects.create(
                    form=form, held_on=BASE + timedelta(days=day), signed_by_name="Nina"
                )
        for item in spec["pathways"]:
            _pathway(people, patient, item, units)


def _pathway(people, patient, spec, units) -> None:
    unit = units[spec["place"]]
    start = BASE + timedelta(days=spec["start"])
    pathway = Pathway.objects.create(
        patient=patient,
        municipality=unit.parent,
        unit=unit,
        start_type=spec["start_type"],
        start_date=start,
        closed_on=start + timedelta(days=60) if spec["closed"] else None,
    )
    if spec["home"] is None:
        home = None
    else:
        home = start + timedelta(days=spec["home"][0])
        _record(pathway, "home_services_start", _moment(home, spec["home"][1]))
    # Stays before coming home; the anchor is the end of the last one (by start, then id).
    anchor = home or start
    stays = []
    for begin, length in spec["stays"]:
        first = anchor + timedelta(days=begin)
        stays.append((first, None if length is None else first + timedelta(days=length)))
    if spec["same_day_stays"] and stays:
        stays.append((stays[-1][0], stays[-1][0] + timedelta(days=2)))
    for first, end in stays:
        IntermediateStay.objects.create(pathway=pathway, start=first, end=end)
    if stays:
        last = max(range(len(stays)), key=lambda index: (stays[index][0], index))
        anchor = stays[last][1] or anchor
    for step, value in spec["steps"].items():
        if value == "na":
            _record(pathway, step, value)
        elif value is not None:
            _record(pathway, step, _moment(anchor + timedelta(days=value[0]), value[1]))
    if spec["ready"] == "na":
        _record(pathway, "discharge_ready", "na")
    elif spec["ready"] is not None:
        day = anchor + timedelta(days=spec["ready"][0])
        _record(pathway, "discharge_ready", _moment(day, spec["ready"][1]))
    if spec["readmission"] is not None:
        Pathway.objects.filter(pk=pathway.pk).update(
            readmission_on=anchor + timedelta(days=spec["readmission"])
        )


def _units(people):
    second = Organisation.objects.create(
        kind=OrganisationKind.UNIT,
        name="Hjemmetjenesten A2",
        parent=people.municipality_a,
        unit_kind=UnitKind.HOME_SERVICES,
    )
    return {"a": people.unit_a, "a2": second, "b": people.unit_b}


def _month(offset_months: int) -> date:
    index = BASE.year * 12 + BASE.month - 1 + offset_months
    return date(index // 12, index % 12 + 1, 1)


def check_all_scopes(people, units, report_date, first, last) -> int:
    """Compare every scope; returns the number of rows compared."""
    compared = 0
    for municipality, unit in (
        (people.municipality_a, None),
        (people.municipality_a, units["a"]),
        (people.municipality_a, units["a2"]),
        (people.municipality_b, None),
    ):
        expected = compute_python(municipality, unit, first, last, report_date)
        got = indicator_sql.compute(municipality, unit, first, last, report_date)
        assert got == expected, (municipality.name, unit and unit.name)
        compared += len(got)
    # Units merged (the improvement measures' grouping).
    pathways = pathways_of(people.municipality_a, None, last)
    expected = indicators.compute_indicators(
        indicator_facts(pathways), report_date, months=(first, last), by_unit=False
    )
    got = indicator_sql.compute_pathways(pathways, report_date, (first, last), by_unit=False)
    assert got == expected
    # All municipalities in one query (the national figures).
    national = indicator_sql.grouped(
        Pathway.objects.filter(start_date__lt=indicator_sql.following_month(last)),
        report_date,
        first,
        last,
        by_municipality=True,
    )
    for municipality in (people.municipality_a, people.municipality_b):
        assert indicator_sql.rows_of(
            {key: value for key, value in national.items() if key[0] == municipality.pk}
        ) == compute_python(municipality, None, first, last, report_date)
    assert {key[0] for key in national} <= {people.municipality_a.pk, people.municipality_b.pk}
    return compared


@given(
    patients=st.lists(patient_spec, min_size=1, max_size=5),
    report=st.one_of(st.integers(-5, 120), st.sampled_from([0, 3, 4, 14, 28, 29, 30, 31])),
    months=st.tuples(st.integers(-2, 1), st.integers(0, 4)),
)
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_sql_equals_the_python_reference_on_random_pathways(people, patients, report, months):
    report_date = BASE + timedelta(days=report)
    first, last = _month(months[0]), _month(months[0] + months[1])
    with transaction.atomic():
        units = _units(people)
        build(people, patients, units)
        check_all_scopes(people, units, report_date, first, last)
        transaction.set_rollback(True)


@pytest.mark.parametrize("seed", range(4))
def test_sql_equals_the_python_reference_on_many_pathways(people, seed):
    """Many pathways at once (seeded random data of the same shape), each data set read on
    report dates at and around the deadlines of its own anchors."""
    rng = random.Random(seed)
    patients = [_random_patient(rng) for _ in range(60)]
    units = _units(people)
    build(people, patients, units)
    anchors = sorted(
        {fact.anchor for fact in indicator_facts(Pathway.objects.all()) if fact.anchor}
    )
    assert len(anchors) > 10
    compared = 0
    for _ in range(8):
        anchor = rng.choice(anchors)
        report_date = anchor + timedelta(days=rng.choice([0, 3, 4, 14, 15, 28, 29, 30, 31, 90]))
        first = _month(rng.randint(-2, 1))
        last = _month(rng.randint(1, 4))
        compared += check_all_scopes(people, units, report_date, first, last)
    assert compared > 100


def _random_value(rng, low=-30, high=70):
    return rng.choice(DEADLINE_OFFSETS) if rng.random() < 0.6 else rng.randint(low, high)


def _random_step(rng):
    kind = rng.random()
    if kind < 0.2:
        return None
    if kind < 0.3:
        return "na"
    return (_random_value(rng), rng.random() < 0.2)


def _random_pathway(rng) -> dict:
    stays = [
        (rng.randint(-12, 0), None if rng.random() < 0.15 else rng.randint(0, 12))
        for _ in range(rng.choice([0, 0, 1, 2]))
    ]
    ready = rng.random()
    return {
        "start_type": rng.choice(
            ["hospital_discharge", "hospital_discharge", "municipal", "new_user", "annual_review"]
        ),
        "place": rng.choice(["a", "a", "a2", "b"]),
        "start": rng.randint(-20, 75),
        "home": None if rng.random() < 0.15 else (rng.randint(0, 20), rng.random() < 0.2),
        "stays": stays,
        "same_day_stays": rng.random() < 0.2,
        "steps": {
            step: _random_step(rng)
            for step in ("primary_contact", "needs_mapping", "gp_visit", "evaluation", WM)
        },
        "ready": None
        if ready < 0.2
        else "na"
        if ready < 0.3
        else (rng.randint(-15, 0), rng.random() < 0.5),
        "readmission": None if rng.random() < 0.4 else _random_value(rng),
        "closed": rng.random() < 0.3,
    }


def _random_patient(rng) -> dict:
    return {
        "pathways": [_random_pathway(rng) for _ in range(rng.choice([1, 1, 2, 3]))],
        "events": [rng.randint(-90, 90) for _ in range(rng.choice([0, 0, 1, 3]))],
        "scored": [rng.randint(-90, 90) for _ in range(rng.choice([0, 0, 1, 2]))],
    }


# --- fixed cases at the edges, each of which the random search may miss -----------------


@pytest.fixture
def units(people):
    return _units(people)


def _rows(people, report_date, first=date(2026, 12, 1), last=date(2027, 6, 1)):
    rows = indicator_sql.compute(people.municipality_a, None, first, last, report_date)
    assert rows == compute_python(people.municipality_a, None, first, last, report_date)
    return {
        (row.month, str(row.indicator)): (
            (row.value, row.count)
            if row.indicator in indicators.VALUE_INDICATORS
            else (row.numerator, row.denominator)
        )
        for row in rows
    }


def _spec(**overrides):
    spec = {
        "start_type": "hospital_discharge",
        "place": "a",
        "start": 0,
        "home": (11, False),  # 31 January 2027
        "stays": [],
        "same_day_stays": False,
        "steps": dict.fromkeys(["primary_contact", "needs_mapping", "gp_visit", "evaluation", WM]),
        "ready": None,
        "readmission": None,
        "closed": False,
    }
    spec.update(overrides)
    return spec


def test_steps_on_the_deadline_day_count_and_the_day_after_does_not(people, units):
    patient = Patient.objects.create(municipality=people.municipality_a, pseudonym="edge")
    steps = _spec()["steps"] | {"needs_mapping": (3, False), "gp_visit": (15, True)}
    _pathway(people, patient, _spec(steps=steps), units)
    rows = _rows(people, date(2027, 4, 1))
    assert rows[("2027-01", "needs_mapping_by_day_3")] == (1, 1)
    assert rows[("2027-01", "gp_visit_by_day_14")] == (0, 1)


def test_the_end_of_the_last_stay_is_the_anchor_also_in_the_month_before(people, units):
    patient = Patient.objects.create(municipality=people.municipality_a, pseudonym="stay")
    # Home services start on 3 February; the last stay ended on 30 January.
    _pathway(people, patient, _spec(home=(14, False), stays=[(-5, 1), (-10, 3)]), units)
    rows = _rows(people, date(2027, 4, 1))
    assert {month for month, _indicator in rows} == {"2027-01"}


def test_a_conversation_before_the_pathway_counts_and_not_applicable_excludes(people, units):
    first = Patient.objects.create(municipality=people.municipality_a, pseudonym="talked")
    WhatMattersConversation.objects.create(patient=first, held_on=date(2026, 6, 1))
    _pathway(people, first, _spec(), units)
    second = Patient.objects.create(municipality=people.municipality_a, pseudonym="declined")
    steps = _spec()["steps"] | {WM: "na"}
    WhatMattersConversation.objects.create(patient=second, held_on=date(2027, 2, 1))
    _pathway(people, second, _spec(steps=steps), units)
    assert _rows(people, date(2027, 4, 1))[("2027-01", "what_matters_by_day_28")] == (1, 1)


def test_readmission_on_day_30_counts_and_day_31_does_not(people, units):
    for number, day in enumerate((30, 31)):
        patient = Patient.objects.create(municipality=people.municipality_a, pseudonym=f"r{number}")
        _pathway(people, patient, _spec(readmission=day, ready=(-2, True)), units)
    rows = _rows(people, date(2027, 4, 1))
    assert rows[("2027-01", "readmission_within_30_days")] == (1, 2)
    assert rows[("2027-01", "median_days_discharge_ready_to_home")] == (2.0, 2)


def test_the_indicators_are_one_query(people, units):
    patient = Patient.objects.create(municipality=people.municipality_a, pseudonym="one")
    _pathway(people, patient, _spec(), units)
    with CaptureQueriesContext(connection) as captured:
        rows = indicator_sql.compute(
            people.municipality_a, None, date(2027, 1, 1), date(2027, 3, 1), date(2027, 4, 1)
        )
    assert len(rows) == len(indicators.Indicator)
    # Savepoints and PostgreSQL's SET LOCAL aside, one statement reads the data.
    reads = [q["sql"] for q in captured.captured_queries if "FROM" in q["sql"].upper()]
    assert len(reads) == 1
