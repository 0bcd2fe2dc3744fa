"""Daily e-mail reminders: overdue steps and steps due tomorrow, one digest per person.

Who is responsible for a step of an open pathway (``closed_on`` is empty): its primary
contact, and every unit leader of the pathway's unit or of its municipality. Each person
gets one plain-text e-mail in their language (``language`` on the person when set, else
bokmål, ``LANGUAGE_CODE``), with singular and plural worded right, listing every such step, with the user of services
shown by initials (or pseudonym) and an absolute link to the pathway
(``PASIENTFORLOP_BASE_URL`` + ``/forlop/<id>/``); never a national ID. People without an
e-mail address, or inactive, get nothing. "Due tomorrow" is exactly ``date + 1``; a step
due today is neither (it was in yesterday's digest and will be overdue in tomorrow's). The
summary counts distinct steps (pathway + step), not e-mails × steps.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pasientforlop.accounts.choices import Role
from pasientforlop.accounts.models import Membership
from pasientforlop.lib.links import absolute_url
from pasientforlop.pathways import deadlines
from pasientforlop.pathways.choices import StepChoice
from pasientforlop.pathways.models import Pathway

CHUNK = 2000


@dataclass(frozen=True)
class Reminder:
    pathway_id: int
    who: str
    step: deadlines.Step
    due: date

    @property
    def path(self) -> str:
        return f"/forlop/{self.pathway_id}/"

    @property
    def url(self) -> str:
        return absolute_url(self.path)


def initials(patient) -> str:
    """``K.N.`` for Kari Nordmann; the pseudonym for users registered without identity."""
    names = [part for part in (patient.first_name, patient.last_name) if part.strip()]
    if not names:
        return patient.pseudonym
    return "".join(f"{name.strip()[0].upper()}." for name in names)


def due_reminders(pathway: Pathway, today: date) -> list[Reminder]:
    tomorrow = today + timedelta(days=1)
    return [
        Reminder(pathway.pk, initials(pathway.patient), state.step, state.due)
        for state in pathway.states(today)
        if state.status in (deadlines.Status.PENDING, deadlines.Status.OVERDUE)
        and state.due is not None
        and (state.due < today or state.due == tomorrow)
    ]


def collect(today: date) -> dict:
    """{user: [Reminder, ...]} for everyone with something overdue or due tomorrow."""
    leaders = defaultdict(list)
    for membership in Membership.objects.filter(role=Role.UNIT_LEADER).select_related("user"):
        leaders[membership.organisation_id].append(membership.user)
    pathways = (
        Pathway.objects.filter(closed_on__isnull=True)
        .select_related("patient", "primary_contact")
        .prefetch_related("records", "stays")
        .order_by("pk")
    )
    digests = defaultdict(list)
    for pathway in pathways.iterator(chunk_size=CHUNK):
        reminders = due_reminders(pathway, today)
        if not reminders:
            continue
        people = {*leaders[pathway.unit_id], *leaders[pathway.municipality_id]}
        if pathway.primary_contact is not None:
            people.add(pathway.primary_contact)
        for person in people:
            digests[person].extend(reminders)
    return {user: items for user, items in digests.items() if user.is_active and user.email}


def recipient_language(user) -> str:
    """The person's own language when one is stored and offered, else bokmål."""
    chosen = getattr(user, "language", "") or ""
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return settings.LANGUAGE_CODE


def _step(step: deadlines.Step) -> str:
    return str(StepChoice(step).label)


def body(user, reminders: list[Reminder], today: date) -> str:
    """The e-mail text in the active language."""
    tomorrow = today + timedelta(days=1)
    overdue = sorted((r for r in reminders if r.due < today), key=lambda r: (r.due, r.pathway_id))
    coming = sorted((r for r in reminders if r.due == tomorrow), key=lambda r: r.pathway_id)
    lines = [
        _("Hello %(name)s,") % {"name": user.first_name or user.username},
        "",
        _("These are steps in open pathways you are responsible for, as of %(day)s.")
        % {"day": deadlines.format_date(today)},
    ]
    if overdue:
        lines += ["", _("Past the deadline:")]
        for r in overdue:
            days = (today - r.due).days
            late = ngettext(
                "%(days)d day past the deadline", "%(days)d days past the deadline", days
            ) % {"days": days}
            lines.append(
                _("- %(who)s: %(step)s, deadline %(due)s (%(late)s) – %(url)s")
                % {
                    "who": r.who,
                    "step": _step(r.step),
                    "due": deadlines.format_date(r.due),
                    "late": late,
                    "url": r.url,
                }
            )
    if coming:
        lines += [
            "",
            _("Deadline tomorrow (%(day)s):") % {"day": deadlines.format_date(tomorrow)},
        ]
        lines += [f"- {r.who}: {_step(r.step)} – {r.url}" for r in coming]
    lines += ["", _("Regards, pasientforlop"), ""]
    return "\n".join(lines)


def subject(reminders: list[Reminder], today: date) -> str:
    """The subject line in the active language, each count with its own singular or plural."""
    overdue = sum(r.due < today for r in reminders)
    coming = len(reminders) - overdue
    past = ngettext(
        "%(count)d step past the deadline", "%(count)d steps past the deadline", overdue
    ) % {"count": overdue}
    due = ngettext("%(count)d due tomorrow", "%(count)d due tomorrow", coming) % {"count": coming}
    return _("Reminder: %(past)s and %(due)s") % {"past": past, "due": due}


def send_reminders(today: date) -> tuple[int, int]:
    """Send the digests; returns (e-mails sent, distinct steps mentioned)."""
    sent, steps = 0, set()
    for user, reminders in collect(today).items():
        with translation.override(recipient_language(user)):
            text = body(user, reminders, today)
            title = subject(reminders, today)
        send_mail(title, text, settings.DEFAULT_FROM_EMAIL, [user.email])
        sent += 1
        steps.update((r.pathway_id, r.step) for r in reminders)
    return sent, len(steps)


def command(day: str = "") -> int:
    """``pasientforlop reminders [--date YYYY-MM-DD]`` (run daily by cron)."""
    from pasientforlop.lib.dates import today_oslo
    from pasientforlop.pathways.imports import parse_date

    today = parse_date(day) if day else today_oslo()
    if today is None:
        print("Oppgi --date som ÅÅÅÅ-MM-DD.", file=sys.stderr)
        return 2
    sent, steps = send_reminders(today)
    print(f"Sendte {sent} e-poster om {steps} steg")
    return 0
