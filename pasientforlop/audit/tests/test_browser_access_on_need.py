"""Access on need in the browser: a nurse without a care relation opens a user's record by
stating a reason, the audit trail flags it, and the privacy officer reviews it."""

import pytest

from pasientforlop.accounts.choices import OrganisationKind, UnitKind
from pasientforlop.accounts.models import Organisation
from pasientforlop.audit.models import AccessOnNeed, AuditAction, AuditEvent
from pasientforlop.pathways.tests.factories import make_patient

pytestmark = pytest.mark.browser


def test_a_nurse_opens_a_record_on_need_and_the_privacy_officer_reviews_it(page, people):
    other_unit = Organisation.objects.create(
        kind=OrganisationKind.UNIT,
        name="Hjemmetjenesten Nord",
        parent=people.municipality_a,
        unit_kind=UnitKind.HOME_SERVICES,
    )
    patient = make_patient(people.municipality_a, "Sigrid Sveip")
    patient.unit = other_unit  # served by another unit: nurse_a has no care relation
    patient.save()

    page.log_in(people.nurse_a.username)
    # The search finds her by name and birth year only, marked as access on need.
    page.goto("/brukere/?q=Sigrid")
    result = page.locator("main table").inner_text()
    assert "Sigrid Sveip" in result and "1965" in result and "15.07.1965" not in result
    page.click("main table a:has-text('Sigrid Sveip')")
    page.wait_for_load_state()
    page.check_accessibility()
    main = page.locator("main")
    assert "Tilgang ved behov" in main.inner_text()
    assert "Sigrid Sveip (født 1965)" in main.inner_text()
    assert not AccessOnNeed.objects.exists()

    # No reason, then "other" without an explanation: refused, nothing opened.
    page.submit("main form button[type=submit]")
    assert "Velg hvorfor du må åpne journalen." in page.locator("main").inner_text()
    page.check("input[name=reason][value=annet]")
    page.submit("main form button[type=submit]")
    assert "Forklar hvorfor når du velger «Annet»." in page.locator("main").inner_text()
    assert not AccessOnNeed.objects.exists()

    page.check("input[name=reason][value=akutt]")
    page.submit("main form button[type=submit]")
    assert page.url.endswith(f"/brukere/{patient.pk}/")
    main_text = page.locator("main").inner_text()
    assert "Du har tilgang til denne journalen til" in main_text
    assert "Sigrid" in main_text
    grant = AccessOnNeed.objects.get()
    assert grant.user == people.nurse_a and grant.reason == "akutt"
    assert (grant.expires_at - grant.granted_at).total_seconds() == 8 * 3600
    read = AuditEvent.objects.filter(
        actor=people.nurse_a, patient_id=patient.pk, action=AuditAction.VIEW
    ).latest("id")
    assert "tilgang ved behov" in read.reason
    page.submit("header form[action='/logg-ut/'] button")

    page.log_in(people.privacy_a.username)
    page.goto(f"/revisjon/bruker/{patient.pk}/")
    trail = page.locator("main").inner_text()
    assert "Åpnet ved tilgang ved behov" in trail and "nurse_a" in trail

    page.goto("/revisjon/gjennomgang/")
    assert page.locator("[data-testid=count-open]").inner_text() == "1"
    row = page.locator(f"[data-testid=grant-{grant.pk}]")
    assert "Akutt" in row.inner_text() and "Sigrid Sveip" in row.inner_text()
    page.fill(f"#note-{grant.pk}", "Ringt av legevakten, i orden.")
    page.submit(f"[data-testid=grant-{grant.pk}] button[type=submit]")
    assert "Merket som gjennomgått." in page.locator("main").inner_text()
    assert page.locator("[data-testid=count-open]").inner_text() == "0"
    grant.refresh_from_db()
    assert grant.reviewed_by == people.privacy_a and grant.review_note.startswith("Ringt")

    page.goto(f"/revisjon/ansatt/{people.nurse_a.pk}/")
    assert "Åpnet ved tilgang ved behov" in page.locator("main").inner_text()
    page.goto("/revisjon/stikkprove/")
    assert "Sigrid Sveip" in page.locator("main").inner_text()
