from datetime import date

import pytest
from django.urls import reverse

from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.pathways.models import StepRecord
from pasientforlop.pathways.procedures import new_version
from pasientforlop.pathways.tests.factories import make_pathway


@pytest.fixture
def pathway(people):
    return make_pathway(
        people, start_date=date(2026, 11, 2), steps={"home_services_start": date(2026, 11, 2)}
    )


def _url(pathway, step):
    return reverse("pathways:step", args=[pathway.pk, step])


def _done(day="2026-11-04", version=0, **extra):
    return {"done_on": day, "version": version, "reason": "", "note": ""} | extra


def test_a_nurse_records_a_step_with_its_checklist(login, people, pathway):
    client = login(people.nurse_a)
    page = client.get(_url(pathway, "needs_mapping"))
    assert "Ernæring" in page.text  # the default checklist
    response = client.post(_url(pathway, "needs_mapping"), _done(checklist=["Ernæring", "Fall"]))
    assert response.status_code == 302
    record = StepRecord.objects.get(pathway=pathway, step="needs_mapping")
    assert record.done_on == date(2026, 11, 4)
    assert record.checklist["Ernæring"] is True and record.checklist["Smerte"] is False
    assert record.done_by == people.nurse_a and record.template.version == 1
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="pathways.steprecord")
    assert event.after["done_on"] == "2026-11-04" and event.before is None


def test_not_applicable_needs_a_reason(login, people, pathway):
    client = login(people.nurse_a)
    response = client.post(_url(pathway, "gp_visit"), _done(day="", not_applicable="on"))
    assert "Oppgi hvorfor steget ikke er aktuelt" in response.text
    assert not StepRecord.objects.filter(step="gp_visit").exists()
    client.post(
        _url(pathway, "gp_visit"), _done(day="", not_applicable="on", reason="Bor på sykehjem")
    )
    assert StepRecord.objects.get(step="gp_visit").reason == "Bor på sykehjem"


def test_a_step_done_before_its_anchor_is_refused_and_nothing_saved(login, people, pathway):
    response = login(people.nurse_a).post(_url(pathway, "gp_visit"), _done(day="2026-10-30"))
    assert response.status_code == 200
    assert "før" in response.context["form"].non_field_errors()[0]
    assert not StepRecord.objects.filter(step="gp_visit").exists()


def test_a_missing_date_is_explained(login, people, pathway):
    response = login(people.nurse_a).post(_url(pathway, "gp_visit"), _done(day=""))
    assert "Skriv inn datoen" in response.text


def test_an_unknown_step_is_404(login, people, pathway):
    assert login(people.nurse_a).get(_url(pathway, "gp_vist")).status_code == 404


def test_the_second_of_two_nurses_gets_a_conflict_and_sees_the_first_entry(login, people, pathway):
    client = login(people.nurse_a)
    assert client.post(_url(pathway, "gp_visit"), _done(day="2026-11-10")).status_code == 302
    other = login(people.leader_a)  # opened the form before the first save: version 0
    response = other.post(_url(pathway, "gp_visit"), _done(day="2026-11-12", version=0))
    assert response.status_code == 200
    assert response.context["conflict"].done_on == date(2026, 11, 10)
    assert 'id="conflict"' in response.text
    assert StepRecord.objects.get(step="gp_visit").done_on == date(2026, 11, 10)
    # Having seen it, the second nurse may save over it with the current version.
    again = other.post(_url(pathway, "gp_visit"), _done(day="2026-11-12", version=1))
    assert again.status_code == 302
    record = StepRecord.objects.get(step="gp_visit")
    assert record.done_on == date(2026, 11, 12) and record.version == 2
    update = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="pathways.steprecord")
    assert update.before["done_on"] == "2026-11-10" and update.after["done_on"] == "2026-11-12"


def test_a_completed_step_keeps_the_procedure_version_it_used(login, people, pathway):
    client = login(people.nurse_a)
    client.post(_url(pathway, "needs_mapping"), _done(checklist=["Fall"]))
    new_version(people.municipality_a, "needs_mapping", "Ny prosedyre", ["Fall", "Syn"], None)
    page = client.get(_url(pathway, "needs_mapping"))
    assert "Ernæring" in page.text and "Syn" not in page.text
    assert StepRecord.objects.get(step="needs_mapping").template.version == 1


def test_appointing_the_primary_contact_sets_the_person(login, people, pathway):
    client = login(people.leader_a)
    client.post(_url(pathway, "primary_contact"), _done(person=people.nurse_a.pk))
    pathway.refresh_from_db()
    assert pathway.primary_contact == people.nurse_a


def test_the_hospital_records_discharge_ready_with_time_but_not_municipal_steps(login, people):
    pathway = make_pathway(
        people,
        start_type="hospital_discharge",
        start_date=date(2026, 11, 1),
        steps={"admission": date(2026, 11, 1)},
    )
    client = login(people.discharge)
    response = client.post(
        _url(pathway, "discharge_ready"),
        {"done_at": "2026-11-05T10:30", "version": 0, "reason": "", "note": ""},
    )
    assert response.status_code == 302
    record = StepRecord.objects.get(step="discharge_ready")
    assert record.done_at.isoformat() == "2026-11-05T09:30:00+00:00"  # 10:30 in Oslo
    assert client.get(_url(pathway, "gp_visit")).status_code == 403


def test_outsiders_and_anonymous_users_cannot_record(client, login, people, pathway):
    assert client.get(_url(pathway, "gp_visit"))["Location"].startswith("/logg-inn/")
    assert login(people.nurse_b).get(_url(pathway, "gp_visit")).status_code == 404
    assert login(people.coordinator).post(_url(pathway, "gp_visit"), _done()).status_code == 404
    assert not StepRecord.objects.filter(step="gp_visit").exists()
