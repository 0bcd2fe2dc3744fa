"""The start page of clinicians, unit leaders and the allocation office: their day; the
worklist's incoming section."""

from datetime import date

import pytest
from django.urls import reverse

from pasientforlop.audit.models import AuditEvent
from pasientforlop.pathways.tests.factories import (
    make_discharge_ready_pathway,
    make_pathway,
    make_patient,
    make_started_pathway,
)

TODAY = date(2026, 11, 24)
HOME = reverse("home")
WORKLIST = reverse("pathways:worklist")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("pasientforlop.pathways.views.day.today_oslo", lambda: TODAY)
    monkeypatch.setattr("pasientforlop.pathways.views.worklist.today_oslo", lambda: TODAY)


@pytest.fixture
def day_world(people):
    incoming = make_discharge_ready_pathway(
        people,
        planned_start=date(2026, 11, 27),
    )
    # The nurse's own pathway: anchor 10.11, needs mapping overdue, GP visit due today,
    # evaluation 08.12 (more than 7 days away).
    mine = make_started_pathway(
        people,
        make_patient(people.municipality_a, "Otto Over", "13097248022"),
        date(2026, 11, 10),
        date(2026, 11, 11),
        primary_contact=people.nurse_a,
    )
    # Anchor 17.11: the leader's unit has needs mapping overdue and a GP visit on 01.12.
    unit_only = make_started_pathway(
        people,
        make_patient(people.municipality_a, "Una Enhet", "29029600013"),
        date(2026, 11, 17),
        date(2026, 11, 17),
    )
    make_pathway(
        people,
        patient=make_patient(people.municipality_b, "Bea Beta", "15076500565"),
        start_date=date(2026, 11, 23),
    )
    return {"incoming": incoming, "mine": mine, "unit_only": unit_only}


def _count(response, key):
    text = response.text
    start = text.index(f'id="count-{key}">') + len(f'id="count-{key}">')
    return int(text[start : text.index("<", start)])


def test_the_nurses_start_page_is_her_day(login, people, day_world):
    response = login(people.nurse_a).get(HOME)
    assert response.status_code == 200
    assert response.templates[0].name == "pathways/day.html"
    assert _count(response, "incoming") == 1
    assert _count(response, "overdue") == 1  # Otto's needs mapping; Una is not hers
    assert _count(response, "today") == 1  # Otto's GP visit
    assert _count(response, "this_week") == 0
    assert "Ola Nordmann" in response.text
    assert "27.11.2026" in response.text  # planned start
    assert "Una Enhet" not in response.text.split('id="day-recent"')[0]
    assert "Bea Beta" not in response.text
    assert "Velkommen" in response.text
    assert AuditEvent.objects.filter(
        object_type="pathways.day", patient_id=day_world["incoming"].patient_id
    ).exists()


def test_the_unit_leader_sees_the_units_steps(login, people, day_world):
    response = login(people.leader_a).get(HOME)
    assert _count(response, "overdue") == 2  # Otto's and Una's needs mapping
    assert _count(response, "this_week") == 1  # Una's GP visit on 03.12
    assert "Enhetsleder" in response.text  # the roles stay on the page


def test_recently_changed_counts_recorded_steps_and_new_pathways(login, people, day_world):
    response = login(people.leader_a).get(HOME)
    assert _count(response, "recent") == 3  # made just now: all three of the unit's pathways


def test_the_allocation_office_sees_the_whole_municipalitys_incoming(login, people, day_world):
    response = login(people.allocation_a).get(HOME)
    assert response.templates[0].name == "pathways/day.html"
    assert _count(response, "incoming") == 1
    assert _count(response, "overdue") == 0
    assert "Otto Over" not in response.text  # started: not incoming, and not the office's


@pytest.mark.parametrize("who", ["gp_a", "coordinator", "privacy_a", "discharge"])
def test_other_roles_keep_the_plain_start_page(login, people, day_world, who):
    response = login(getattr(people, who)).get(HOME)
    assert response.status_code == 200
    assert response.templates[0].name == "accounts/home.html"
    assert "Ola Nordmann" not in response.text


def test_an_outsider_nurse_sees_only_her_municipality(login, people, day_world):
    response = login(people.nurse_b).get(HOME)
    assert "Ola Nordmann" not in response.text
    assert "Bea Beta" in response.text
    assert _count(response, "incoming") == 1


def test_the_worklist_has_an_incoming_section_with_the_planned_start(login, people, day_world):
    response = login(people.nurse_a).get(WORKLIST)
    assert [row.patient.display_name() for row in response.context["incoming"]] == ["Ola Nordmann"]
    section = response.text.split('id="bucket-incoming"')[1].split("</section>")[0]
    assert "Innkommende / venter på oppstart" in response.text
    assert "27.11.2026" in section
    assert "Sykehuset" in section
    # the other sections keep working
    assert [r["patient"].display_name() for r in response.context["buckets"][0]["rows"]] == [
        "Otto Over",
        "Una Enhet",
    ]


def test_home_services_start_moves_a_user_out_of_incoming(login, people, day_world):
    from pasientforlop.pathways.models import StepRecord

    StepRecord.objects.create(
        pathway=day_world["incoming"], step="home_services_start", done_on=TODAY
    )
    response = login(people.nurse_a).get(WORKLIST)
    assert response.context["incoming"] == []
    steps = {
        r["step"]
        for b in response.context["buckets"]
        for r in b["rows"]
        if r["pathway"] == day_world["incoming"]
    }
    # now anchored: exchange due today, primary contact and needs mapping by 27.11
    assert steps == {"information_exchange", "primary_contact", "needs_mapping"}


def test_anonymous_visitors_get_the_log_in_page(client, db):
    response = client.get(HOME)
    assert response.status_code == 302


def test_the_user_list_shows_each_users_next_step(login, people, day_world, monkeypatch):
    monkeypatch.setattr("pasientforlop.pathways.views.patients.today_oslo", lambda: TODAY)
    response = login(people.nurse_a).get(reverse("pathways:patients"))
    assert response.status_code == 200
    row = response.text.split("Otto Over")[1].split("</tr>")[0]
    assert "Kartlegging av behov – 13.11.2026" in row
    row = response.text.split("Ola Nordmann")[1].split("</tr>")[0]
    assert "Informasjonsutveksling" in row  # before the anchor: the exchange comes next
