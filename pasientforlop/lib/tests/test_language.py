from django.urls import reverse


def _switch(client, language):
    return client.post(reverse("set_language"), {"language": language, "next": "/logg-inn/"})


def test_the_default_language_is_bokmal_whatever_the_browser_asks_for(client, db):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nb"' in response.text
    assert "Logg inn" in response.text


def test_the_switch_changes_to_nynorsk(client, db):
    assert _switch(client, "nn").status_code == 302
    response = client.get(reverse("accounts:login"))
    assert '<html lang="nn"' in response.text
    assert "Logg inn med brukarnamnet" in response.text


def test_the_switch_changes_to_english_and_back(client, db):
    _switch(client, "en")
    response = client.get(reverse("accounts:login"))
    assert '<html lang="en"' in response.text
    assert "Log in with your user name" in response.text
    _switch(client, "nb")
    assert "Logg inn med brukernavnet" in client.get(reverse("accounts:login")).text


def test_an_unknown_language_falls_back_to_bokmal(client, db):
    client.cookies["django_language"] = "de"
    assert '<html lang="nb"' in client.get(reverse("accounts:login")).text


def test_dates_are_shown_as_day_month_year(db):
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from django.template import Context, Template
    from django.utils import translation

    from pasientforlop.lib.dates import format_date, format_datetime

    assert format_date(date(2026, 11, 24)) == "24.11.2026"
    # 23:30 UTC on 31 December is already New Year's Day in Oslo.
    late = datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert format_datetime(late) == "01.01.2027 00:30"
    for language in ["nb", "nn", "en"]:
        with translation.override(language):
            rendered = Template("{{ d|date }}").render(Context({"d": date(2026, 11, 24)}))
            assert rendered == "24.11.2026"


def test_every_message_is_translated_to_bokmal_and_nynorsk():
    import polib

    from pasientforlop.lib.i18n_files import LOCALE_DIR

    for language in ["nb", "nn"]:
        catalogue = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
        untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
        fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
        assert not untranslated, f"{language}: untranslated {untranslated}"
        assert not fuzzy, f"{language}: fuzzy {fuzzy}"
