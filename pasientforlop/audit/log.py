"""``record()``: the one way to write to the audit log."""

from django.db import models

from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.lib.access import user_roles


def _client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _patient_of(obj) -> int | None:
    """The user of services an object belongs to, so their audit trail can be shown."""
    if obj is None:
        return None
    if obj._meta.label_lower == "pathways.patient":
        return obj.pk
    if getattr(obj, "patient_id", None):
        return obj.patient_id
    pathway = getattr(obj, "pathway", None)
    return getattr(pathway, "patient_id", None)


def record(
    request,
    action: AuditAction | str,
    obj: models.Model | None = None,
    *,
    organisation=None,
    actor=None,
    object_type: str = "",
    object_id: str | int = "",
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    patient=None,
) -> AuditEvent:
    """Append one audit record.

    ``request`` gives the actor, request id and address (it may be None for command-line
    work, then pass ``actor``). ``obj`` fills object type and id; ``organisation`` is the
    organisation whose data was touched.
    """
    if request is not None and actor is None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    patient_id = patient.pk if patient is not None else _patient_of(obj)
    return AuditEvent.objects.create(
        patient_id=patient_id,
        actor_roles=",".join(sorted(user_roles(actor))) if actor else "",
        actor=actor,
        actor_name=getattr(actor, "username", "") if actor else "",
        organisation=organisation,
        action=str(action),
        object_type=object_type,
        object_id=str(object_id) if object_id != "" else "",
        before=before,
        after=after,
        reason=reason,
        request_id=getattr(request, "id", "") if request is not None else "",
        address=_client_address(request) if request is not None else None,
    )
