"""Give every request an id that audit records and logs can refer to."""

import re
import uuid
from contextvars import ContextVar

#: The request being served, so audit records written by model signals (memberships, care
#: relations changed in the admin) name the person who made the change.
CURRENT_REQUEST: ContextVar = ContextVar("pasientforlop_current_request", default=None)

REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    header = "HTTP_X_REQUEST_ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get(self.header, "")
        request.id = incoming if REQUEST_ID_PATTERN.match(incoming) else uuid.uuid4().hex
        token = CURRENT_REQUEST.set(request)
        try:
            response = self.get_response(request)
        finally:
            CURRENT_REQUEST.reset(token)
        response["X-Request-ID"] = request.id
        return response


class AccessOnNeedMiddleware:
    """A page that needs a user of services the person has no care relation to answers with
    the access-on-need page (a redirect there, keeping where they were going)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import urlencode

        from pasientforlop.lib.access import AccessOnNeedRequired

        if not isinstance(exception, AccessOnNeedRequired):
            return None
        from pasientforlop.audit.log import record_about_patient
        from pasientforlop.audit.models import AuditAction

        patient = exception.patient
        record_about_patient(
            request, AuditAction.NO_RELATION, patient, "pathways.patient", request.path[:200]
        )
        target = reverse("audit:access_on_need", args=[exception.patient.pk])
        going = request.get_full_path() if request.method in ("GET", "HEAD") else ""
        return redirect(f"{target}?{urlencode({'neste': going})}" if going else target)
