"""The handover in the browser: discharge-ready in hospital → the allocation office's inbox →
assigned unit, primary contact and planned start → the nurse's day and worklist show the
user as incoming → home services start moves the user into the chain. And the worklist and
inbox fit a 360 px phone screen."""

import os
from datetime import timedelta
from pathlib import Path

import pytest

from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways.tests.factories import make_pathway

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(os.environ.get("PF_SCREENSHOT_DIR", "/tmp"))


def _log_out(page):
    page.submit("header form[action='/logg-ut/'] button")


def _section(page, section_id):
    return page.locator(f"section[aria-labelledby='{section_id}']").inner_text()


@pytest.fixture
def admitted(people):
    today = today_oslo()
    return make_pathway(
        people,
        start_type="hospital_discharge",
        start_date=today - timedelta(days=3),
        steps={"admission": today - timedelta(days=3)},
        hospital_ward="Medisinsk sengepost 3",
    )


def test_discharge_ready_reaches_the_inbox_and_the_nurses_day(page, people, admitted):
    today = today_oslo()
    yesterday = today - timedelta(days=1)
    planned = today + timedelta(days=2)

    # The discharge coordinator declares the patient discharge-ready.
    page.log_in(people.discharge.username)
    page.goto(f"/forlop/{admitted.pk}/steg/discharge_ready/")
    page.fill("#id_done_at", f"{yesterday.isoformat()}T08:15")
    page.submit("main form[novalidate] button[type=submit]")
    _log_out(page)

    # The allocation office sees the user in the inbox at once, and assigns.
    page.log_in(people.allocation_a.username)
    page.goto("/innkommende/")
    from_hospital = _section(page, "inbox-hospital")
    assert "Ola Nordmann" in from_hospital
    assert "Medisinsk sengepost 3" in from_hospital
    assert f"{yesterday:%d.%m.%Y} 08:15" in from_hospital
    page.get_by_role("link", name="Tildel").first.click()
    page.wait_for_load_state()
    page.check_accessibility()
    page.select_option("#id_unit", label="Hjemmetjenesten A")
    page.select_option("#id_primary_contact", label="Nurse_A")
    page.fill("#id_planned_start", planned.isoformat())
    page.submit("main form[novalidate] button[type=submit]")
    assert "Ola Nordmann er tildelt Hjemmetjenesten A" in page.locator("main").inner_text()
    card = _section(page, "inbox-hospital")
    assert f"{planned:%d.%m.%Y}" in card and "Nurse_A" in card
    _log_out(page)

    # The nurse's day and worklist show the user as incoming with the planned start.
    page.log_in(people.nurse_a.username)
    assert page.locator("#count-incoming").inner_text() == "1"
    incoming = _section(page, "day-incoming")
    assert "Ola Nordmann" in incoming and f"{planned:%d.%m.%Y}" in incoming
    page.goto("/arbeidsliste/")
    incoming = _section(page, "bucket-incoming")
    assert "Ola Nordmann" in incoming and f"{planned:%d.%m.%Y}" in incoming

    # Recording home services start moves the user into the chain.
    page.goto(f"/forlop/{admitted.pk}/steg/home_services_start/")
    page.fill("#id_done_on", today.isoformat())
    page.submit("main form[novalidate] button[type=submit]")
    page.goto("/arbeidsliste/")
    assert "Ola Nordmann" not in _section(page, "bucket-incoming")
    assert "Kartlegging av behov" in _section(page, "bucket-this_week")
    page.goto("/")
    assert page.locator("#count-incoming").inner_text() == "0"


def _fits(page, name):
    page.screenshot(path=str(SCREENSHOTS / f"phone-{name}.png"), full_page=True)
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map(e => e.tagName + '.' + e.className)"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, wide
    assert not wide, wide


@pytest.mark.parametrize(
    "who,path", [("allocation_a", "/innkommende/"), ("nurse_a", "/arbeidsliste/"), ("nurse_a", "/")]
)
def test_the_inbox_worklist_and_day_fit_a_phone_screen(page, people, admitted, who, path):
    today = today_oslo()
    admitted.planned_start = today + timedelta(days=2)
    admitted.primary_contact = people.nurse_a
    admitted.save()
    make_pathway(
        people,
        patient=admitted.patient.__class__.objects.create(
            municipality=people.municipality_a,
            first_name="Bernhardine Konstanse",
            last_name="Kristoffersen-Haraldsen",
            national_id="13097248022",
        ),
        start_date=today - timedelta(days=10),
        steps={"home_services_start": today - timedelta(days=10)},
        primary_contact=people.nurse_a,
    )
    page.set_viewport_size({"width": 360, "height": 740})
    page.log_in(getattr(people, who).username)
    page.goto(path)
    _fits(page, f"{who}-{path.strip('/') or 'day'}")
