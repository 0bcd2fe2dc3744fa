"""The standard shape of a learning network, as data. Pure: no Django.

A 3-month preparation phase, an 18-month network period with four two-day gatherings (at its
start and 6, 12 and 18 months in), the yearly national experience conference 6 months after
the fourth gathering and an experience gathering a year after the fourth. Coordinators move
every date afterwards; older networks had other shapes, so nothing else assumes this one.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

PREPARATION = "preparation"
NETWORK_PERIOD = "network_period"
GATHERING = "gathering"
EXPERIENCE_GATHERING = "experience_gathering"
NATIONAL_CONFERENCE = "national_conference"

PREPARATION_MONTHS = 3
NETWORK_MONTHS = 18
GATHERING_MONTHS = (0, 6, 12, 18)  # from the start of the network period
EXPERIENCE_AFTER_MONTHS = 12  # after the fourth gathering
CONFERENCE_AFTER_MONTHS = 6  # after the fourth gathering
GATHERING_DAYS = 2


@dataclass(frozen=True)
class Entry:
    kind: str
    number: int  # 1-4 for gatherings, 0 otherwise
    starts_on: date
    ends_on: date


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def standard(preparation_starts: date) -> list[Entry]:
    """The standard timeline of a network whose preparation phase starts on the given day."""
    period_start = add_months(preparation_starts, PREPARATION_MONTHS)
    period_end = add_months(period_start, NETWORK_MONTHS)
    two_days = timedelta(days=GATHERING_DAYS - 1)
    entries = [
        Entry(PREPARATION, 0, preparation_starts, period_start - timedelta(days=1)),
        Entry(NETWORK_PERIOD, 0, period_start, period_end),
    ]
    for number, offset in enumerate(GATHERING_MONTHS, start=1):
        day = add_months(period_start, offset)
        entries.append(Entry(GATHERING, number, day, day + two_days))
    fourth = entries[-1].starts_on
    conference = add_months(fourth, CONFERENCE_AFTER_MONTHS)
    experience = add_months(fourth, EXPERIENCE_AFTER_MONTHS)
    entries.append(Entry(NATIONAL_CONFERENCE, 0, conference, conference + timedelta(days=1)))
    entries.append(Entry(EXPERIENCE_GATHERING, 0, experience, experience))
    return entries


# The standard preparation packages before gatherings 1-3 (DOMAIN.md, seed 001), in bokmål:
# they are content that coordinators edit per network, not interface text.
STANDARD_PACKAGES: dict[int, tuple[str, ...]] = {
    1: (
        "Etabler forbedringsteamet.",
        "Kartlegg egne tjenester.",
        "Lytt til brukernes erfaringer: intervju minst to brukere om deres erfaringer med "
        "tjenestene.",
    ),
    2: (
        "Hvordan vil dere forankre forbedringsarbeidet?",
        "Hvilke konkrete mål har dere for forbedringsarbeidet?",
        "Hvilke målinger vil dere bruke?",
        "Hvilken plan har dere for brukerinvolvering i forbedringsarbeidet?",
    ),
    3: (
        "Hvilke nye løsninger og forbedringstiltak planlegger dere for å nå målene?",
        "Hvordan vil dere gå fram for å jobbe med målene i praksis?",
        "Hvilket behov for mer kunnskap har dere, og hva kan nettverket bidra med?",
    ),
}
