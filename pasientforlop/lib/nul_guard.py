"""Refuse requests whose address or query holds a NUL character.

PostgreSQL cannot store or compare text with NUL (0x00), so a search such as ``?q=%00``
would end in a database error and a 500. Forms already refuse NUL in what they clean; this
middleware covers everything read straight from the query string or the path, for pages
and the API alike, before any view runs.
"""

import json

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def _has_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    return any("\x00" in key or "\x00" in value for key, value in _items(request.GET))


def _items(query):
    for key, values in query.lists():
        for value in values:
            yield key, value


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _has_nul(request):
            return self.get_response(request)
        if request.path.startswith(API_PREFIX):
            body = {
                "type": "urn:pasientforlop:problem:malformed",
                "title": "Ugyldig forespørsel",
                "status": 400,
                "detail": "Adressen eller spørringen inneholder et NUL-tegn.",
                "title_en": "Malformed request",
                "detail_en": "The address or query holds a NUL character.",
                "errors": [],
            }
            return HttpResponse(
                json.dumps(body, ensure_ascii=False),
                status=400,
                content_type="application/problem+json",
            )
        return HttpResponseBadRequest(
            _("The address holds a character that is not allowed."),
            content_type="text/plain; charset=utf-8",
        )
