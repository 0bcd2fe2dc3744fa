"""Daily reminders: one e-mail per responsible person with overdue and due-tomorrow steps."""

from datetime import date, timedelta

from django.core import mail
from django.utils import translation

from pasientforlop.cli import main
from pasientforlop.pathways.models import Patient
from pasientforlop.pathways.tests.factories import FNR, make_pathway, make_patient

TODAY = date(2026, 2, 10)


def make_data(people):
    for user in (people.nurse_a, people.leader_a, people.nurse_b, people.gp_a):
        user.email = f"{user.username}@example.no"
        user.save()
    kari = make_patient(people.municipality_a, "Kari Nordmann")
    overdue_and_tomorrow = make_pathway(
        people,
        patient=kari,
        primary_contact=people.nurse_a,
        start_date=date(2026, 1, 28),
        steps={"home_services_start": date(2026, 1, 28), "primary_contact": date(2026, 1, 29)},
    )  # needs_mapping due 31 Jan (overdue), gp_visit due 11 Feb (tomorrow), evaluation 25 Feb
    no_contact = make_pathway(
        people,
        patient=Patient.objects.create(municipality=people.municipality_a, pseudonym="ABC-7"),
        start_date=date(2026, 2, 4),
        steps={"home_services_start": date(2026, 2, 4), "needs_mapping": date(2026, 2, 5)},
    )  # primary_contact due 7 Feb (overdue)
    make_pathway(
        people,
        patient=Patient.objects.create(municipality=people.municipality_a, pseudonym="closed"),
        primary_contact=people.nurse_a,
        start_date=date(2026, 1, 2),
        closed_on=date(2026, 1, 20),
        steps={"home_services_start": date(2026, 1, 2)},
    )
    other = make_pathway(
        people,
        patient=Patient.objects.create(municipality=people.municipality_b, pseudonym="B-1"),
        primary_contact=people.nurse_b,
        start_date=date(2026, 2, 1),
        steps={"home_services_start": date(2026, 2, 1), "needs_mapping": date(2026, 2, 2)},
    )  # primary_contact due 4 Feb (overdue)
    return overdue_and_tomorrow, no_contact, other


BASE = "http://localhost:8000"  # PASIENTFORLOP_BASE_URL's default


def send(capsys):
    assert main(["reminders", "--date", TODAY.isoformat()]) == 0
    return capsys.readouterr().out


def test_each_responsible_person_gets_one_email_with_their_steps(people, capsys):
    first, second, other = make_data(people)
    assert send(capsys) == "Sendte 3 e-poster om 4 steg\n"
    by_person = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_person) == ["leader_a@example.no", "nurse_a@example.no", "nurse_b@example.no"]
    nurse = by_person["nurse_a@example.no"].body
    assert (
        f"- K.N.: Kartlegging av behov, frist 31.01.2026 (10 dager over fristen) – {BASE}/forlop/{first.pk}/"
        in nurse
    )
    assert "Frist i morgen (11.02.2026):" in nurse
    assert f"- K.N.: Fastlegebesøk – {BASE}/forlop/{first.pk}/" in nurse
    assert "ABC-7" not in nurse and "Evaluering" not in nurse
    leader = by_person["leader_a@example.no"].body
    assert f"/forlop/{first.pk}/" in leader and "ABC-7: Primærkontakt oppnevnt" in leader
    assert f"/forlop/{other.pk}/" not in leader
    assert "B-1: Primærkontakt oppnevnt" in by_person["nurse_b@example.no"].body
    assert by_person["nurse_a@example.no"].subject == (
        "Påminnelse: 1 steg over fristen og 1 med frist i morgen"
    )


def test_no_national_id_or_full_name_is_in_the_email(people, capsys):
    make_data(people)
    send(capsys)
    for message in mail.outbox:
        assert FNR not in message.body and "Nordmann" not in message.body
        assert FNR not in message.subject


def test_closed_pathways_done_steps_and_later_steps_give_no_email(people, capsys):
    make_data(people)
    assert main(["reminders", "--date", "2026-01-29"]) == 0
    assert capsys.readouterr().out == "Sendte 0 e-poster om 0 steg\n"
    assert mail.outbox == []


def test_people_without_an_email_address_get_nothing(people, capsys):
    make_data(people)
    people.nurse_b.email = ""
    people.nurse_b.save()
    assert send(capsys) == "Sendte 2 e-poster om 3 steg\n"


def test_a_bad_date_is_explained(people, capsys):
    assert main(["reminders", "--date", "10.02.2026"]) == 2
    assert "ÅÅÅÅ-MM-DD" in capsys.readouterr().err


def test_links_are_absolute_on_the_configured_address(people, capsys, settings):
    settings.BASE_URL = "https://pasientforlop.kommune.no/"
    first, _second, _other = make_data(people)
    send(capsys)
    body = next(m.body for m in mail.outbox if m.to == ["nurse_a@example.no"])
    assert f"– https://pasientforlop.kommune.no/forlop/{first.pk}/" in body


def _reminders(days_late: tuple[int, ...], coming: int = 0):
    from pasientforlop.pathways.deadlines import Step
    from pasientforlop.pathways.reminders import Reminder

    late = [
        Reminder(i, "K.N.", Step.GP_VISIT, TODAY - timedelta(days=d))
        for i, d in enumerate(days_late)
    ]
    tomorrow = [
        Reminder(100 + i, "O.N.", Step.EVALUATION, TODAY + timedelta(days=1)) for i in range(coming)
    ]
    return late + tomorrow


def test_one_day_late_is_singular_and_more_is_plural(people):
    from pasientforlop.pathways.reminders import body

    with translation.override("nb"):
        text = body(people.nurse_a, _reminders((1, 3)), TODAY)
    assert "(1 dag over fristen)" in text and "(3 dager over fristen)" in text
    assert "Over fristen:" in text and "Forfalt" not in text


def test_the_email_is_in_the_recipients_language_and_bokmal_without_one(people):
    from pasientforlop.pathways.reminders import body, recipient_language, subject

    assert recipient_language(people.nurse_a) == "nb"
    people.nurse_a.language = "nn"
    assert recipient_language(people.nurse_a) == "nn"
    with translation.override(recipient_language(people.nurse_a)):
        text = body(people.nurse_a, _reminders((3,), coming=1), TODAY)
        title = subject(_reminders((3,), coming=1), TODAY)
    assert "(3 dagar over fristen)" in text and "Frist i morgon (11.02.2026):" in text
    assert "Helsing pasientforlop" in text and "Fastlegebesøk" in text
    assert title == "Påminning: 1 steg over fristen og 1 med frist i morgon"
    people.nurse_a.language = "en"
    with translation.override(recipient_language(people.nurse_a)):
        text = body(people.nurse_a, _reminders((1,)), TODAY)
    assert "(1 day past the deadline)" in text and "GP visit" in text
