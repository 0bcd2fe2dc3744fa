"""What the API's routers share: error responses, pagination, bilingual validation errors."""

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated

from django.utils import translation
from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, Field

from pasientforlop.interop.problems import Problem, error

MAX_ID = 2**31 - 1


class ProblemOut(Schema):
    type: str
    title: str
    status: int
    detail: str
    title_en: str
    detail_en: str
    errors: list[dict]


ERROR_CODES = (400, 401, 403, 404, 409, 413, 415, 422)


def responses(ok: dict) -> dict:
    """``ok`` (status → schema) plus the problem bodies every operation may answer with."""
    return ok | dict.fromkeys(ERROR_CODES, ProblemOut)


def _no_control_characters(value: str) -> str:
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value):
        raise ValueError("control characters are not allowed")
    return value


#: No control characters but tab, line feed and carriage return (stated in the schema too).
NO_CONTROL = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F]*$"
Text = Annotated[
    str, Field(max_length=200, pattern=NO_CONTROL), AfterValidator(_no_control_characters)
]
LongText = Annotated[
    str, Field(max_length=5000, pattern=NO_CONTROL), AfterValidator(_no_control_characters)
]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


def _iso_date(value):
    """Only ``YYYY-MM-DD`` (pydantic alone also takes numbers as Unix time: ``0`` is 1970)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ValueError("a date as YYYY-MM-DD")
    return value


def _iso_datetime(value):
    """Only RFC 3339 date-times with seconds and a time zone offset."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value
    if not isinstance(value, str) or not _DATETIME.fullmatch(value):
        raise ValueError("a date and time as YYYY-MM-DDThh:mm:ss with a time zone offset")
    return value


#: Dates and times exactly as the OpenAPI document says (format date / date-time).
StrictDate = Annotated[date, BeforeValidator(_iso_date)]
StrictDateTime = Annotated[datetime, BeforeValidator(_iso_datetime)]


class PageMeta(Schema):
    count: int
    page: int
    page_size: int


def page_of(items, page: int, page_size: int) -> tuple[list, int]:
    """The slice of ``items`` (a queryset or list) for ``page`` and the total count."""
    count = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    start = (page - 1) * page_size
    return list(items[start : start + page_size]), count


def form_problem(make_form: Callable) -> Problem | None:
    """Validate a Django form made by ``make_form()`` in bokmål and English; the 422 problem
    with both languages' messages, or None when it is valid."""
    with translation.override("nb"):
        form = make_form()
        if form.is_valid():
            return None
        errors_nb = {name: list(messages) for name, messages in form.errors.items()}
    with translation.override("en"):
        english = make_form()
        english.is_valid()
        errors_en = {name: list(messages) for name, messages in english.errors.items()}
    return Problem(
        "invalid",
        "Ingenting ble lagret: se feilene.",
        "Nothing was saved: see the errors.",
        errors=[
            error(["body", name], message, (errors_en.get(name) or [""])[i])
            for name, messages in errors_nb.items()
            for i, message in enumerate(messages)
        ],
    )
