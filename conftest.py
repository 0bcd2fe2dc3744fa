"""Fixtures shared by every app's tests."""

import pytest
from hypothesis import settings

from pasientforlop.test import PASSWORD, make_people

# The suite's property tests draw the same examples on every run, so a run on CI fails only
# where a run here fails too. Explore new random inputs with
# ``pytest --hypothesis-profile=explore``.
settings.register_profile("suite", derandomize=True, deadline=None)
settings.register_profile("explore", deadline=None)
settings.load_profile("suite")


@pytest.fixture
def people(db):
    return make_people()


@pytest.fixture
def login(client):
    """``login(user)`` logs the test client in as ``user`` and returns the client."""

    def _login(user):
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return _login


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    from pasientforlop.browser_testing import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser tab on the live server; every page it loads must pass axe-core."""
    from pasientforlop.browser_testing import CheckedPage

    context = chromium.new_context(
        locale="nb-NO", timezone_id="Europe/Oslo", viewport={"width": 1024, "height": 768}
    )
    checked = CheckedPage(context.new_page(), live_server.url)
    yield checked
    unchecked = checked.unchecked_pages()
    context.close()
    assert not unchecked, f"Pages loaded without an accessibility check: {unchecked}"
    assert not checked.csp_violations, (
        f"Content-Security-Policy violations: {checked.csp_violations}"
    )


def pytest_terminal_summary(terminalreporter):
    """Print the reliability figures (see pasientforlop/reliability.py) at the end of the run."""
    from pasientforlop.reliability import FIGURES

    if not FIGURES:
        return
    terminalreporter.section("reliability figures")
    for test, figures in sorted(FIGURES.items()):
        shown = ", ".join(f"{name} {value}" for name, value in figures.items())
        terminalreporter.write_line(f"{test}: {shown}")
