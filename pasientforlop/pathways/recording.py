"""Recording a step: validated against the rules, race-safe, audited.

Two nurses completing the same step at once: each form carries the version of the record it
was opened on; the second save finds a newer version and is refused as a conflict, so the
first entry is never silently overwritten.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from pasientforlop.audit.log import record as audit
from pasientforlop.audit.models import AuditAction
from pasientforlop.pathways import deadlines
from pasientforlop.pathways.models import Pathway, StepRecord, StepTemplate
from pasientforlop.pathways.rule_messages import pathway_messages


@dataclass(frozen=True)
class StepEntry:
    """What a person entered for one step."""

    done_on: date | None = None
    done_at: datetime | None = None
    not_applicable: bool = False
    reason: str = ""
    checklist: dict | None = None
    note: str = ""
    #: Information exchange only: how (``ExchangeMethodChoice``) and with whom.
    exchange_method: str = ""
    exchange_with: str = ""


class StepConflict(Exception):
    """Someone else saved the step after this form was opened."""

    def __init__(self, current: StepRecord | None):
        super().__init__("step changed meanwhile")
        self.current = current


class StepRefused(Exception):
    """The entry breaks a pathway rule; ``messages`` say which, in Norwegian."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def step_snapshot(record: StepRecord | None, *extra: str) -> dict | None:
    """A step record as plain values for the audit log (None when there is none): when it
    was done, by whom or why not, then the ``extra`` fields as they are stored."""
    if record is None:
        return None
    snapshot = {
        "done_on": record.done_on.isoformat() if record.done_on else None,
        "done_at": record.done_at.isoformat() if record.done_at else None,
        "done_by": record.done_by_name,
        "not_applicable": record.not_applicable,
        "reason": record.reason,
    }
    snapshot.update((name, getattr(record, name)) for name in extra)
    return snapshot


def _snapshot(record: StepRecord | None) -> dict | None:
    return step_snapshot(record, "checklist", "exchange_method", "exchange_with", "note")


def check_rules(pathway: Pathway, step: str, entry: StepEntry) -> list[str]:
    """The rule violations the pathway would have with ``entry`` recorded for ``step``."""
    facts = pathway.facts()
    steps = dict(facts.steps)
    events = []
    if step in deadlines.CHAIN:
        steps[step] = deadlines.StepRecord(
            done_on=entry.done_on,
            done_at=entry.done_at,
            not_applicable=entry.not_applicable,
            reason=entry.reason,
        )
    elif entry.done_on is not None and not entry.not_applicable:
        events.append((step, entry.done_on))
    return pathway_messages(replace(facts, steps=steps), events=events)


def record_step(
    request,
    pathway: Pathway,
    step: str,
    entry: StepEntry,
    expected_version: int,
    template: StepTemplate | None,
    user,
) -> StepRecord:
    """Store ``entry`` for ``step``. ``expected_version`` is the record's version when the form
    was opened (0: there was none). Raises StepRefused or StepConflict; writes nothing then."""
    problems = check_rules(pathway, step, entry)
    if problems:
        raise StepRefused(problems)
    fields = {
        "done_on": None if entry.not_applicable else entry.done_on,
        "done_at": None if entry.not_applicable else entry.done_at,
        "not_applicable": entry.not_applicable,
        "reason": entry.reason if entry.not_applicable else "",
        "checklist": entry.checklist or {},
        "note": entry.note,
        "exchange_method": "" if entry.not_applicable else entry.exchange_method,
        "exchange_with": "" if entry.not_applicable else entry.exchange_with,
        "template": template,
        "done_by": user,
        "done_by_name": user.display_name(),
        "recorded_at": timezone.now(),
    }
    with transaction.atomic():
        current = StepRecord.objects.filter(pathway=pathway, step=step).first()
        before = _snapshot(current)
        if expected_version == 0:
            if current is not None:
                raise StepConflict(current)
            try:
                with transaction.atomic():
                    saved = StepRecord.objects.create(pathway=pathway, step=step, **fields)
            except IntegrityError:
                raise StepConflict(
                    StepRecord.objects.filter(pathway=pathway, step=step).first()
                ) from None
        else:
            changed = StepRecord.objects.filter(
                pathway=pathway, step=step, version=expected_version
            ).update(version=F("version") + 1, **fields)
            if not changed:
                raise StepConflict(current)
            saved = StepRecord.objects.get(pathway=pathway, step=step)
        audit(
            request,
            AuditAction.CREATE if before is None else AuditAction.UPDATE,
            saved,
            organisation=pathway.municipality,
            before=before,
            after=_snapshot(saved),
        )
    return saved
