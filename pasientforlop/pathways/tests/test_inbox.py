"""The inbox of incoming users: who is in it, who may see it, and assigning from it."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from pasientforlop.accounts.choices import OrganisationKind, UnitKind
from pasientforlop.accounts.models import Organisation
from pasientforlop.audit.models import AuditEvent
from pasientforlop.lib.dates import today_oslo
from pasientforlop.lib.synthetic_ids import synthetic_national_ids
from pasientforlop.pathways import deadlines
from pasientforlop.pathways.inbox import inbox_for_municipality, next_step, waiting_pathways
from pasientforlop.pathways.models import Pathway, StepRecord
from pasientforlop.pathways.recording import StepEntry, check_rules
from pasientforlop.pathways.tests.factories import (
    make_discharge_ready_pathway,
    make_pathway,
    make_patient,
)

OSLO = ZoneInfo("Europe/Oslo")
TODAY = date(2026, 11, 24)
URL = reverse("pathways:inbox")


def _names(rows):
    return [row.patient.display_name() for row in rows]


# --- selection rules -----------------------------------------------------------------------


def test_a_discharge_ready_hospital_start_is_incoming_from_hospital(people):
    make_discharge_ready_pathway(
        people,
        hospital_ward="Medisinsk sengepost",
    )
    rows = inbox_for_municipality(people.municipality_a, TODAY)
    assert len(rows) == 1
    row = rows[0]
    assert row.from_hospital
    assert row.admitted_on == date(2026, 11, 20)
    assert row.discharge_ready_at == datetime(2026, 11, 24, 8, 15, tzinfo=OSLO)
    assert row.pathway.hospital_ward == "Medisinsk sengepost"


def test_an_admitted_patient_is_incoming_before_the_discharge_ready_declaration(people):
    make_pathway(
        people,
        start_type="hospital_discharge",
        start_date=date(2026, 11, 22),
        steps={"admission": date(2026, 11, 22)},
    )
    rows = inbox_for_municipality(people.municipality_a, TODAY)
    assert [(r.from_hospital, r.discharge_ready_at) for r in rows] == [(True, None)]


def test_a_hospital_start_with_nothing_recorded_waits_but_not_from_hospital(people):
    make_pathway(people, start_type="hospital_discharge", start_date=date(2026, 11, 22))
    rows = inbox_for_municipality(people.municipality_a, TODAY)
    assert [r.from_hospital for r in rows] == [False]


def test_every_start_type_waiting_for_its_anchor_is_in_the_inbox(people):
    for n, start_type in enumerate(["municipal", "new_user", "annual_review"]):
        make_pathway(
            people,
            start_type=start_type,
            patient=make_patient(people.municipality_a, f"Bruker {start_type}", _fnr(n)),
        )
    rows = inbox_for_municipality(people.municipality_a, TODAY)
    assert sorted(r.pathway.start_type for r in rows) == ["annual_review", "municipal", "new_user"]
    assert not any(r.from_hospital for r in rows)


def test_home_services_start_closing_and_other_municipalities_leave_the_inbox(people):
    make_pathway(
        people,
        patient=make_patient(people.municipality_a, "Hjemme Allerede", _fnr(1)),
        steps={"home_services_start": date(2026, 11, 10)},
    )
    make_pathway(
        people,
        patient=make_patient(people.municipality_a, "Ikke Aktuell", _fnr(2)),
        steps={"home_services_start": ("na", "Flyttet")},
    )
    make_pathway(
        people,
        patient=make_patient(people.municipality_a, "Lukket Forlop", _fnr(3)),
        closed_on=date(2026, 11, 20),
    )
    make_pathway(people, patient=make_patient(people.municipality_b, "Bea Beta", _fnr(4)))
    make_pathway(people, patient=make_patient(people.municipality_a, "Venter Fortsatt", _fnr(5)))
    assert _names(inbox_for_municipality(people.municipality_a, TODAY)) == ["Venter Fortsatt"]
    assert waiting_pathways().count() == 2  # and Bea in municipality B


def test_hospital_starts_come_first_discharge_ready_before_admitted(people):
    make_pathway(people, patient=make_patient(people.municipality_a, "Kommune Forst", _fnr(1)))
    make_pathway(
        people,
        start_type="hospital_discharge",
        start_date=date(2026, 11, 10),
        patient=make_patient(people.municipality_a, "Bare Innlagt", _fnr(2)),
        steps={"admission": date(2026, 11, 10)},
    )
    make_pathway(
        people,
        start_type="hospital_discharge",
        start_date=date(2026, 11, 20),
        patient=make_patient(people.municipality_a, "Utskrivningsklar Na", _fnr(3)),
        steps={
            "admission": date(2026, 11, 20),
            "discharge_ready": datetime(2026, 11, 23, 9, 0, tzinfo=OSLO),
        },
    )
    assert _names(inbox_for_municipality(people.municipality_a, TODAY)) == [
        "Utskrivningsklar Na",
        "Bare Innlagt",
        "Kommune Forst",
    ]


def test_the_next_step_before_the_anchor_is_home_services_start_on_the_planned_day():
    facts = deadlines.PathwayFacts(deadlines.StartType.MUNICIPAL, date(2026, 11, 20))
    step = next_step(facts, TODAY, planned_start=date(2026, 11, 30))
    assert (step.step, step.due, step.overdue) == ("home_services_start", date(2026, 11, 30), False)


def test_the_next_step_after_the_anchor_is_the_first_open_one_with_its_due_date():
    facts = deadlines.PathwayFacts(
        deadlines.StartType.MUNICIPAL,
        date(2026, 11, 10),
        steps={
            "home_services_start": deadlines.StepRecord(done_on=date(2026, 11, 10)),
            "primary_contact": deadlines.StepRecord(done_on=date(2026, 11, 11)),
        },
    )
    step = next_step(facts, TODAY)
    assert (step.step, step.due, step.overdue) == ("needs_mapping", date(2026, 11, 13), True)


def test_a_primary_contact_appointed_before_home_services_start_is_allowed_and_on_time(people):
    pathway = make_pathway(people, start_date=date(2026, 11, 20))
    StepRecord.objects.create(pathway=pathway, step="primary_contact", done_on=date(2026, 11, 21))
    pathway = Pathway.objects.prefetch_related("records", "stays").get(pk=pathway.pk)
    entry = StepEntry(done_on=date(2026, 11, 26))
    assert check_rules(pathway, "home_services_start", entry) == []
    StepRecord.objects.create(
        pathway=pathway, step="home_services_start", done_on=date(2026, 11, 26)
    )
    pathway = Pathway.objects.prefetch_related("records", "stays").get(pk=pathway.pk)
    state = next(s for s in pathway.states(TODAY) if s.step == "primary_contact")
    assert state.status == deadlines.Status.DONE


# --- the page and who sees it -------------------------------------------------------------


@pytest.fixture
def incoming(people):
    return make_discharge_ready_pathway(
        people,
        hospital_ward="Medisinsk sengepost",
        expected_discharge_at=datetime(2026, 11, 25, 12, 0, tzinfo=OSLO),
    )


def test_anonymous_visitors_are_sent_to_log_in(client, people, incoming):
    for url in (URL, reverse("pathways:inbox_assign", args=[incoming.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert "/logg-inn/" in response["Location"]


def test_the_allocation_office_sees_hospital_ward_and_times(login, people, incoming):
    response = login(people.allocation_a).get(URL)
    assert response.status_code == 200
    text = response.text
    assert "Ola Nordmann" in text
    assert "Medisinsk sengepost" in text
    assert "24.11.2026 08:15" in text  # discharge-ready
    assert "25.11.2026 12:00" in text  # expected discharge
    assert reverse("pathways:inbox_assign", args=[incoming.pk]) in text
    assert AuditEvent.objects.filter(
        object_type="pathways.inbox", patient_id=incoming.patient_id, actor=people.allocation_a
    ).exists()


def test_a_unit_leader_may_assign_and_a_clinician_only_reads(login, people, incoming):
    assign_url = reverse("pathways:inbox_assign", args=[incoming.pk])
    assert assign_url in login(people.leader_a).get(URL).text
    response = login(people.nurse_a).get(URL)
    assert response.status_code == 200
    assert "Ola Nordmann" in response.text
    assert assign_url not in response.text
    assert login(people.nurse_a).get(assign_url).status_code == 403


@pytest.mark.parametrize("who", ["gp_a", "privacy_a", "discharge", "coordinator"])
def test_other_roles_get_403(login, people, incoming, who):
    assert login(getattr(people, who)).get(URL).status_code == 403


def test_another_municipality_sees_its_own_inbox_and_cannot_assign_ours(login, people, incoming):
    client = login(people.nurse_b)
    response = client.get(URL, {"kommune": people.municipality_a.pk})
    assert response.status_code == 200
    assert response.context["municipality"] == people.municipality_b
    assert "Ola Nordmann" not in response.text
    assert client.get(reverse("pathways:inbox_assign", args=[incoming.pk])).status_code == 404


def test_a_discharge_ready_declaration_shows_at_once(login, people):
    pathway = make_pathway(
        people,
        start_type="hospital_discharge",
        start_date=date(2026, 11, 20),
        steps={"admission": date(2026, 11, 20)},
    )
    client = login(people.allocation_a)
    assert "24.11.2026 09:05" not in client.get(URL).text
    StepRecord.objects.create(
        pathway=pathway, step="discharge_ready", done_at=datetime(2026, 11, 24, 9, 5, tzinfo=OSLO)
    )
    assert "24.11.2026 09:05" in client.get(URL).text


# --- assigning ----------------------------------------------------------------------------


@pytest.fixture
def second_unit(people):
    return Organisation.objects.create(
        kind=OrganisationKind.UNIT,
        name="Hjemmetjenesten Nord",
        parent=people.municipality_a,
        unit_kind=UnitKind.HOME_SERVICES,
    )


def test_the_office_assigns_unit_contact_and_planned_start(login, people, incoming, second_unit):
    planned = today_oslo() + timedelta(days=3)
    response = login(people.allocation_a).post(
        reverse("pathways:inbox_assign", args=[incoming.pk]),
        {
            "unit": second_unit.pk,
            "primary_contact": people.nurse_a.pk,
            "planned_start": planned.isoformat(),
        },
    )
    assert response.status_code == 302
    incoming.refresh_from_db()
    incoming.patient.refresh_from_db()
    assert incoming.unit == second_unit
    assert incoming.patient.unit == second_unit
    assert incoming.primary_contact == people.nurse_a
    assert incoming.planned_start == planned
    step = StepRecord.objects.get(pathway=incoming, step="primary_contact")
    assert step.done_on == today_oslo()
    assert step.done_by == people.allocation_a
    assert AuditEvent.objects.filter(
        object_type="pathways.pathway",
        object_id=str(incoming.pk),
        action="update",
        after__planned_start=planned.isoformat(),
    ).exists()
    assert AuditEvent.objects.filter(object_type="pathways.steprecord", action="create").exists()


def test_assigning_without_a_contact_records_no_step(login, people, incoming):
    response = login(people.leader_a).post(
        reverse("pathways:inbox_assign", args=[incoming.pk]),
        {"unit": people.unit_a.pk, "primary_contact": "", "planned_start": ""},
    )
    assert response.status_code == 302
    assert not StepRecord.objects.filter(pathway=incoming, step="primary_contact").exists()


def test_a_unit_of_another_municipality_is_refused(login, people, incoming):
    response = login(people.allocation_a).post(
        reverse("pathways:inbox_assign", args=[incoming.pk]),
        {"unit": people.unit_b.pk, "primary_contact": "", "planned_start": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    incoming.refresh_from_db()
    assert incoming.unit == people.unit_a


def test_a_started_pathway_cannot_be_assigned_from_the_inbox(login, people):
    started = make_pathway(people, steps={"home_services_start": date(2026, 11, 10)})
    url = reverse("pathways:inbox_assign", args=[started.pk])
    assert login(people.allocation_a).get(url).status_code == 404


def _fnr(n: int) -> str:
    """Valid fødselsnumre for extra users in municipality A (the factory's own is taken)."""
    return synthetic_national_ids(10, seed=13)[n]


def test_a_clinician_reads_only_the_users_coming_to_her_unit(login, people, incoming, second_unit):
    elsewhere = make_pathway(
        people, patient=make_patient(people.municipality_a, "Nord Bruker", _fnr(6))
    )
    Pathway.objects.filter(pk=elsewhere.pk).update(unit=second_unit)
    nurse = login(people.nurse_a).get(URL).text
    assert "Ola Nordmann" in nurse and "Nord Bruker" not in nurse
    office = login(people.allocation_a).get(URL).text
    assert "Ola Nordmann" in office and "Nord Bruker" in office
