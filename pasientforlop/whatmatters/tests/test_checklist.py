"""The collaboration checklist: items 1 and 9 from the form, fulfilment in points and percent."""

from datetime import date
from fractions import Fraction

import pytest
from django.urls import reverse

from pasientforlop.whatmatters.models import Checklist, ChecklistTemplate
from pasientforlop.whatmatters.services import ActivityRow, add_conversation, save_activities
from pasientforlop.whatmatters.summary import checklist_rows, latest_form, panel_context, summarise


@pytest.fixture
def nurse(login, people):
    return login(people.nurse_a)


def seed_conversations(patient, user, count=2):
    form = save_activities(
        patient, None, [ActivityRow(None, t) for t in ("A", "B", "C", "D")], 0, user
    )
    pks = [a.pk for a in form.activities.all()]
    rounds = [(date(2026, 2, 3), [1, 4, 1, 2]), (date(2026, 4, 3), [5, 5, 5, 5])][:count]
    for held_on, scores in rounds:
        add_conversation(
            form,
            held_on=held_on,
            scores=dict(zip(pks, scores, strict=True)),
            with_user_present=True,
            note="",
            seen=form.version,
            user=user,
        )


def test_a_new_municipality_gets_the_default_ten_items(people):
    template = ChecklistTemplate.current_for(people.municipality_a)
    assert template.version == 1
    assert len(template.as_items()) == 10
    assert template.as_items()[0].holds_mean_of == 1
    assert template.as_items()[8].holds_mean_of == 2
    assert ChecklistTemplate.current_for(people.municipality_a) == template


def test_items_1_and_9_are_filled_from_the_conversation_means(nurse, people, patient):
    seed_conversations(patient, people.nurse_a)
    page = nurse.get(reverse("whatmatters:checklist", args=[patient.pk])).text
    assert "Gjennomsnitt: <strong>2,0</strong>" in page
    assert "Gjennomsnitt: <strong>5,0</strong>" in page
    assert "2 av 10 poeng = 20 %" in page


def test_eight_of_ten_points_is_80_percent(nurse, people, patient):
    seed_conversations(patient, people.nurse_a)
    data = {"version": 0}
    for number in (2, 3, 4, 5, 6):
        data[f"item_{number}"] = "done"
    data["item_7"] = "not_relevant"
    data["item_8"] = "relevant_not_done"
    data["item_10"] = "relevant_not_done"
    response = nurse.post(reverse("whatmatters:checklist", args=[patient.pk]), data)
    assert response.status_code == 302
    checklist = Checklist.objects.get()
    assert checklist.answers["7"] == "not_relevant"
    page = nurse.get(reverse("whatmatters:checklist", args=[patient.pk])).text
    assert "8 av 10 poeng = 80 %" in page
    summary = summarise(latest_form(patient))
    _rows, result = checklist_rows(checklist.template, checklist, summary)
    assert (result.points, result.max_points, result.percent) == (8, 10, Fraction(80))
    assert panel_context(patient)["whatmatters"]["fulfilment"] == "80 %"


def test_without_a_second_conversation_item_9_is_answered_by_hand(nurse, people, patient):
    seed_conversations(patient, people.nurse_a, count=1)
    nurse.post(
        reverse("whatmatters:checklist", args=[patient.pk]),
        {"version": 0, "item_9": "not_relevant"},
    )
    assert Checklist.objects.get().answers == {"9": "not_relevant"}


def test_a_stale_checklist_save_gets_a_conflict(login, people, patient):
    url = reverse("whatmatters:checklist", args=[patient.pk])
    login(people.nurse_a).post(url, {"version": 0, "item_2": "done"})
    login(people.nurse_a).post(url, {"version": 1, "item_3": "done"})
    response = login(people.leader_a).post(url, {"version": 1, "item_3": "not_relevant"})
    assert response.status_code == 200
    assert "Endringene dine ble ikke lagret" in response.text
    assert Checklist.objects.get().answers == {"3": "done"}


def test_a_teams_own_items_count_over_their_own_number(people, patient):
    template = ChecklistTemplate.objects.create(
        organisation=people.municipality_a,
        version=2,
        items=[{"number": 1, "text": "Eget punkt"}, {"number": 2, "text": "Annet punkt"}],
    )
    assert ChecklistTemplate.current_for(people.municipality_a) == template
    checklist = Checklist.objects.create(patient=patient, template=template, answers={"1": "done"})
    _rows, result = checklist_rows(template, checklist, None)
    assert (result.points, result.max_points, result.percent) == (1, 2, Fraction(50))
