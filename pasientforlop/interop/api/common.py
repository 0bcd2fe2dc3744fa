"""What the API's routers share: error responses, pagination, bilingual validation errors."""

from collections.abc import Callable
from typing import Annotated

from django.utils import translation
from ninja import Schema
from pydantic import AfterValidator, Field

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


Text = Annotated[str, Field(max_length=200), AfterValidator(_no_control_characters)]
LongText = Annotated[str, Field(max_length=5000), AfterValidator(_no_control_characters)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


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
