"""Error bodies as RFC 9457 problem details (``application/problem+json``), in bokmål and
English together:

    {"type": "urn:pasientforlop:problem:not-found", "title": "Finnes ikke", "status": 404,
     "detail": "…", "title_en": "Not found", "detail_en": "…", "errors": [...]}

``errors`` lists what was wrong with the input (each ``{"loc", "message", "message_en"}``),
empty when there is nothing more to say.
"""

import json
from dataclasses import dataclass, field

from django.http import HttpResponse

CONTENT_TYPE = "application/problem+json"

#: code → (status, bokmål title, English title)
PROBLEMS = {
    "malformed": (400, "Ugyldig forespørsel", "Malformed request"),
    "invalid-request": (
        400,
        "Forespørselen følger ikke skjemaet",
        "The request does not match the schema",
    ),
    "unauthenticated": (401, "Ikke innlogget", "Not authenticated"),
    "forbidden": (403, "Ingen tilgang", "Forbidden"),
    "scope": (403, "Nøkkelen mangler tilgang", "The token lacks the scope"),
    "not-found": (404, "Finnes ikke", "Not found"),
    "method-not-allowed": (405, "Metoden er ikke tillatt", "Method not allowed"),
    "conflict": (409, "Konflikt", "Conflict"),
    "precondition-failed": (412, "Versjonen stemmer ikke", "Precondition failed"),
    "too-large": (413, "For stor forespørsel", "Request too large"),
    "unsupported-media-type": (415, "Ukjent innholdstype", "Unsupported media type"),
    "invalid": (422, "Ugyldige data", "Invalid data"),
    "too-many-requests": (429, "For mange forespørsler", "Too many requests"),
}

TYPE_BASE = "urn:pasientforlop:problem:"


@dataclass
class Problem(Exception):
    """Raise anywhere in an API view to answer with a problem body."""

    code: str
    detail: str = ""
    detail_en: str = ""
    errors: list = field(default_factory=list)
    headers: dict = field(default_factory=dict)

    @property
    def status(self) -> int:
        return PROBLEMS[self.code][0]

    def body(self) -> dict:
        status, title, title_en = PROBLEMS[self.code]
        return {
            "type": TYPE_BASE + self.code,
            "title": title,
            "status": status,
            "detail": self.detail or title,
            "title_en": title_en,
            "detail_en": self.detail_en or title_en,
            "errors": self.errors,
        }

    def response(self) -> HttpResponse:
        response = HttpResponse(
            json.dumps(self.body(), ensure_ascii=False),
            status=self.status,
            content_type=CONTENT_TYPE,
        )
        for name, value in self.headers.items():
            response[name] = value
        return response


def error(loc, message: str, message_en: str = "") -> dict:
    return {"loc": [str(part) for part in loc], "message": message, "message_en": message_en}
