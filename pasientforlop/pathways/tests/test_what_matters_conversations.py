"""Conversations about what matters as events: the import, and ``what_matters_by_day_28``.

The property test builds random pathways in the database and compares the product's
indicator rows with an implementation of the definitions in ``docs/rules.md`` written here,
independently of ``pathways/indicators.py`` and ``pathways/indicator_data.py``.
"""

import io
from datetime import date, datetime, time, timedelta

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pasientforlop.lib.dates import OSLO
from pasientforlop.pathways.imports import HEADER, import_pathways
from pasientforlop.pathways.indicator_data import compute
from pasientforlop.pathways.models import (
    IntermediateStay,
    Pathway,
    Patient,
    StepRecord,
    WhatMattersConversation,
)
from pasientforlop.pathways.tests.factories import make_pathway
from pasientforlop.whatmatters.models import Conversation, FormVersion, WhatMattersForm

WM = "what_matters_conversation"
ROW = "P1,municipal,4601,Hjemmetjenesten A,{step},{day},{status},{reason}"


def csv_text(rows):
    return ",".join(HEADER) + "\n" + "\n".join(rows) + "\n"


def row(step, day="", status="", reason=""):
    return ROW.format(step=step, day=day, status=status, reason=reason)


def run(rows):
    return import_pathways(io.StringIO(csv_text(rows)))


# --- the import -----------------------------------------------------------------------


def test_the_import_accepts_several_conversations_per_pathway(people):
    report = run(
        [
            row("home_services_start", "2026-01-05"),
            row(WM, "2026-01-12"),
            row(WM, "2026-01-02"),  # in hospital, before the pathway's first date
            row(WM, "2026-02-20"),
            row(WM, "2026-01-12"),  # the same conversation listed twice
        ]
    )
    assert report.errors == [] and report.imported
    pathway = Pathway.objects.get(external_ref="P1")
    held = list(pathway.what_matters_conversations.values_list("held_on", flat=True))
    assert held == [date(2026, 1, 2), date(2026, 1, 12), date(2026, 2, 20)]
    assert {c.patient_id for c in pathway.what_matters_conversations.all()} == {pathway.patient_id}
    assert pathway.records.get(step=WM).done_on == date(2026, 1, 2)
    assert pathway.start_date == date(2026, 1, 5)  # a conversation does not move the start


def test_importing_the_same_conversations_twice_changes_nothing(people):
    rows = [row("home_services_start", "2026-01-05"), row(WM, "2026-01-06"), row(WM, "2026-01-20")]
    assert run(rows).imported
    again = run([*rows, row(WM, "2026-02-01")])
    assert again.errors == []
    assert (again.new_events, again.unchanged_events) == (1, 3)
    assert WhatMattersConversation.objects.count() == 3
    assert StepRecord.objects.filter(step=WM).count() == 1


def test_a_conversation_on_a_pathway_marked_not_applicable_is_a_bad_row(people):
    report = run(
        [
            row("home_services_start", "2026-01-05"),
            row(WM, "", "not_applicable", "Ønsker ikke samtale"),
            row(WM, "2026-01-06"),
        ]
    )
    assert not report.imported
    assert any("Linje 4" in error for error in report.errors)
    assert Pathway.objects.count() == 0


# --- the indicator from the database --------------------------------------------------

REPORT_DATE = date(2026, 6, 1)


def wm_row(people, report_date=REPORT_DATE):
    rows = compute(people.municipality_a, None, date(2026, 1, 1), date(2026, 3, 1), report_date)
    (found,) = [r for r in rows if r.indicator == "what_matters_by_day_28"]
    return found.numerator, found.denominator


def anchored(people, patient=None, **steps):
    if patient is None:
        count = Patient.objects.count()
        patient = Patient.objects.create(municipality=people.municipality_a, pseudonym=f"p{count}")
    return make_pathway(
        people,
        start_date=date(2026, 1, 5),
        patient=patient,
        steps={"home_services_start": date(2026, 1, 5), **steps},
    )


