"""In the browser: the header search finds a user, the banner shows who it is, the national
ID is revealed on request (and audited), and the user pages fit a 360 px phone screen."""

import os
from datetime import timedelta

import pytest

from pasientforlop.audit.models import AuditEvent
from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways.models import StepRecord
from pasientforlop.pathways.tests.factories import make_pathway, make_patient

pytestmark = pytest.mark.browser

FNR = "12034510170"


@pytest.fixture
def ingrid(people):
    patient = make_patient(people.municipality_a, "Ingrid Hansen", FNR)
    patient.unit = people.unit_a
    patient.gp_name = "Dr. Lege"
    patient.save()
    today = today_oslo()
    pathway = make_pathway(
        people,
        patient=patient,
        start_date=today - timedelta(days=2),
        steps={"home_services_start": today - timedelta(days=2)},
        primary_contact=people.nurse_a,
    )
    return patient, pathway


def _search(page, text):
    page.fill("#header-search", text)
    page.submit("header form[role=search] button[type=submit]")


def test_search_banner_and_revealing_the_national_id(page, people, ingrid):
    patient, pathway = ingrid
    page.log_in(people.nurse_a.username)
    for text in ["Hansen Ingrid", "hansen, ing", "120345", "12.03.1945", FNR]:
        page.goto("/")
        _search(page, text)
        assert "Ingrid Hansen" in page.locator("main table").inner_text(), text
    page.click("main table a:text('Ingrid Hansen')")
    page.wait_for_load_state()
    page.check_accessibility()
    banner = page.locator(".pf-banner")
    assert "12.03.1945" in banner.inner_text()
    assert "120345 *****" in banner.inner_text() and FNR not in page.content()
    assert not AuditEvent.objects.filter(object_type="pathways.patient_national_id").exists()
    banner.get_by_role("button", name="Vis").click()
    page.wait_for_selector(f".pf-banner .pf-nin:text('{FNR}')")
    page.check_accessibility()
    assert AuditEvent.objects.filter(
        object_type="pathways.patient_national_id", actor=people.nurse_a
    ).exists()
    page.goto(f"/forlop/{pathway.pk}/")
    assert "Ingrid Hansen" in page.locator(".pf-banner").inner_text()
    assert "Primærkontakt" in page.locator(".pf-banner").inner_text()


PHONE_PAGES = [
    "patient",
    "timeline",
    "step",
    "edit",
    "search",
    "wheel",
    "form",
    "activities",
    "plan",
    "checklist",
    "actors",
]


@pytest.mark.parametrize("which", PHONE_PAGES)
def test_user_pages_fit_a_phone_screen(page, people, ingrid, which):
    patient, pathway = ingrid
    page.set_viewport_size({"width": 360, "height": 740})
    page.log_in(people.nurse_a.username)
    path = {
        "patient": f"/brukere/{patient.pk}/",
        "timeline": f"/forlop/{pathway.pk}/",
        "step": f"/forlop/{pathway.pk}/steg/needs_mapping/",
        "edit": f"/brukere/{patient.pk}/endre/",
        "search": "/brukere/?q=hansen",
        "wheel": f"/brukere/{patient.pk}/samtalehjul/",
        "form": f"/brukere/{patient.pk}/hva-er-viktig/",
        "activities": f"/brukere/{patient.pk}/hva-er-viktig/aktiviteter/",
        "plan": f"/brukere/{patient.pk}/tiltaksplan/",
        "checklist": f"/brukere/{patient.pk}/sjekkliste/",
        "actors": f"/brukere/{patient.pk}/aktorkart/",
    }[which]
    page.goto(path)
    if os.environ.get("PASIENTFORLOP_SCREENSHOTS"):  # a directory to look at the pages in
        page.screenshot(
            path=f"{os.environ['PASIENTFORLOP_SCREENSHOTS']}/phone-{which}.png", full_page=True
        )
    wide = page.evaluate(
        """() => {
            const clipped = e => {  // visually hidden (screen-reader text, stacked table heads)
                for (; e; e = e.parentElement) {
                    const style = getComputedStyle(e);
                    if (style.clip !== 'auto' || style.clipPath !== 'none') return true;
                }
                return false;
            };
            const width = document.documentElement.clientWidth;
            return [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 1 && !clipped(e))
                .map(e => e.tagName + '.' + e.className);
        }"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, wide
    assert not wide, wide


def test_checkboxes_sit_beside_their_labels(page, people, ingrid):
    _patient, pathway = ingrid
    page.log_in(people.nurse_a.username)
    page.goto(f"/forlop/{pathway.pk}/steg/needs_mapping/")
    boxes = page.locator("main input[type=checkbox]")
    assert boxes.count() > 2
    for index in range(boxes.count()):
        box = boxes.nth(index)
        label = page.locator(f"label[for='{box.get_attribute('id')}']")
        if label.count() == 0:
            label = box.locator("xpath=ancestor::label")
        b, lab = box.bounding_box(), label.bounding_box()
        middle = b["y"] + b["height"] / 2
        assert lab["y"] <= middle <= lab["y"] + lab["height"], box.get_attribute("id")


def test_long_names_stay_inside_the_chain_boxes(page, people, ingrid):
    _patient, pathway = ingrid
    StepRecord.objects.filter(pathway=pathway).update(
        done_by_name="Kari-Mette Bakkeli-Østensen-Kristoffersdatter-Haugland"
    )
    page.log_in(people.nurse_a.username)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/forlop/{pathway.pk}/")
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('.pf-box')].filter(box => {
            const edge = box.getBoundingClientRect().right;
            return [...box.querySelectorAll('*')].some(e => e.getBoundingClientRect().right > edge + 1);
        }).length"""
    )
    assert overflowing == 0
