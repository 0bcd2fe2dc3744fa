"""``record()``: the one way to write to the audit log."""

import re

from django.db import models

from pasientforlop.audit import chain
from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.lib.access import user_roles
from pasientforlop.lib.client_address import client_address

_ELEVEN_DIGITS = re.compile(r"(?<!\d)(\d{6}\s?\d{5})(?!\d)")


def mask_national_ids(text: str) -> str:
    """``text`` with every national identity number cut to its birth-date part
    ("12034512345" → "120345*****"), for audit records and audit pages."""
    return _ELEVEN_DIGITS.sub(lambda m: "".join(m.group(1).split())[:6] + "*****", text)


#: Appended to the reason of every record written while the person's access to the user of
#: services rests on access on need, so the trail and the review show each such opening.
ACCESS_ON_NEED_FLAG = "tilgang ved behov"


def _flag_access_on_need(actor, patient_id, reason: str) -> str:
    from pasientforlop.lib.access import RELATION_NEED

    relations = getattr(actor, "_pf_relations", None) or {}
    if patient_id is None or relations.get(patient_id) != RELATION_NEED:
        return reason
    return f"{reason} [{ACCESS_ON_NEED_FLAG}]" if reason else ACCESS_ON_NEED_FLAG


def _client_address(request) -> str | None:
    return client_address(request)


def _patient_of(obj, depth: int = 0) -> int | None:
    """The user of services an object belongs to, so their audit trail can be shown: the
    object itself, its ``patient``, or that of its pathway, plan, form or conversation."""
    if obj is None or depth > 3:
        return None
    if obj._meta.label_lower == "pathways.patient":
        return obj.pk
    if getattr(obj, "patient_id", None):
        return obj.patient_id
    for relation in ("pathway", "plan", "form", "conversation"):
        related = getattr(obj, relation, None)
        if isinstance(related, models.Model):
            found = _patient_of(related, depth + 1)
            if found:
                return found
    return None


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
    reason = mask_national_ids(_flag_access_on_need(actor, patient_id, reason))[:200]
    event = AuditEvent.objects.create(
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
    chain.seal()
    return event


def record_about_patient(
    request, action: AuditAction | str, patient, object_type: str, reason: str = ""
) -> AuditEvent:
    """A record about one user of services that is not one stored object: a page about
    them (``object_type`` names it), or a refused attempt to open their record."""
    return record(
        request,
        action,
        object_type=object_type,
        object_id=patient.pk,
        organisation=patient.municipality,
        patient=patient,
        reason=reason,
    )


def record_patients_shown(
    request,
    patient_ids,
    *,
    object_type: str,
    organisation=None,
    action: AuditAction | str = AuditAction.VIEW,
    reason: str = "",
) -> int:
    """One VIEW record per user of services a list showed (a worklist, a search result), in
    one query, so each user's trail lists every page their name appeared on."""
    actor = request.user if request.user.is_authenticated else None
    roles = ",".join(sorted(user_roles(actor))) if actor else ""
    events = [
        AuditEvent(
            actor=actor,
            actor_name=getattr(actor, "username", ""),
            organisation=organisation,
            action=str(action),
            object_type=object_type,
            object_id=str(patient_id),
            reason=reason,
            patient_id=patient_id,
            actor_roles=roles,
            request_id=getattr(request, "id", ""),
            address=_client_address(request),
        )
        for patient_id in dict.fromkeys(patient_ids)
    ]
    AuditEvent.objects.bulk_create(events)
    chain.seal()
    return len(events)