def test_not_applicable_takes_the_pathway_out_of_the_denominator(people):
    anchored(people, what_matters_conversation=("na", "Ønsker ikke"))
    anchored(people)
    assert wm_row(people) == (0, 1)


def test_a_conversation_held_before_the_pathway_existed_counts(people):
    patient = Patient.objects.create(municipality=people.municipality_a, pseudonym="before")
    earlier = make_pathway(people, start_date=date(2025, 6, 1), patient=patient)
    WhatMattersConversation.objects.create(
        patient=patient, pathway=earlier, held_on=date(2025, 12, 20)
    )
    anchored(people, patient=patient)
    assert wm_row(people) == (1, 1)


def test_a_scoring_conversation_of_the_user_counts(people):
    patient = Patient.objects.create(municipality=people.municipality_a, pseudonym="scored")
    form = WhatMattersForm.objects.create(patient=patient, form_version=FormVersion.objects.first())
    Conversation.objects.create(form=form, held_on=date(2026, 1, 20), signed_by_name="Nina")
    anchored(people, patient=patient)
    assert wm_row(people) == (1, 1)


def test_the_first_of_several_conversations_decides(people):
    pathway = anchored(people)
    for day in (date(2026, 3, 1), date(2026, 1, 30), date(2026, 2, 14)):
        WhatMattersConversation.objects.create(
            patient=pathway.patient, pathway=pathway, held_on=day
        )
    assert wm_row(people) == (1, 1)  # 30 Jan is day 25
    assert wm_row(people, report_date=date(2026, 1, 29)) == (0, 0)  # not yet known


# --- random pathways against the definitions in docs/rules.md ---------------------------

STEP_DAYS = {"needs_mapping": 3, "primary_contact": 3, "gp_visit": 14, "evaluation": 28}
BASE = date(2026, 1, 1)
offsets = st.integers(min_value=-40, max_value=60)
step_value = st.one_of(st.none(), st.just("na"), offsets)
pathway_spec = st.fixed_dictionaries(
    {
        "hospital": st.booleans(),
        "start": st.integers(0, 80),
        "home": st.one_of(st.none(), st.integers(0, 20)),
        "stay": st.one_of(st.none(), st.tuples(st.integers(0, 5), st.integers(0, 10))),
        "steps": st.fixed_dictionaries({step: step_value for step in STEP_DAYS}),
        "wm_step": step_value,
        "wm_events": st.lists(offsets, max_size=3),
        "ready": st.one_of(st.none(), st.integers(-10, 0)),
        "readmission": st.one_of(st.none(), st.integers(-5, 45)),
    }
)
patients_spec = st.lists(st.lists(pathway_spec, min_size=1, max_size=2), min_size=1, max_size=3)


def build(people, patients):
    """Store the random pathways; return what the definitions need, computed from the spec."""
    facts = []
    for number, pathways in enumerate(patients):
        patient = Patient.objects.create(
            municipality=people.municipality_a, pseudonym=f"random-{number}"
        )
        conversations = []
        kept = []
        for spec in pathways:
            start = BASE + timedelta(days=spec["start"])
            steps = {}
            home = start + timedelta(days=spec["home"]) if spec["home"] is not None else None
            if home:
                steps["home_services_start"] = home
            for step, value in [*spec["steps"].items(), (WM, spec["wm_step"])]:
                if value == "na":
                    steps[step] = ("na", "Ikke aktuelt")
                elif value is not None:
                    steps[step] = start + timedelta(days=value)
            ready = None
            if spec["hospital"] and spec["ready"] is not None:
                ready = start + timedelta(days=spec["ready"])
                steps["discharge_ready"] = datetime.combine(ready, time(12), tzinfo=OSLO)
            pathway = make_pathway(
                people,
                "hospital_discharge" if spec["hospital"] else "municipal",
                start,
                patient=patient,
                steps=steps,
            )
            stay_end = None
            if spec["stay"] is not None:
                stay_start = start + timedelta(days=spec["stay"][0])
                stay_end = stay_start + timedelta(days=spec["stay"][1])
                IntermediateStay.objects.create(pathway=pathway, start=stay_start, end=stay_end)
            readmission = None
            if home and spec["hospital"] and spec["readmission"] is not None:
                readmission = home + timedelta(days=spec["readmission"])
                Pathway.objects.filter(pk=pathway.pk).update(readmission_on=readmission)
            for offset in set(spec["wm_events"]):
                day = start + timedelta(days=offset)
                conversations.append(day)
                WhatMattersConversation.objects.create(
                    patient=patient, pathway=pathway, held_on=day
                )
            if isinstance(steps.get(WM), date):
                conversations.append(steps[WM])
            kept.append(
                {
                    "hospital": spec["hospital"],
                    # The anchor: home services started; the day home from the last stay.
                    "anchor": (stay_end or home) if home else None,
                    "steps": steps,
                    "ready": ready,
                    "readmission": readmission,
                }
            )
        for fact in kept:
            fact["conversations"] = conversations  # every conversation of the user
        facts.extend(kept)
    return facts


