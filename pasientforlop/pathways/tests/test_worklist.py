from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pasientforlop.audit.models import AuditEvent
from pasientforlop.pathways.models import Patient
from pasientforlop.pathways.tests.factories import make_pathway, make_patient

TODAY = date(2026, 11, 24)
URL = reverse("pathways:worklist")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("pasientforlop.pathways.views.worklist.today_oslo", lambda: TODAY)


def _buckets(response):
    return {
        b["key"]: [(r["patient"].display_name(), r["step"]) for r in b["rows"]]
        for b in response.context["buckets"]
    }


def test_it_groups_steps_as_overdue_today_and_the_coming_days(login, people):
    # Anchor 21.11: needs mapping and primary contact due 24.11 (today), GP 05.12, eval 19.12.
    make_pathway(
        people,
        patient=make_patient(people.municipality_a, "Ida I Dag"),
        start_date=date(2026, 11, 21),
        steps={"home_services_start": date(2026, 11, 21)},
    )
    # Anchor 10.11: day-3 steps overdue since 14.11; GP visit due 24.11 (today); eval 08.12.
    make_pathway(
        people,
        patient=make_patient(people.municipality_a, "Otto Over", "55076500397"),
        start_date=date(2026, 11, 10),
        steps={"home_services_start": date(2026, 11, 10), "primary_contact": date(2026, 11, 11)},
    )
    response = login(people.nurse_a).get(URL)
    buckets = _buckets(response)
    assert buckets["overdue"] == [("Otto Over", "needs_mapping")]
    assert sorted(buckets["today"]) == [
        ("Ida I Dag", "needs_mapping"),
        ("Ida I Dag", "primary_contact"),
        ("Otto Over", "gp_visit"),
    ]
    assert buckets["this_week"] == []  # Ida's GP visit is due 05.12, 11 days away
    assert "11 dager over fristen" in response.text  # needs mapping was due 13.11.2026


def test_closed_pathways_and_other_units_are_left_out(login, people):
    make_pathway(
        people,
        start_date=date(2026, 11, 10),
        closed_on=date(2026, 11, 20),
        steps={"home_services_start": date(2026, 11, 10)},
    )
    make_pathway(
        people,
        patient=make_patient(people.municipality_b, "Bea Beta"),
        start_date=date(2026, 11, 10),
        steps={"home_services_start": date(2026, 11, 10)},
    )
    response = login(people.nurse_a).get(URL)
    assert all(rows == [] for rows in _buckets(response).values())


def test_an_outsider_cannot_open_another_units_worklist(login, people):
    make_pathway(
        people, start_date=date(2026, 11, 10), steps={"home_services_start": date(2026, 11, 10)}
    )
    response = login(people.nurse_b).get(URL, {"enhet": people.unit_a.pk})
    assert response.context["unit"] == people.unit_b
    assert "Ola Nordmann" not in response.text


def test_my_worklist_shows_only_pathways_where_i_am_primary_contact(login, people):
    make_pathway(
        people,
        start_date=date(2026, 11, 10),
        primary_contact=people.nurse_a,
        steps={"home_services_start": date(2026, 11, 10)},
    )
    make_pathway(
        people,
        patient=make_patient(people.municipality_a, "Per Andre", "55076500397"),
        start_date=date(2026, 11, 10),
        steps={"home_services_start": date(2026, 11, 10)},
    )
    response = login(people.nurse_a).get(URL, {"mine": "1"})
    names = {name for rows in _buckets(response).values() for name, _ in rows}
    assert names == {"Ola Nordmann"}


def test_it_sorts_by_user(login, people):
    for name, fnr in [("Åse Å", "15076500565"), ("Berit B", "55076500397")]:
        make_pathway(
            people,
            patient=make_patient(people.municipality_a, name, fnr),
            start_date=date(2026, 11, 10),
            steps={"home_services_start": date(2026, 11, 10)},
        )
    overdue = _buckets(login(people.nurse_a).get(URL, {"sorter": "user"}))["overdue"]
    assert [name for name, _ in overdue] == ["Berit B", "Berit B", "Åse Å", "Åse Å"]


def test_the_worklist_read_is_audited_and_the_wrong_role_gets_403(login, people):
    pathway = make_pathway(
        people, start_date=date(2026, 11, 10), steps={"home_services_start": date(2026, 11, 10)}
    )
    login(people.nurse_a).get(URL)
    event = AuditEvent.objects.get(object_type="pathways.worklist")
    assert event.patient_id == pathway.patient_id and event.organisation == people.unit_a
    assert login(people.coordinator).get(URL).status_code == 403
    assert login(people.discharge).get(URL).status_code == 403


def test_the_number_of_queries_does_not_grow_with_the_pathways(login, people):
    client = login(people.nurse_a)
    make_pathway(
        people, start_date=date(2026, 11, 10), steps={"home_services_start": date(2026, 11, 10)}
    )
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for i in range(6):
        patient = Patient.objects.create(municipality=people.municipality_a, pseudonym=f"p{i}")
        make_pathway(
            people,
            patient=patient,
            start_date=date(2026, 11, 10),
            steps={"home_services_start": date(2026, 11, 10)},
        )
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many.captured_queries) == len(few.captured_queries)
