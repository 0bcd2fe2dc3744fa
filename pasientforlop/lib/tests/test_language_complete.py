"""No English on a Norwegian page: every page of the route sweep, rendered in bokmål and in
nynorsk as the person who may see it, shows no source (English) string of the catalogue and no
common English word. Buttons, labels, placeholders, titles and alternative texts count.

A nynorsk page also shows none of a small list of bokmål-only words. The same holds for what
leaves the product by other ways: reminder e-mails, the headers of CSV and Excel downloads,
and the error pages (403, 404, 500)."""

import re
from html.parser import HTMLParser

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from pasientforlop.lib.tests.test_access_sweep import ROUTES, _user, world  # noqa: F401
from pasientforlop.test import PASSWORD

#: Words that are English and never Norwegian in this product's pages.
ENGLISH_WORDS = re.compile(
    r"\b(the|The|with|With|this|This|field|required|Select|select|please|Please|must|Enter|"
    r"enter|valid|invalid|Save|Cancel|Delete|Edit|Back|Next|Previous|Search|Download|"
    r"Overdue|Pending|Done|Not applicable|Show|Hide|Close|Open|Add|Remove|Yes|No|None|"
    r"should|your|Your|which|Which|from|From|have|has|been|will|there|these|those|"
    r"today|Today|week|month|year|name|Name|date|Date|number|Number)\b"
)
#: Bokmål words that nynorsk never uses: a nynorsk page showing one fell back to bokmål.
BOKMAL_ONLY = re.compile(
    r"\b(ikke|hva|hvem|hvor|hvordan|noen|ennå|bare|fra|mye|jeg|hvis|enhet|enheten|sykehus|"
    r"utført for sent|forfalt|på overtid)\b",
    re.IGNORECASE,
)

#: Words on a page that are English on purpose: names of standards, the language chooser.
ALLOWED = {"English"}
ATTRIBUTES = ("placeholder", "title", "alt", "aria-label", "value")


