"""One set of date rules for pages, the API and the CSV import, with the same messages."""

import io
import subprocess
import sys
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from pasientforlop.interop.models import Scope
from pasientforlop.interop.tokens import create_token
from pasientforlop.pathways import date_rules, deadlines
from pasientforlop.pathways.imports import HEADER, import_pathways
from pasientforlop.pathways.models import IntermediateStay, Pathway, StepRecord
from pasientforlop.pathways.rule_messages import date_messages
from pasientforlop.pathways.tests.factories import make_pathway

TODAY = date(2026, 11, 20)
FUTURE_GP_VISIT = date(2026, 12, 5)  # 15 days ahead
FUTURE_MESSAGE = "Fastlegebesøk (05.12.2026) er etter dagens dato (20.11.2026)"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    import pasientforlop.pathways.imports as imports
    import pasientforlop.pathways.rule_messages as rule_messages

    monkeypatch.setattr(rule_messages, "today_oslo", lambda: TODAY)
    monkeypatch.setattr(imports, "today_oslo", lambda: TODAY)
    return TODAY


@pytest.fixture
def pathway(people):
    return make_pathway(
        people,
        "hospital_discharge",
        start_date=date(2026, 11, 2),
        steps={"admission": date(2026, 11, 2), "home_services_start": date(2026, 11, 6)},
    )


def facts(**changes):
    base = deadlines.PathwayFacts(
        start_type=deadlines.StartType.HOSPITAL_DISCHARGE,
        start_date=date(2026, 11, 2),
        steps={"home_services_start": deadlines.StepRecord(done_on=date(2026, 11, 6))},
    )
    from dataclasses import replace

    return replace(base, **changes)


# --- the pure rules --------------------------------------------------------------------


def test_a_step_done_after_today_is_a_coded_problem():
    steps = {
        "home_services_start": deadlines.StepRecord(done_on=date(2026, 11, 6)),
        "gp_visit": deadlines.StepRecord(done_on=FUTURE_GP_VISIT),
    }
    assert date_rules.check(facts(steps=steps), TODAY) == [
        date_rules.DateProblem(
            date_rules.DONE_AFTER_TODAY,
            {"step": "gp_visit", "day": FUTURE_GP_VISIT, "today": TODAY},
        )
    ]


def test_today_itself_and_not_applicable_steps_are_fine():
    steps = {
        "home_services_start": deadlines.StepRecord(done_on=TODAY),
        "gp_visit": deadlines.StepRecord(not_applicable=True, reason="Ingen fastlege"),
    }
    assert date_rules.check(facts(steps=steps), TODAY) == []


def test_stays_readmissions_and_conversations_are_checked_against_today():
    stay = deadlines.IntermediateStay(start=date(2026, 11, 3), end=date(2026, 11, 25))
    problems = date_rules.check(
        facts(intermediate_stays=(stay,), readmission_on=date(2026, 11, 21)),
        TODAY,
        events=[("what_matters_conversation", date(2026, 11, 30))],
    )
    assert [p.code for p in problems] == [
        date_rules.DONE_AFTER_TODAY,
        date_rules.STAY_AFTER_TODAY,
        date_rules.READMISSION_AFTER_TODAY,
    ]


def test_a_readmission_comes_after_the_user_left_hospital():
    stay = deadlines.IntermediateStay(start=date(2026, 11, 4), end=date(2026, 11, 6))
    problems = date_rules.check(
        facts(intermediate_stays=(stay,), readmission_on=date(2026, 11, 3)), TODAY
    )
    assert problems == [
        date_rules.DateProblem(
            date_rules.READMISSION_BEFORE_DISCHARGE,
            {"day": date(2026, 11, 3), "discharge": date(2026, 11, 4)},
        )
    ]


def test_plans_are_the_only_fields_that_may_lie_ahead():
    assert date_rules.PLAN_FIELDS == {"planned_start", "next_review"}


def test_the_messages_are_norwegian_in_both_written_forms():
    problem = date_rules.DateProblem(
        date_rules.DONE_AFTER_TODAY, {"step": "gp_visit", "day": FUTURE_GP_VISIT, "today": TODAY}
    )
    with translation.override("nb"):
        assert date_messages([problem])[0].startswith(FUTURE_MESSAGE)
    with translation.override("nn"):
        assert "berre det som har skjedd" in date_messages([problem])[0]


