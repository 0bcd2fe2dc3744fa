import pytest

from pasientforlop.test import PASSWORD

pytestmark = pytest.mark.browser


def test_a_demo_user_logs_in_and_sees_the_start_page(page, people):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Logg inn"
    page.fill("#id_username", "leader_a")
    page.fill("#id_password", PASSWORD)
    page.submit("main button[type=submit]")
    assert "Velkommen" in page.locator("h1").inner_text()
    assert page.get_by_text("Enhetsleder").is_visible()
    page.click("text=Hjemmetjenesten A")
    page.wait_for_load_state()
    page.check_accessibility()
    assert page.locator("h1").inner_text() == "Hjemmetjenesten A"


def test_a_wrong_password_is_explained_in_the_browser(page, people):
    page.goto("/logg-inn/")
    page.fill("#id_username", "leader_a")
    page.fill("#id_password", "wrong")
    page.submit("main button[type=submit]")
    assert "Feil brukernavn eller passord" in page.locator("main").inner_text()


def test_the_language_switch_works_from_the_keyboard(page, people):
    page.goto("/logg-inn/")
    page.select_option("#language-select", "nn")
    page.focus("header button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.check_accessibility()
    assert page.locator("html").get_attribute("lang") == "nn"
