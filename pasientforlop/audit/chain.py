"""A keyed hash chain over the audit log, so an edited or deleted record is detected.

On PostgreSQL database triggers refuse UPDATE and DELETE on audit records. SQLite can only
refuse UPDATE (see ``triggers.py``), and anyone who can open the database file can drop the
triggers. So on SQLite (or wherever ``PASIENTFORLOP_AUDIT_CHAIN`` turns it on) every record is
sealed right after it is written: its link holds HMAC-SHA256(key, previous digest + the
record's canonical JSON). The key is derived from the secret key, which is not in the database
file, so the chain cannot be recomputed by someone who only has the file.

``verify()`` (run by ``pasientforlop check``) recomputes the chain in id order and reports
records whose content changed, records that are gone, and records that were never sealed.
Limits: removing the newest records together with their links is not detected (the chain has
no outside anchor), and changing the secret key invalidates the chain (``pasientforlop check``
then reports every record; seal again with ``reseal()`` after a deliberate key change).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from pasientforlop.audit.models import AuditChainLink, AuditEvent

FIELDS = [
    "id",
    "at",
    "actor_id",
    "actor_name",
    "organisation_id",
    "action",
    "object_type",
    "object_id",
    "before",
    "after",
    "reason",
    "patient_id",
    "actor_roles",
    "request_id",
    "address",
]
GENESIS = "0" * 64


def enabled() -> bool:
    setting = getattr(settings, "AUDIT_HASH_CHAIN", None)
    if setting is None:
        return connection.vendor == "sqlite"
    return bool(setting)


def _key() -> bytes:
    return hashlib.sha256(b"pasientforlop audit chain\0" + settings.SECRET_KEY.encode()).digest()


def _canonical(row: dict) -> bytes:
    values = {name: row.get(name) for name in FIELDS}
    values["at"] = row["at"].isoformat() if row.get("at") else None
    return json.dumps(values, sort_keys=True, ensure_ascii=False, default=str).encode()


def digest(previous: str, row: dict) -> str:
    return hmac.new(_key(), previous.encode() + _canonical(row), hashlib.sha256).hexdigest()


def seal() -> int:
    """Seal every record written since the last sealed one; returns how many."""
    if not enabled():
        return 0
    last = AuditChainLink.objects.order_by("-event_id").first()
    previous, after_id = (last.digest, last.event_id) if last else (GENESIS, 0)
    rows = AuditEvent.objects.filter(id__gt=after_id).order_by("id").values(*FIELDS)
    links = []
    for row in rows:
        previous = digest(previous, row)
        links.append(AuditChainLink(event_id=row["id"], digest=previous))
    if not links:
        return 0
    try:
        with transaction.atomic():
            AuditChainLink.objects.bulk_create(links)
    except IntegrityError:  # another process sealed the same records first
        return 0
    return len(links)


@dataclass
class Verdict:
    checked: int = 0
    changed: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    unsealed: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.changed or self.missing or self.unsealed)


def verify() -> Verdict:
    """Recompute the chain over all sealed records."""
    verdict = Verdict()
    links = AuditChainLink.objects.order_by("event_id").values_list("event_id", "digest")
    events = AuditEvent.objects.order_by("id").values(*FIELDS)
    event_iter = iter(events.iterator(chunk_size=2000))
    pending = next(event_iter, None)
    previous = GENESIS
    for event_id, stored in links.iterator(chunk_size=2000):
        while pending is not None and pending["id"] < event_id:
            verdict.unsealed.append(pending["id"])
            pending = next(event_iter, None)
        if pending is None or pending["id"] != event_id:
            verdict.missing.append(event_id)
            previous = stored  # carry on from the stored digest to find more damage
            continue
        expected = digest(previous, pending)
        verdict.checked += 1
        if not hmac.compare_digest(expected, stored):
            # This record was changed, or a record before it was deleted with its link.
            verdict.changed.append(event_id)
        previous = stored
        pending = next(event_iter, None)
    return verdict


def reseal() -> int:
    """Drop and rebuild the chain (after a deliberate change of the secret key)."""
    AuditChainLink.objects.all().delete()
    return seal()
