"""The plan: actions with who and when, the user's comments (never edited away), print and PDF."""

from datetime import date

import pytest
from django.urls import reverse

from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.whatmatters.models import AppendOnly, Plan, PlanAction, PlanComment


@pytest.fixture
def nurse(login, people):
    return login(people.nurse_a)


def add_action(client, patient, **extra):
    data = {
        "description": "Følge til butikken hver fredag",
        "responsible": "Hjemmetjenesten, primærkontakt",
        "due_on": "2026-03-01",
        "status": "planned",
        "version": 0,
        **extra,
    }
    return client.post(reverse("whatmatters:action_new", args=[patient.pk]), data)


def test_an_action_is_saved_with_who_and_when(nurse, patient):
    assert add_action(nurse, patient).status_code == 302
    action = PlanAction.objects.get()
    assert action.responsible == "Hjemmetjenesten, primærkontakt"
    assert action.due_on == date(2026, 3, 1)
    page = nurse.get(reverse("whatmatters:plan", args=[patient.pk])).text
    assert "Følge til butikken hver fredag" in page and "01.03.2026" in page
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(action.pk)).exists()


def test_an_action_needs_a_description_and_someone_responsible(nurse, patient):
    response = add_action(nurse, patient, description="", responsible="")
    assert response.status_code == 200
    assert not PlanAction.objects.exists()


def test_a_stale_edit_of_an_action_gets_a_conflict(login, people, patient):
    add_action(login(people.nurse_a), patient)
    action = PlanAction.objects.get()
    url = reverse("whatmatters:action_edit", args=[patient.pk, action.pk])
    base = {"description": "Ny tekst", "responsible": "Fastlege", "status": "started"}
    first = login(people.nurse_a).post(url, {**base, "version": action.version})
    assert first.status_code == 302
    second = login(people.leader_a).post(
        url, {**base, "description": "Annen tekst", "version": action.version}
    )
    assert second.status_code == 200
    assert "Endringene dine ble ikke lagret" in second.text
    assert "Tiltak: Ny tekst" in second.text
    action.refresh_from_db()
    assert action.description == "Ny tekst"


def test_comments_are_kept_with_date_and_author(nurse, people, patient):
    url = reverse("whatmatters:comment_new", args=[patient.pk])
    nurse.post(url, {"text": "Jeg vil helst gå om formiddagen.", "source": "with_user"})
    comment = PlanComment.objects.get()
    assert comment.author == people.nurse_a
    assert comment.author_name == people.nurse_a.display_name()
    assert comment.created_at is not None
    page = nurse.get(reverse("whatmatters:plan", args=[patient.pk])).text
    assert "Jeg vil helst gå om formiddagen." in page


def test_comments_are_never_edited_away(people, patient):
    plan = Plan.objects.create(patient=patient)
    comment = PlanComment.objects.create(
        plan=plan, text="Min kommentar", author=people.nurse_a, author_name="Nurse_A"
    )
    comment.text = "Endret"
    with pytest.raises(AppendOnly):
        comment.save()
    with pytest.raises(AppendOnly):
        comment.delete()
    with pytest.raises(AppendOnly):
        PlanComment.objects.filter(pk=comment.pk).update(text="Endret")
    with pytest.raises(AppendOnly):
        PlanComment.objects.all().delete()
    assert PlanComment.objects.get().text == "Min kommentar"


def test_the_print_view_shows_the_actions_comments_and_individual_plan(nurse, patient):
    add_action(nurse, patient)
    nurse.post(
        reverse("whatmatters:comment_new", args=[patient.pk]),
        {"text": "Takk for hjelpen.", "source": "on_behalf"},
    )
    nurse.post(
        reverse("whatmatters:plan_details", args=[patient.pk]),
        {"individual_plan": "IP i journalsystemet, sist oppdatert i januar", "version": 1},
    )
    page = nurse.get(reverse("whatmatters:plan_print", args=[patient.pk])).text
    assert "Kari Nordmann" in page
    assert "Følge til butikken hver fredag" in page
    assert "Hjemmetjenesten, primærkontakt" in page
    assert "Takk for hjelpen." in page
    assert "IP i journalsystemet" in page


def test_the_pdf_is_a_pdf_for_the_user(nurse, patient):
    add_action(nurse, patient)
    response = nurse.get(reverse("whatmatters:plan_pdf", args=[patient.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
