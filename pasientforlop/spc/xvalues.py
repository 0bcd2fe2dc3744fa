"""Reading and ordering the x values (periods).

All x values must be of one kind, decided from the values themselves:

* ``number``: ints/floats or strings that parse as finite decimal numbers (``"3"``, ``"2.5"``,
  ``"2,5"``), ordered numerically; ``"1"`` and ``"1.0"`` are the same subgroup.
* ``date``: :class:`datetime.date`/:class:`datetime.datetime` values or ISO strings
  ``YYYY-MM-DD`` or ``YYYY-MM`` (the first of the month), ordered in time.
* ``category``: any other text, ordered by Unicode code point (qicharts2 orders categorical x
  by the factor levels, i.e. alphabetically in the R session's locale). As in qicharts2,
  categorical x makes a funnel-type chart: no runs analysis, and P'/U' use ``sd(z)``.

Mixing kinds (e.g. a date among numbers) cannot be ordered and is refused.
"""

import datetime as dt
import math
import re
from enum import StrEnum

from .errors import SpcInputError

_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


class XKind(StrEnum):
    NUMBER = "number"
    DATE = "date"
    CATEGORY = "category"


_KIND_NAMES = {XKind.NUMBER: "et tall", XKind.DATE: "en dato", XKind.CATEGORY: "en tekst"}


def parse_decimal(text: str) -> float | None:
    """A finite number written with ``.`` or a single decimal comma, else None."""
    text = text.strip()
    if _DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _parse_iso_date(text: str, row: int) -> dt.datetime | None:
    match = _DATE.match(text)
    if not match:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3) or "01"
    try:
        return dt.datetime(int(year), int(month), int(day))
    except ValueError:
        raise SpcInputError(f"x er ikke en gyldig dato ('{text}')", row) from None


def _classify(value: object, row: int) -> tuple[XKind, object]:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise SpcInputError("x mangler", row)
    if isinstance(value, bool):
        raise SpcInputError(f"x kan ikke være en sannhetsverdi ({value!r})", row)
    if isinstance(value, dt.datetime):
        return XKind.DATE, value
    if isinstance(value, dt.date):
        return XKind.DATE, dt.datetime(value.year, value.month, value.day)
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise SpcInputError(f"x er ikke et endelig tall ({value!r})", row)
        return XKind.NUMBER, float(value)
    text = str(value).strip()
    number = parse_decimal(text)
    if number is not None:
        return XKind.NUMBER, number
    date = _parse_iso_date(text, row)
    if date is not None:
        return XKind.DATE, date
    return XKind.CATEGORY, text


def normalise_x(values) -> tuple[list, XKind]:
    """Sort keys for the x values and their common kind; refuses what cannot be ordered."""
    if all(type(value) in (int, float) for value in values) and all(
        math.isfinite(value) for value in values
    ):  # fast path: plain numbers
        return [float(value) for value in values], XKind.NUMBER
    keys: list = []
    kind: XKind | None = None
    for row, value in enumerate(values, start=1):
        value_kind, key = _classify(value, row)
        if kind is None:
            kind = value_kind
        elif value_kind is not kind:
            raise SpcInputError(
                f"x kan ikke ordnes: '{value}' er {_KIND_NAMES[value_kind]}, "
                f"men x på rad 1 er {_KIND_NAMES[kind]}",
                row,
            )
        keys.append(key)
    if kind is XKind.DATE:
        _check_comparable(keys)
    return keys, kind or XKind.NUMBER


def _check_comparable(keys: list) -> None:
    first = keys[0]
    for row, key in enumerate(keys, start=1):
        try:
            key < first  # noqa: B015 - only checking that the comparison is possible
        except TypeError:
            raise SpcInputError(
                "x kan ikke ordnes: tidspunkter med og uten tidssone er blandet", row
            ) from None


def display_x(key: object, kind: XKind) -> object:
    """The x value as shown in results and JSON: int/float, ISO date(-time) or text."""
    if kind is XKind.NUMBER:
        return int(key) if float(key).is_integer() and abs(key) < 2**53 else key
    if kind is XKind.DATE:
        if key.time() == dt.time(0) and key.tzinfo is None:
            return key.date().isoformat()
        return key.isoformat()
    return key
