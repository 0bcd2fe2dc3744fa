"""Browser tests in Debian's Chromium, with axe-core checking every page for WCAG 2.1 A/AA.

``CheckedPage`` wraps a Playwright page: ``goto`` and ``submit`` run axe on the page they
arrive at, and the fixture fails a test that loaded a page it never checked.
"""

import json
from pathlib import Path

from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_source() -> str:
    return (Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js").read_text()


class AccessibilityViolation(AssertionError):
    pass


class CheckedPage:
    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.loaded: list[str] = []
        self.checked: set[str] = set()
        self.csp_violations: list[str] = []
        page.on("load", lambda p: self.loaded.append(p.url))
        page.on("console", self._watch_console)

    def _watch_console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def __getattr__(self, name):
        return getattr(self.page, name)

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        self.check_accessibility()
        return response

    def submit(self, selector: str):
        """Click a submit button and wait for the page it leads to."""
        with self.page.expect_navigation():
            self.page.click(selector)
        self.check_accessibility()

    def log_in(self, username: str, password: str | None = None) -> None:
        """Log in through the log-in page (the test people's shared password by default)."""
        from pasientforlop.test import PASSWORD

        self.goto("/logg-inn/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD if password is None else password)
        self.submit("main button[type=submit]")

    def check_accessibility(self) -> None:
        page = self.page
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source())
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        self.checked.add(page.url)
        violations = [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in result["violations"]
        ]
        if violations:
            raise AccessibilityViolation(
                f"WCAG 2.1 A/AA violations on {page.url}:\n" + json.dumps(violations, indent=2)
            )

    def unchecked_pages(self) -> list[str]:
        return [url for url in self.loaded if url not in self.checked]
