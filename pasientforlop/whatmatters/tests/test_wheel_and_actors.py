"""The conversation wheel and the actor map: pages and the pure SVG drawings."""

import pytest
from django.urls import reverse

from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.whatmatters.actormap import MapActor, render_actor_map
from pasientforlop.whatmatters.models import Actor, Wheel
from pasientforlop.whatmatters.wheel import WheelArea, ordered, render_wheel


@pytest.fixture
def nurse(login, people):
    return login(people.nurse_a)


def test_the_wheel_keeps_chosen_areas_own_words_help_and_priority(nurse, patient):
    # area_0 = bolig, area_1 = økonomi; own words start after the nine defaults
    response = nurse.post(
        reverse("whatmatters:wheel", args=[patient.pk]),
        {
            "version": 0,
            "area_0_chosen": "on",
            "area_0_help": "on",
            "area_0_priority": "2",
            "area_1_chosen": "on",
            "area_9_name": "Gå tur med hunden",
            "area_9_priority": "1",
        },
    )
    assert response.status_code == 302
    areas = Wheel.objects.get().areas
    assert areas == [
        {"name": "bolig", "wants_help": True, "priority": 2, "own_words": False},
        {"name": "økonomi", "wants_help": False, "priority": None, "own_words": False},
        {"name": "Gå tur med hunden", "wants_help": False, "priority": 1, "own_words": True},
    ]
    page = nurse.get(reverse("whatmatters:wheel", args=[patient.pk])).text
    assert "<svg" in page and "Gå tur med hunden" in page


def test_two_areas_with_the_same_priority_are_refused(nurse, patient):
    response = nurse.post(
        reverse("whatmatters:wheel", args=[patient.pk]),
        {"version": 0, "area_0_priority": "1", "area_1_priority": "1"},
    )
    assert response.status_code == 200
    assert "To livsområder har samme prioritet." in response.text
    assert not Wheel.objects.exists()


def test_a_stale_wheel_save_gets_a_conflict(login, people, patient):
    url = reverse("whatmatters:wheel", args=[patient.pk])
    login(people.nurse_a).post(url, {"version": 0, "area_0_chosen": "on"})
    response = login(people.leader_a).post(url, {"version": 0, "area_1_chosen": "on"})
    assert response.status_code == 200
    assert "Endringene dine ble ikke lagret" in response.text
    assert [a["name"] for a in Wheel.objects.get().areas] == ["bolig"]


def test_actors_are_added_changed_and_removed_with_an_audit_trail(nurse, patient):
    url = reverse("whatmatters:actors", args=[patient.pk])
    data = {
        "kind": "family",
        "name": "Ola (sønn)",
        "relation": "sønn",
        "importance": 5,
        "influence": 3,
        "note": "",
        "version": 0,
    }
    assert nurse.post(url, data).status_code == 302
    actor = Actor.objects.get()
    edit = reverse("whatmatters:actor_edit", args=[patient.pk, actor.pk])
    assert nurse.post(edit, {**data, "influence": 4, "version": actor.version}).status_code == 302
    actor.refresh_from_db()
    assert actor.influence == 4
    page = nurse.get(url).text
    assert "Ola (sønn)" in page and "<svg" in page
    nurse.post(reverse("whatmatters:actor_delete", args=[patient.pk, actor.pk]))
    assert not Actor.objects.exists()
    deleted = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert deleted.before["name"] == "Ola (sønn)"


def test_an_importance_outside_1_to_5_is_refused(nurse, patient):
    url = reverse("whatmatters:actors", args=[patient.pk])
    response = nurse.post(
        url, {"kind": "gp", "name": "Fastlegen", "importance": 9, "influence": 3, "version": 0}
    )
    assert response.status_code == 200
    assert not Actor.objects.exists()


def test_the_wheel_svg_is_accessible_and_escapes_the_users_words():
    svg = render_wheel([WheelArea("<b>bolig</b>", True, 1), WheelArea("arbeid")])
    assert "<title" in svg and "<desc" in svg and 'role="img"' in svg
    assert "<b>" not in svg and "&lt;b&gt;bolig" in svg
    assert "prioritet 1, ønsker hjelp" in svg
    assert "Ingen livsområder" in render_wheel([])


def test_prioritised_areas_come_first():
    areas = [WheelArea("a"), WheelArea("b", priority=2), WheelArea("c", priority=1)]
    assert [a.name for a in ordered(areas)] == ["c", "b", "a"]


def test_the_actor_map_lists_every_actor_in_words_and_clamps_the_scale():
    svg = render_actor_map([MapActor("Kari", 5, 2, "familie"), MapActor("NAV", 9, 0)])
    assert "1. Kari (familie): betydning 5, innflytelse 2" in svg
    assert "2. NAV: betydning 9, innflytelse 0" in svg
    assert svg.count("<circle") == 2
    assert "Ingen aktører" in render_actor_map([])
