"""The REST API under ``/api/`` (django-ninja, ADR 0006): token authentication, problem+json
errors in bokmål and English, and the OpenAPI document at ``/api/openapi.json``."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from pasientforlop.interop.api import (
    day,
    fhir,
    http,
    improvement,
    indicators,
    networks,
    pathways,
    plo,
    whatmatters,
)
from pasientforlop.interop.api.auth import TokenAuth
from pasientforlop.interop.problems import CONTENT_TYPE, Problem, error

DESCRIPTION = """\
pasientforlop's API: users of services, HPH pathways and steps with the deadlines and
statuses the pages show, the "what matters" toolkit with means, benefit and programme
fulfilment, pathway indicators, and FHIR R4 export and import.

Authenticate with a personal API token (`Authorization: Bearer pf_…`) made at
/konto/api-nokler/. A token acts as its owner, with the owner's organisations and roles,
limited to its scopes. Errors are `application/problem+json` with Norwegian (bokmål) and
English texts. See docs/api.md.
"""


class Api(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Problem responses are ``application/problem+json``; FHIR operations declare their
        own media types."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                http.document_headers(path, method, operation)
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        response["content"] = {CONTENT_TYPE: content["application/json"]}
        return schema


api = Api(
    title="pasientforlop API",
    version="1",
    description=DESCRIPTION,
    auth=TokenAuth(),
    docs_url=None,
    urls_namespace="api",
)
api.add_router("", pathways.router)
api.add_router("", whatmatters.router)
api.add_router("", indicators.router)
api.add_router("", improvement.router)
api.add_router("", networks.router)
api.add_router("", plo.router)
api.add_router("", day.router)
api.add_router("/fhir", fhir.router)


def _problem(code, nb="", en="", errors=None, headers=None):
    return Problem(code, nb, en, errors or [], headers or {}).response()


@api.exception_handler(Problem)
def on_problem(request, exc):
    return exc.response()


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return _problem(
        "unauthenticated",
        "Oppgi en gyldig API-nøkkel: Authorization: Bearer <nøkkel>.",
        "Give a valid API token: Authorization: Bearer <token>.",
        headers={"WWW-Authenticate": 'Bearer realm="pasientforlop"'},
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _problem("not-found")


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return _problem(
        "forbidden",
        "Rollen din gir ikke tilgang til dette.",
        "Your role does not give access to this.",
    )


@api.exception_handler(RequestDataTooBig)
def on_too_big(request, exc):
    return _problem("too-large")


@api.exception_handler(ValidationError)
def on_invalid(request, exc):
    """400: the request does not match the OpenAPI document. (422 is kept for data that
    matches it but breaks a rule.)"""
    return _problem(
        "invalid-request",
        "Forespørselen har verdier som ikke følger skjemaet: se errors.",
        "The request has values that do not match the schema: see errors.",
        errors=[error(e.get("loc", []), e.get("msg", ""), e.get("msg", "")) for e in exc.errors],
    )


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    if exc.status_code == 400:
        return _problem(
            "malformed",
            "Innholdet kunne ikke leses som JSON.",
            "The body could not be read as JSON.",
        )
    code = {401: "unauthenticated", 403: "forbidden", 404: "not-found", 413: "too-large"}
    return _problem(code.get(exc.status_code, "malformed"))
