"""``network-reminders``: e-mail the contacts of every team whose preparation package is not
ready, ``days`` days before the gathering (7 by default; run daily).

Contacts: the team's leaders and the application's contact person. The text is in the active
language (bokmål, ``LANGUAGE_CODE``, when run from the command line). One e-mail per address
and gathering; a package reminded once for a date is not reminded again that day.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta

from django.core.mail import send_mail
from django.utils.translation import gettext as _

from pasientforlop.improvement.models import TeamRole
from pasientforlop.lib.dates import format_date, today_oslo
from pasientforlop.lib.links import absolute_url
from pasientforlop.networks.models import (
    Milestone,
    MilestoneKind,
    PackageStatus,
    Participation,
)
from pasientforlop.networks.services import package_state


def contacts(participation: Participation) -> set[str]:
    found = {
        member.user.email
        for member in participation.team.members.filter(role=TeamRole.LEADER).select_related("user")
        if member.user.email and member.user.is_active
    }
    if participation.application is not None and participation.application.contact_email:
        found.add(participation.application.contact_email)
    return found


def send(today: date, days: int) -> int:
    """E-mails sent."""
    sent = 0
    gatherings = Milestone.objects.filter(
        kind=MilestoneKind.GATHERING, starts_on=today + timedelta(days=days), tasks__isnull=False
    ).distinct()
    for milestone in gatherings.select_related("network"):
        for participation in milestone.network.participations.select_related("team", "application"):
            state = package_state(participation, milestone)
            if state.status == PackageStatus.READY or state.reminded_on == today:
                continue
            path = f"/nettverk/deltaker/{participation.pk}/pakke/{milestone.pk}/"
            for address in sorted(contacts(participation)):
                words = {
                    "gathering": milestone.title.lower(),
                    "network": milestone.network.name,
                    "team": participation.team.name,
                    "day": format_date(milestone.starts_on),
                    "link": absolute_url(path),
                }
                send_mail(
                    _("Preparation package before %(gathering)s in %(network)s") % words,
                    _(
                        "The preparation package of %(team)s is not finished.\n"
                        "The gathering starts %(day)s.\n\n"
                        "Answer the tasks and mark the package as ready: %(link)s\n"
                    )
                    % words,
                    None,
                    [address],
                )
                sent += 1
            state.reminded_on = today
            state.save(update_fields=["reminded_on"])
    return sent


def command(day: str, days: int) -> int:
    try:
        today = date.fromisoformat(day) if day else today_oslo()
    except ValueError:
        print("Datoen må være på formen ÅÅÅÅ-MM-DD.", file=sys.stderr)
        return 2
    print(f"{send(today, days)} påminnelser sendt.")
    return 0
