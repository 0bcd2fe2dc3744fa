"""GET /api/worklist?unit=<id> and GET /api/inbox?municipality=<number>: the pages' data and
the pages' access rules."""

from datetime import date

import pytest

from pasientforlop.audit.models import AuditEvent
from pasientforlop.pathways.tests.factories import (
    make_discharge_ready_pathway,
    make_pathway,
    make_patient,
    make_started_pathway,
)

TODAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("pasientforlop.interop.api.day.today_oslo", lambda: TODAY)


@pytest.fixture
def unit_world(people):
    incoming = make_discharge_ready_pathway(
        people,
        hospital_ward="Medisinsk sengepost",
        planned_start=date(2026, 11, 27),
        primary_contact=people.nurse_a,
    )
    # Anchor 10.11: needs mapping overdue since 14.11, GP visit due today, evaluation 08.12.
    started = make_started_pathway(
        people,
        make_patient(people.municipality_a, "Otto Over", "13097248022"),
        date(2026, 11, 10),
        date(2026, 11, 11),
    )
    # Municipality B: never on A's lists.
    make_pathway(
        people,
        patient=make_patient(people.municipality_b, "Bea Beta", "29029600013"),
        start_date=date(2026, 11, 10),
    )
    return {"incoming": incoming, "started": started}


def test_the_worklist_has_the_four_sections(people, api, unit_world):
    response = api(people.nurse_a).get("/api/worklist", unit=people.unit_a.pk)
    assert response.status_code == 200
    body = response.json()
    assert body["unit"] == {"id": people.unit_a.pk, "name": "Hjemmetjenesten A"}
    assert body["date"] == "2026-11-24"
    [incoming] = body["incoming"]
    assert incoming["pathway"] == unit_world["incoming"].pk
    assert incoming["display_name"] == "Ola Nordmann"
    assert incoming["planned_start"] == "2026-11-27"
    assert incoming["primary_contact"] == "Nurse_A"
    assert incoming["from_hospital"] is True
    assert incoming["discharge_ready_at"].startswith("2026-11-24T07:15")  # UTC
    assert incoming["next_step"]["step"] == "information_exchange"
    started = unit_world["started"].pk
    assert [(i["pathway"], i["step"], i["due"]) for i in body["overdue"]] == [
        (started, "needs_mapping", "2026-11-13")
    ]
    assert body["overdue"][0]["days_late"] == 11
    assert [(i["step"], i["display_name"]) for i in body["today"]] == [("gp_visit", "Otto Over")]
    assert [(i["step"], i["due"]) for i in body["week"]] == []
    assert AuditEvent.objects.filter(
        object_type="api.worklist", patient_id=unit_world["incoming"].patient_id
    ).exists()


def test_the_worklist_follows_the_access_rules(people, api, unit_world):
    assert api(people.nurse_b).get("/api/worklist", unit=people.unit_a.pk).status_code == 404
    assert api(people.allocation_a).get("/api/worklist", unit=people.unit_a.pk).status_code == 403
    assert api(people.privacy_a).get("/api/worklist", unit=people.unit_a.pk).status_code == 403
    assert api(people.leader_a).get("/api/worklist", unit=people.unit_a.pk).status_code == 200
    no_scope = api(people.nurse_a, scopes=["whatmatters:read"])
    assert no_scope.get("/api/worklist", unit=people.unit_a.pk).status_code == 403
    assert api(None).get("/api/worklist", unit=people.unit_a.pk).status_code == 401
    assert api(people.nurse_a).get("/api/worklist", unit=people.municipality_a.pk).status_code == (
        404
    )


def test_the_inbox_lists_the_incoming_users_of_the_municipality(people, api, unit_world):
    response = api(people.allocation_a).get("/api/inbox", municipality="4601")
    assert response.status_code == 200
    body = response.json()
    assert body["municipality"]["name"] == "Kommune A"
    assert body["can_assign"] is True
    assert [(i["display_name"], i["hospital_ward"]) for i in body["items"]] == [
        ("Ola Nordmann", "Medisinsk sengepost")
    ]
    assert body["items"][0]["hospital"]["name"] == "Sykehuset"
    assert AuditEvent.objects.filter(object_type="api.inbox").count() == 1


def test_a_clinician_reads_the_inbox_but_may_not_assign(people, api, unit_world):
    body = api(people.nurse_a).get("/api/inbox", municipality="4601").json()
    assert body["can_assign"] is False
    assert len(body["items"]) == 1


def test_the_inbox_follows_the_access_rules(people, api, unit_world):
    assert api(people.nurse_b).get("/api/inbox", municipality="4601").status_code == 404
    assert api(people.nurse_b).get("/api/inbox", municipality="4627").status_code == 200
    assert api(people.gp_a).get("/api/inbox", municipality="4601").status_code == 403
    assert api(people.privacy_a).get("/api/inbox", municipality="4601").status_code == 403
    assert api(people.allocation_a).get("/api/inbox", municipality="9999").status_code == 404
    assert api(people.allocation_a).get("/api/inbox", municipality="46x1").status_code == 400
    no_scope = api(people.allocation_a, scopes=["whatmatters:read"])
    assert no_scope.get("/api/inbox", municipality="4601").status_code == 403