def test_the_rules_module_does_not_load_django():
    code = (
        "import sys, pasientforlop.pathways.date_rules\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- every entry point says the same ---------------------------------------------------


def test_the_step_page_refuses_a_gp_visit_15_days_ahead(login, people, pathway):
    url = reverse("pathways:step", args=[pathway.pk, "gp_visit"])
    data = {"done_on": "2026-12-05", "version": 0, "reason": "", "note": ""}
    response = login(people.nurse_a).post(url, data)
    assert response.status_code == 200
    assert any(FUTURE_MESSAGE in e for e in response.context["form"].non_field_errors())
    assert not StepRecord.objects.filter(step="gp_visit").exists()


def test_the_api_refuses_a_gp_visit_15_days_ahead_with_the_same_message(people, client, pathway):
    token = create_token(people.nurse_a, "test", list(Scope.values), 30)
    response = client.post(
        f"/api/pathways/{pathway.pk}/steps/gp_visit",
        {"done_on": "2026-12-05"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token.plain}"},
    )
    assert response.status_code == 422
    assert any(FUTURE_MESSAGE in e["message"] for e in response.json()["errors"])
    assert not StepRecord.objects.filter(step="gp_visit").exists()


def test_the_csv_import_refuses_a_gp_visit_15_days_ahead_with_the_same_message(people):
    rows = [
        "P1,municipal,4601,Hjemmetjenesten A,home_services_start,2026-11-06,,",
        "P1,municipal,4601,Hjemmetjenesten A,gp_visit,2026-12-05,,",
    ]
    report = import_pathways(io.StringIO(",".join(HEADER) + "\n" + "\n".join(rows) + "\n"))
    assert not report.imported
    assert any(FUTURE_MESSAGE in error for error in report.errors)
    assert Pathway.objects.count() == 0


def test_the_csv_import_refuses_a_future_conversation(people):
    rows = [
        "P1,municipal,4601,Hjemmetjenesten A,home_services_start,2026-11-06,,",
        "P1,municipal,4601,Hjemmetjenesten A,what_matters_conversation,2026-11-30,,",
    ]
    report = import_pathways(io.StringIO(",".join(HEADER) + "\n" + "\n".join(rows) + "\n"))
    assert not report.imported
    assert any("30.11.2026" in error for error in report.errors)


def test_a_stay_on_the_pathway_page_follows_the_import_rules(login, people, pathway):
    client = login(people.nurse_a)
    url = reverse("pathways:stay_new", args=[pathway.pk])
    before_start = client.post(url, {"unit_name": "KAD", "start": "2026-10-30", "end": ""})
    assert before_start.status_code == 200
    assert "kan ikke starte før forløpet startet" in before_start.text
    ahead = client.post(url, {"unit_name": "KAD", "start": "2026-11-03", "end": "2026-11-24"})
    assert "etter dagens dato" in ahead.text
    assert not IntermediateStay.objects.exists()
    ok = client.post(url, {"unit_name": "KAD", "start": "2026-11-03", "end": "2026-11-06"})
    assert ok.status_code == 302
    assert IntermediateStay.objects.count() == 1


def test_a_readmission_on_the_pathway_page_follows_the_import_rules(login, people, pathway):
    client = login(people.nurse_a)
    url = reverse("pathways:pathway_details", args=[pathway.pk])
    early = client.post(url, {"readmission_on": "2026-11-04", "deterioration_plan": ""})
    assert early.status_code == 200
    assert "kan ikke være før" in early.text
    ahead = client.post(url, {"readmission_on": "2026-11-28", "deterioration_plan": ""})
    assert "etter dagens dato" in ahead.text
    pathway.refresh_from_db()
    assert pathway.readmission_on is None
    ok = client.post(url, {"readmission_on": "2026-11-10", "deterioration_plan": ""})
    assert ok.status_code == 302
    pathway.refresh_from_db()
    assert pathway.readmission_on == date(2026, 11, 10)
