"""In the browser: the allocation office uploads the fixture messages, reads the report,
and matches the message waiting for a user."""

import pytest

from pasientforlop.plo.models import MessageStatus, ReceivedMessage
from pasientforlop.plo.tests.conftest import FIXTURES

pytestmark = pytest.mark.browser


def test_the_allocation_office_imports_messages_and_matches_the_waiting_one(page, plo):
    page.log_in(plo.allocation_a.username)
    page.goto("/e-meldinger/importer/")
    page.set_input_files("#id_files", [str(p) for p in sorted(FIXTURES.glob("*.xml"))])
    page.submit("#import-messages")
    report = page.locator("#import-report").inner_text()
    assert "Utskrivningsklar 19.11.2026 08:15 registrert for Ingrid Hansen." in report
    assert "Venter på manuell kobling" in report

    page.click("nav a:text('E-meldinger')")
    page.wait_for_selector("#plo-messages")
    page.check_accessibility()
    page.click("a:text('Vis dem')")
    page.wait_for_url("**/e-meldinger/?status=unmatched")
    page.check_accessibility()
    page.click("#plo-messages a:text('Melding om innlagt pasient')")
    page.wait_for_selector("#create-patient")
    page.check_accessibility()
    page.submit("#create-patient")
    assert page.locator("#message-status").inner_text() == "Behandlet"
    waiting = ReceivedMessage.objects.get(msg_id__endswith="4e15")
    assert waiting.status == MessageStatus.PROCESSED
    assert waiting.patient.display_name() == "Kari Nilsen"


def test_a_nurse_reads_the_pathways_messages_in_time_order(page, plo):
    from pasientforlop.pathways.models import Pathway
    from pasientforlop.plo.tests.conftest import take

    for name in ("09_utskrevet.xml", "02_utskrivningsklar_ny.xml", "07_utskrivningsrapport.xml"):
        take(name)
    pathway = Pathway.objects.get(patient=plo.ingrid)
    page.log_in(plo.nurse_a.username)
    page.goto(f"/forlop/{pathway.pk}/e-meldinger/")
    items = page.locator(".pf-plo-messages > li").all_inner_texts()
    assert [item[:16] for item in items] == [
        "19.11.2026 08:15",
        "21.11.2026 15:00",
        "22.11.2026 12:00",
    ]
