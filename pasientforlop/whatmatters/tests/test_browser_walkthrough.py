"""A nurse walks through the toolkit in the browser: wheel, form, plan, PDF, checklist."""

import pytest

pytestmark = pytest.mark.browser


def test_a_nurse_walks_through_wheel_form_plan_pdf_and_checklist(page, people, patient):
    page.log_in("nurse_a")
    base = f"/brukere/{patient.pk}"

    page.goto(f"{base}/samtalehjul/")
    page.check("#id_area_0_chosen")
    page.check("#id_area_0_help")
    page.select_option("#id_area_0_priority", "1")
    page.fill("#id_area_9_name", "Gå tur med hunden")
    page.submit("main form button[type=submit]")
    assert "Samtalehjulet er lagret." in page.locator("main").inner_text()
    assert page.locator("main svg title").first.text_content() == "Samtalehjul"

    page.goto(f"{base}/hva-er-viktig/")
    page.click("text=Skriv ned aktivitetene")
    page.wait_for_load_state()
    page.check_accessibility()
    for number, text in enumerate(["Handle mat", "Gå tur", "Treffe venner", "Lage middag"], 1):
        if number > 3:
            break
        if number > 1:  # the next line appears in place
            page.click("text=Legg til en aktivitetslinje")
        page.fill(f"#activity-{number}", text)
    page.submit("main form button[type=submit]")
    page.click("text=Registrer en samtale")
    page.wait_for_load_state()
    page.check_accessibility()
    page.fill("#id_held_on", "2026-02-03")
    inputs = page.locator("input[name^=score_]")
    for index, score in enumerate(["1", "4", "1"]):
        inputs.nth(index).fill(score)
    page.submit("main form button[type=submit]")
    assert "2,0" in page.locator("table").inner_text()

    page.goto(f"{base}/tiltaksplan/")
    page.click("text=Legg til tiltak")
    page.wait_for_load_state()
    page.check_accessibility()
    page.fill("#id_description", "Følge til butikken hver fredag")
    page.fill("#id_responsible", "Hjemmetjenesten")
    page.fill("#id_due_on", "2026-03-01")
    page.submit("main form button[type=submit]")
    page.fill("#id_text", "Jeg vil helst gå om formiddagen.")
    page.submit("form[action$='kommentar/'] button[type=submit]")
    assert "Jeg vil helst gå om formiddagen." in page.locator("main").inner_text()

    with page.expect_download() as download:
        page.click("text=Brukerens kopi (PDF)")
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    page.goto(f"{base}/tiltaksplan/utskrift/")
    printed = page.locator("main").inner_text()
    assert "Følge til butikken hver fredag" in printed
    assert "Hjemmetjenesten" in printed
    assert "Jeg vil helst gå om formiddagen." in printed

    page.goto(f"{base}/sjekkliste/")
    assert "2,0" in page.locator("main").inner_text()
    page.check("#id_item_2_0")  # done
    page.submit("main form button[type=submit]")
    assert "2 av 10 poeng = 20 %" in page.locator("#fulfilment").inner_text()

    page.goto(f"{base}/aktorkart/")
    page.select_option("#id_kind", "gp")
    page.fill("#id_name", "Fastlege Hansen")
    page.select_option("#id_importance", "5")
    page.select_option("#id_influence", "4")
    page.submit("main form button[type=submit]")
    assert "Fastlege Hansen" in page.locator("table").inner_text()
