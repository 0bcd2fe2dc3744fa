from datetime import timedelta

import pytest

from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways.tests.factories import make_pathway

pytestmark = pytest.mark.browser


def _record(page, pathway, step, day=None, when=None, person=None, method=None):
    page.goto(f"/forlop/{pathway.pk}/steg/{step}/")
    if method:
        page.check(f"input[name=exchange_method][value={method}]")
    if person:
        page.select_option("#id_person", label=person)
    if when:
        page.fill("#id_done_at", when)
    else:
        page.fill("#id_done_on", day.isoformat())
    page.submit("main button[type=submit]")


def _status(page, label):
    box = page.locator(".pf-box", has=page.get_by_role("heading", name=label, exact=True))
    return box.locator(".pf-status").inner_text()


def test_discharge_coordinator_and_nurse_complete_the_chain(page, people):
    today = today_oslo()
    day = lambda n: today - timedelta(days=n)  # noqa: E731
    pathway = make_pathway(
        people, start_type="hospital_discharge", start_date=day(30), steps={"admission": day(30)}
    )

    page.log_in(people.discharge.username)
    page.goto("/sykehus/")
    assert "Ola Nordmann" in page.locator("main").inner_text()
    _record(page, pathway, "discharge_ready", when=f"{day(23).isoformat()}T10:30")
    _record(page, pathway, "information_exchange", day=day(23), method="video")
    assert "Utført" in _status(page, "Utskrivningsklar")
    assert "Utført" in _status(page, "Informasjonsutveksling")
    assert page.locator(".pf-box").count() == 3  # the hospital sees only its steps
    page.submit("header form[action='/logg-ut/'] button")

    page.log_in(people.nurse_a.username)
    _record(page, pathway, "home_services_start", day=day(22))
    _record(page, pathway, "primary_contact", day=day(21), person="Nurse_A")
    _record(page, pathway, "needs_mapping", day=day(20))

    page.goto("/arbeidsliste/")
    overdue = page.locator("section[aria-labelledby='bucket-overdue']").inner_text()
    assert "Fastlegebesøk" in overdue and "Ola Nordmann" in overdue
    week = page.locator("section[aria-labelledby='bucket-this_week']").inner_text()
    assert "Evaluering" in week

    page.locator("section[aria-labelledby='bucket-overdue'] a.ds-button").first.click()
    page.wait_for_load_state()
    page.check_accessibility()
    page.fill("#id_done_on", today.isoformat())
    page.submit("main button[type=submit]")

    assert "Utført" in _status(page, "Kartlegging av behov")
    assert "Utført etter fristen" in _status(page, "Fastlegebesøk")
    assert "Venter" in _status(page, "Evaluering")
    page.goto("/arbeidsliste/")
    assert "Ingenting her" in page.locator("section[aria-labelledby='bucket-overdue']").inner_text()
