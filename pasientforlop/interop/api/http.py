"""HTTP around every API operation: problem+json for 404 and 405 (unknown paths too),
``ETag`` on JSON reads with ``If-None-Match``, and ``Idempotency-Key`` on POST (a retried
create or step record gets the first answer, and nothing is written twice)."""

import hashlib
from datetime import timedelta
from functools import wraps

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone

from pasientforlop.interop.models import IdempotentRequest
from pasientforlop.interop.problems import CONTENT_TYPE, Problem
from pasientforlop.interop.tokens import check_token

IDEMPOTENCY_HEADER = "Idempotency-Key"
KEEP = timedelta(hours=24)
MAX_KEY = 200


def etag_of(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _finish(request, response):
    if response.status_code == 405 and response.get("Content-Type") != CONTENT_TYPE:
        allowed = response.get("Allow", "")
        return Problem(
            "method-not-allowed",
            f"Metoden {request.method} er ikke tillatt her (tillatt: {allowed}).",
            f"The method {request.method} is not allowed here (allowed: {allowed}).",
            headers={"Allow": allowed},
        ).response()
    if (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.streaming
        and not response.has_header("ETag")
    ):
        tag = etag_of(response.content)
        response["ETag"] = tag
        wanted = [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]
        if tag in wanted or "*" in wanted:
            not_modified = HttpResponseNotModified()
            not_modified["ETag"] = tag
            return not_modified
    return response


def _user(request):
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    found = check_token(token.strip())
    return found.user if found else None


def _replay(stored: IdempotentRequest) -> HttpResponse:
    response = HttpResponse(bytes(stored.body), status=stored.status)
    response["Content-Type"] = stored.content_type
    if stored.location:
        response["Location"] = stored.location
    response["Idempotent-Replayed"] = "true"
    return response


def _idempotent(view, request, key: str, args, kwargs):
    if not 1 <= len(key) <= MAX_KEY or not all(33 <= ord(c) <= 126 for c in key):
        return Problem(
            "malformed",
            f"Idempotency-Key må være 1 til {MAX_KEY} synlige ASCII-tegn.",
            f"Idempotency-Key must be 1 to {MAX_KEY} visible ASCII characters.",
        ).response()
    user = _user(request)
    if user is None:
        return _finish(request, view(request, *args, **kwargs))  # answers 401 itself
    try:
        body = request.body
    except RequestDataTooBig:
        return Problem("too-large").response()
    fingerprint = hashlib.sha256(
        b"\n".join([request.method.encode(), request.get_full_path().encode(), body])
    ).hexdigest()
    stored = IdempotentRequest.objects.filter(
        user=user, key=key, created_at__gte=timezone.now() - KEEP
    ).first()
    if stored is not None:
        if stored.fingerprint != fingerprint:
            return Problem(
                "invalid",
                "Denne Idempotency-Key er brukt for en annen forespørsel.",
                "This Idempotency-Key was used for another request.",
            ).response()
        return _replay(stored)
    response = _finish(request, view(request, *args, **kwargs))
    if 200 <= response.status_code < 300 and not response.streaming:
        IdempotentRequest.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
        try:
            with transaction.atomic():
                IdempotentRequest.objects.update_or_create(
                    user=user,
                    key=key,
                    defaults={
                        "fingerprint": fingerprint,
                        "status": response.status_code,
                        "content_type": response.get("Content-Type", ""),
                        "body": response.content,
                        "location": response.get("Location", ""),
                    },
                )
        except IntegrityError:
            pass  # the same key raced in: the first stored answer stands
    return response


def wrap(view):
    """The API view with this module's HTTP behaviour."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        key = request.headers.get(IDEMPOTENCY_HEADER)
        if request.method == "POST" and key is not None:
            return _idempotent(view, request, key, args, kwargs)
        return _finish(request, view(request, *args, **kwargs))

    return wrapped


def not_found(request, *args, **kwargs):
    """Any path under /api/ that no operation has."""
    return Problem(
        "not-found",
        "Finnes ikke i API-et: se /api/openapi.json.",
        "Not in the API: see /api/openapi.json.",
    ).response()


def document_headers(path: str, method: str, operation: dict) -> None:
    """State the headers in the OpenAPI document: Idempotency-Key on every POST, If-Match
    and ETag where a step is updated, ETag on every JSON read."""
    parameters = operation.setdefault("parameters", [])
    if method == "post":
        parameters.append(
            {
                "name": IDEMPOTENCY_HEADER,
                "in": "header",
                "required": False,
                "description": "A retry with the same key gets the first answer (kept 24 hours).",
                "schema": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": MAX_KEY,
                    "pattern": "^[!-~]+$",
                },
            }
        )
    if method == "post" and path.endswith("/steps/{step}"):
        parameters.append(
            {
                "name": "If-Match",
                "in": "header",
                "required": False,
                "description": "The step's version as ETag (from GET …/steps/{step}).",
                "schema": {"type": "string", "pattern": '^(W/)?"[0-9]{1,9}"$'},
            }
        )
    for code, response in operation.get("responses", {}).items():
        status = str(code)
        if (method == "get" and status == "200") or (
            path.endswith("/steps/{step}") and status == "200"
        ):
            response.setdefault("headers", {})["ETag"] = {
                "description": "the version (a step) or a hash of the body",
                "schema": {"type": "string"},
            }
        if method == "post" and status == "201":
            response.setdefault("headers", {})["Location"] = {
                "description": "where the created object is",
                "schema": {"type": "string"},
            }
