"""Network e-mails and form messages in the reader's language (bokmål, nynorsk, English)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import translation

from pasientforlop.networks.forms import MilestoneForm, PersonForm, submission_problems
from pasientforlop.networks.models import Application
from pasientforlop.networks.reminders import send

EXPECTED = {
    "nb": ("Forberedelsespakke før", "er ikke ferdig", "Samlingen starter"),
    "nn": ("Førebuingspakke før", "er ikkje ferdig", "Samlinga startar"),
    "en": ("Preparation package before", "is not finished", "The gathering starts"),
}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_package_reminder_is_in_the_active_language(world, people, language):
    people.leader_a.email = "leader_a@example.org"
    people.leader_a.save()
    day = world.gathering.starts_on - timedelta(days=7)
    with translation.override(language):
        assert send(day, 7) == 1
    message = mail.outbox[0]
    subject_start, not_ready, starts = EXPECTED[language]
    assert message.subject.startswith(subject_start)
    assert not_ready in message.body and starts in message.body
    assert world.gathering.starts_on.strftime("%d.%m.%Y") in message.body


def test_the_reminder_is_bokmal_without_a_chosen_language(world, people):
    people.leader_a.email = "leader_a@example.org"
    people.leader_a.save()
    send(world.gathering.starts_on - timedelta(days=7), 7)
    assert "er ikke ferdig" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", "Det finnes ingen aktiv bruker med det brukernavnet."),
        ("nn", "Det finst ingen aktiv brukar med det brukarnamnet."),
        ("en", "There is no active user with that user name."),
    ],
)
def test_network_form_messages_follow_the_language(db, language, expected):
    with translation.override(language):
        form = PersonForm({"username": "nobody-here", "role": "coordinator"})
        assert not form.is_valid()
        assert form.errors["username"] == [expected]


def test_a_nynorsk_reader_sees_nynorsk_form_messages(world):
    with translation.override("nn"):
        form = MilestoneForm(
            {"kind": "gathering", "number": 9, "starts_on": "2027-03-02", "ends_on": "2027-03-01"}
        )
        assert not form.is_valid()
        assert form.errors["ends_on"] == ["Slutten kan ikkje kome før starten."]
        problems = submission_problems(Application(), [])
    assert problems == [
        "Oppgje ein kontaktperson med e-postadresse.",
        "Fortel kvifor kommunen vil delta.",
        "Skildre korleis deltakinga er forankra i administrativ leiing.",
        "Før opp medlemene i teamet.",
    ]
