"""Reading what someone typed in the search box for users of services. Pure: no Django.

A search is one of three things:

- a full national identity number (11 digits, spaces allowed): an exact match;
- a birth date, ``ddmmyy`` ("120345") or ``dd.mm.yyyy`` ("12.03.1945", also ``-`` or ``/``):
  matched against the first six digits of the national identity number, which encode the
  birth date. A D-number adds 4 to the first digit, an H-number adds 4 to the third, and the
  Tax Administration's synthetic test numbers add 8 to the third: every variant is searched;
- otherwise words of a name, in any order, each matching any part of a name
  ("Hansen, ing" finds Ingrid Hansen).

Names are compared case-folded (``casefold``), so "ØSTBY" finds "Østby" on every database.
"""

import re
from dataclasses import dataclass
from datetime import date

_DATE = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})$")
_ELEVEN_DIGITS = re.compile(r"(?<!\d)((?:\d ?){10}\d)(?!\d)")


@dataclass(frozen=True)
class PatientQuery:
    words: tuple[str, ...] = ()
    national_id: str = ""
    #: Candidate first six digits of the national identity number (birth-date search).
    birth_prefixes: tuple[str, ...] = ()
    #: The full year when the search gave one (dd.mm.yyyy): narrows the century.
    birth_year: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.national_id or self.birth_prefixes)


def fold(text: str) -> str:
    """The form names are stored and compared in: case-folded, single spaces."""
    return " ".join(text.casefold().split())


def name_key(first_name: str, last_name: str, pseudonym: str = "") -> str:
    return fold(f"{first_name} {last_name} {pseudonym}")


def birth_prefixes(day: int, month: int, year: int) -> tuple[str, ...]:
    """Every first six digits a person born on that day may have: fødselsnummer, D-number,
    H-number and synthetic test numbers. Empty for a day that does not exist."""
    try:
        date(2000 if year < 100 else year, month, day)  # 2000 is a leap year
    except ValueError:
        return ()
    yy = year % 100
    days = (day, day + 40)
    months = (month, month + 40, month + 80)
    return tuple(f"{d:02d}{m:02d}{yy:02d}" for d in days for m in months)


def parse(text: str) -> PatientQuery:
    text = (text or "").strip()
    compact = "".join(text.split())
    if compact.isdigit() and len(compact) == 11:
        return PatientQuery(national_id=compact)
    if compact.isdigit() and len(compact) == 6:
        prefixes = birth_prefixes(int(compact[:2]), int(compact[2:4]), int(compact[4:]))
        if prefixes:
            return PatientQuery(birth_prefixes=prefixes)
    match = _DATE.match(compact)
    if match:
        day, month, year = (int(part) for part in match.groups())
        prefixes = birth_prefixes(day, month, year)
        if prefixes:
            full_year = year if len(match.group(3)) == 4 else None
            return PatientQuery(birth_prefixes=prefixes, birth_year=full_year)
    words = tuple(word for word in fold(re.sub(r"[,;]", " ", text)).split() if word)
    return PatientQuery(words=words)


def birth_date(national_id: str) -> date | None:
    """The birth date a national identity number encodes (fødselsnummer, D-number, H-number
    or synthetic test number), or None when it encodes none."""
    number = "".join(str(national_id or "").split())
    if len(number) != 11 or not number.isdigit():
        return None
    day, month, yy = int(number[:2]), int(number[2:4]), int(number[4:6])
    individual = int(number[6:9])
    if day > 40:
        day -= 40
    if month > 80:
        month -= 80
    elif month > 40:
        month -= 40
    if individual <= 499:
        century = 1900
    elif individual <= 749 and yy >= 54:
        century = 1800
    elif yy <= 39:
        century = 2000
    elif individual >= 900:
        century = 1900
    else:
        return None
    try:
        return date(century + yy, month, day)
    except ValueError:
        return None


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def mask_national_ids(text: str) -> str:
    """``text`` with every national identity number shown as its birth-date part only, for
    the audit log: "12034512345" → "120345*****"."""

    def _mask(match: re.Match) -> str:
        digits = "".join(match.group(1).split())
        if len(digits) != 11:
            return match.group(1)
        return digits[:6] + "*****"

    return _ELEVEN_DIGITS.sub(_mask, text)


def masked(national_id: str) -> str:
    """A national identity number as shown until someone asks for it: "120345 *****"."""
    return f"{national_id[:6]} *****" if len(national_id) == 11 else national_id