def expected_rows(facts, report_date):
    """The indicator definitions of docs/rules.md, written out directly."""
    groups = {}
    for fact in facts:
        anchor = fact["anchor"]
        if anchor is None or anchor > report_date:
            continue
        group = groups.setdefault(
            f"{anchor:%Y-%m}",
            {name: [0, 0] for name in [*(f"{s}_by" for s in STEP_DAYS), "wm", "readmission"]}
            | {"days": []},
        )

        def count(name, done, deadline, group=group):
            if done is not None and done > report_date:
                done = None  # not known on the report date
            if done is not None or deadline < report_date:
                group[name][1] += 1
                group[name][0] += done is not None and done <= deadline

        for step, days in STEP_DAYS.items():
            value = fact["steps"].get(step)
            if isinstance(value, tuple):
                continue
            count(f"{step}_by", value, anchor + timedelta(days=days))
        if not isinstance(fact["steps"].get(WM), tuple):
            known = [day for day in fact["conversations"] if day <= report_date]
            count("wm", min(known) if known else None, anchor + timedelta(days=28))
        if fact["hospital"]:
            readmission = fact["readmission"]
            within = (
                readmission is not None
                and readmission <= report_date
                and anchor <= readmission <= anchor + timedelta(days=30)
            )
            if within or anchor + timedelta(days=30) < report_date:
                group["readmission"][1] += 1
                group["readmission"][0] += within
            if fact["ready"] is not None:
                group["days"].append((anchor - fact["ready"]).days)
    rows = {}
    for month, group in groups.items():
        for step in STEP_DAYS:
            rows[(month, f"{step}_by_day_{STEP_DAYS[step]}")] = tuple(group[f"{step}_by"])
        rows[(month, "what_matters_by_day_28")] = tuple(group["wm"])
        rows[(month, "readmission_within_30_days")] = tuple(group["readmission"])
        days = sorted(group["days"])
        middle = len(days) // 2
        median = None
        if days:
            median = days[middle] if len(days) % 2 else (days[middle - 1] + days[middle]) / 2
        rows[(month, "median_days_discharge_ready_to_home")] = (median, len(days))
    return rows


def product_rows(people, report_date):
    rows = compute(people.municipality_a, None, date(2025, 1, 1), date(2027, 12, 1), report_date)
    found = {}
    for r in rows:
        if r.indicator == "median_days_discharge_ready_to_home":
            found[(r.month, str(r.indicator))] = (r.value, r.count)
        else:
            found[(r.month, str(r.indicator))] = (r.numerator, r.denominator)
    return found


@given(patients=patients_spec, report_offset=st.integers(0, 150))
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_indicators_of_random_pathways_match_the_definitions(people, patients, report_offset):
    report_date = BASE + timedelta(days=report_offset)
    with transaction.atomic():
        facts = build(people, patients)
        assert product_rows(people, report_date) == expected_rows(facts, report_date)
        transaction.set_rollback(True)
