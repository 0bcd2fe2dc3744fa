"""The activities form offers every free line up to 10 at once (no saving to get more), and in
the browser adds them one at a time, in place."""

import pytest
from django.urls import reverse

from pasientforlop.whatmatters.models import Activity


def _url(patient):
    return reverse("whatmatters:activities", args=[patient.pk])


def test_a_new_form_offers_ten_lines(login, people, patient, pathway):
    text = login(people.nurse_a).get(_url(patient)).text
    assert text.count('name="activity_text"') == 10


def test_ten_activities_can_be_saved_at_once(login, people, patient, pathway):
    client = login(people.nurse_a)
    texts = [f"Aktivitet {n}" for n in range(1, 11)]
    client.post(_url(patient), {"activity_text": texts, "activity_id": [""] * 10, "version": 0})
    assert Activity.objects.count() == 10
    assert client.get(_url(patient)).text.count('name="activity_text"') == 10  # no free lines


@pytest.mark.browser
def test_lines_are_added_in_place(page, people, patient, pathway):
    page.log_in("nurse_a")
    page.goto(f"/brukere/{patient.pk}/hva-er-viktig/aktiviteter/")
    assert page.locator(".wm-line:visible").count() == 1
    add = page.get_by_role("button", name="Legg til en aktivitetslinje")
    page.fill("#activity-1", "Handle mat")
    add.click()
    assert page.locator(".wm-line:visible").count() == 2
    assert page.evaluate("document.activeElement.id") == "activity-2"
    for _ in range(8):
        add.click()
    assert page.locator(".wm-line:visible").count() == 10
    assert not add.is_visible()
    page.check_accessibility()