class _Text(HTMLParser):
    """The text a person reads: element text and the readable attributes, not scripts."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "svg", "code"):
            self._skip += 1
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") not in ("submit", "button"):
            attributes.pop("value", None)  # what someone typed, not the product's words
        if tag == "option":
            attributes.pop("value", None)
        self.parts.extend(str(attributes[a]) for a in ATTRIBUTES if attributes.get(a))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg", "code") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def readable_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.parts


def _source_strings() -> set[str]:
    """Catalogue msgids of two words or more whose bokmål differs from the English."""
    path = settings.BASE_DIR / "pasientforlop" / "locale" / "nb" / "LC_MESSAGES" / "django.po"
    return {
        entry.msgid
        for entry in polib.pofile(str(path))
        if " " in entry.msgid
        and entry.msgstr
        and entry.msgstr != entry.msgid
        and "%" not in entry.msgid
        and "{" not in entry.msgid
    }


SOURCE = None


def bokmal_on(html: str, data: tuple[str, ...] = ()) -> list[str]:
    """Readable parts of a nynorsk page with a bokmål-only word, names in the data aside."""
    found = []
    for part in readable_text(html):
        text = part
        for name in data:
            text = text.replace(name, "")
        if BOKMAL_ONLY.search(text):
            found.append(part)
    return found


def english_on(html: str) -> list[str]:
    global SOURCE
    if SOURCE is None:
        SOURCE = _source_strings()
    found = []
    for part in readable_text(html):
        if part in ALLOWED:
            continue
        if part in SOURCE:
            found.append(part)
        elif ENGLISH_WORDS.search(part):
            found.append(part)
    return found


PAGES = sorted(name for name, route in ROUTES.items() if route.method == "get")


@pytest.mark.parametrize("language", ["nb", "nn"])
@pytest.mark.parametrize("name", PAGES)
def test_no_english_on_a_norwegian_page(client, world, name, language):  # noqa: F811
    route = ROUTES[name]
    client.login(username=_user(world, route.right).username, password=PASSWORD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse(name, kwargs=route.kwargs(world)), follow=True)
    if "text/html" not in response.get("Content-Type", ""):
        return
    html = response.content.decode()
    english = english_on(html)
    assert english == [], f"{name} in {language} shows English: {english[:10]}"
    if language == "nn":
        bokmal = bokmal_on(html, _data_names(world))
        assert bokmal == [], f"{name} in nynorsk shows bokmål: {bokmal[:10]}"
    if 'method="post"' in html and not route.scoped:
        # The same form sent empty: its error messages must be Norwegian too.
        response = client.post(reverse(name, kwargs=route.kwargs(world)), follow=True)
        if "text/html" in response.get("Content-Type", ""):
            english = english_on(response.content.decode())
            assert english == [], f"{name} in {language}, sent empty, shows English: {english}"


def _data_names(world) -> tuple[str, ...]:  # noqa: F811
    """Text that is data, not the product's words: names in the test data, and content seeded
    in bokmål that each organisation edits as its own (docs/architecture.md, "Language")."""
    from pasientforlop.accounts.models import Organisation, User
    from pasientforlop.improvement.phases import PHASES
    from pasientforlop.networks.timeline import STANDARD_PACKAGES
    from pasientforlop.pathways.procedures import DEFAULT_PROCEDURES
    from pasientforlop.whatmatters.models import FormVersion
    from pasientforlop.whatmatters.scoring import DEFAULT_CHECKLIST_ITEMS

    names = [o.name for o in Organisation.objects.all()]
    names += [u.get_full_name() for u in User.objects.all() if u.get_full_name()]
    names += [f.name for f in FormVersion.objects.all()]
    for phases in PHASES.values():
        names += [text for phase in phases for text in (phase.name, phase.description)]
        names += [item for phase in phases for item in phase.checklist]
    names += [task for tasks in STANDARD_PACKAGES.values() for task in tasks]
    for guidance, items in DEFAULT_PROCEDURES.values():
        names += [guidance, *items]
    names += [item.text for item in DEFAULT_CHECKLIST_ITEMS]
    return tuple(sorted({n for n in names if n}, key=len, reverse=True))


# --- e-mails --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_reminder_emails_are_norwegian(people, language):
    from datetime import date, timedelta

    from django.utils import translation

    from pasientforlop.pathways.deadlines import Step
    from pasientforlop.pathways.reminders import Reminder, body, subject

    today = date(2026, 2, 10)
    reminders = [
        Reminder(1, "K.N.", Step.NEEDS_MAPPING, today - timedelta(days=1)),
        Reminder(2, "O.N.", Step.GP_VISIT, today - timedelta(days=4)),
        Reminder(3, "A.B.", Step.EVALUATION, today + timedelta(days=1)),
    ]
    with translation.override(language):
        text = subject(reminders, today) + "\n" + body(people.nurse_a, reminders, today)
    for line in text.splitlines():
        assert not ENGLISH_WORDS.search(line), line
        assert line.strip("- ") not in _sources(), line
        if language == "nn":
            assert not BOKMAL_ONLY.search(line), line


# --- downloads ------------------------------------------------------------------------------

DOWNLOADS = [
    "interop:worklist_download",
    "interop:measure_download",
    "interop:network_download",
    "pathways:indicator_download",
]


def _header(response, fmt: str) -> list[str]:
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        first = next(line for line in text.splitlines() if ";" in line)
        return [cell.strip('"') for cell in first.split(";")]
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    return [str(c) for c in max(rows[:3], key=len)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("language", ["nb", "nn"])
@pytest.mark.parametrize("name", DOWNLOADS)
def test_download_headers_are_norwegian(client, world, name, language, fmt):  # noqa: F811
    route = ROUTES[name]
    client.login(username=_user(world, route.right).username, password=PASSWORD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse(name, kwargs={**route.kwargs(world), "fmt": fmt}))
    assert response.status_code == 200, name
    header = _header(response, fmt)
    assert len(header) >= 2, header
    english = [cell for cell in header if cell in _sources() or ENGLISH_WORDS.search(cell)]
    assert english == [], f"{name} ({fmt}, {language}) has English headers: {english}"
    if language == "nn":
        bokmal = [cell for cell in header if BOKMAL_ONLY.search(cell)]
        assert bokmal == [], f"{name} ({fmt}) has bokmål headers in nynorsk: {bokmal}"


# --- error pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_error_pages_are_norwegian(client, world, language):  # noqa: F811
    from django.template.loader import render_to_string
    from django.utils import translation

    client.login(username=world.people.nurse_a.username, password=PASSWORD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages = {}
    response = client.get("/finnes-ikke-her/")
    assert response.status_code == 404
    pages["404"] = response.content.decode()
    route = ROUTES["audit:search"]  # the admin's page, refused to a nurse
    response = client.get(reverse("audit:search", kwargs=route.kwargs(world)))
    assert response.status_code == 403
    pages["403"] = response.content.decode()
    with translation.override(language):
        pages["500"] = render_to_string("500.html")
    for code, html in pages.items():
        assert readable_text(html), code
        assert english_on(html) == [], f"{code} in {language}: {english_on(html)}"
        if language == "nn":
            assert bokmal_on(html) == [], f"{code} in nynorsk: {bokmal_on(html)}"
    assert f'lang="{language}"' in pages["500"]


def _sources() -> set[str]:
    global SOURCE
    if SOURCE is None:
        SOURCE = _source_strings()
    return SOURCE
