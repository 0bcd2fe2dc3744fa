"""What two people saved for one step, side by side, when the second save was refused.

The page keeps the second person's entry in the form and shows the first person's saved
values next to it, field by field; saving again after seeing them is an explicit choice.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from pasientforlop.lib.dates import format_date, format_datetime


@dataclass(frozen=True)
class ConflictRow:
    label: str
    theirs: str
    yours: str

    @property
    def differs(self) -> bool:
        return self.theirs != self.yours


def _when(done_on, done_at) -> str:
    if done_at is not None:
        return format_datetime(done_at)
    return format_date(done_on) or "–"


def _ticked(checklist: dict | None) -> str:
    items = [item for item, ticked in (checklist or {}).items() if ticked]
    return ", ".join(items) or "–"


def step_conflict_rows(current, entry) -> list[ConflictRow]:
    """Rows for every field a person types on the step page: the saved record ``current``
    (a StepRecord, None when it was removed) against ``entry`` (a StepEntry)."""
    yes, no = _("Yes"), _("No")
    theirs = {
        "when": _when(current.done_on, current.done_at) if current else "–",
        "na": (yes if current.not_applicable else no) if current else "–",
        "reason": (current.reason or "–") if current else "–",
        "checklist": _ticked(current.checklist) if current else "–",
        "note": (current.note or "–") if current else "–",
    }
    yours = {
        "when": _when(entry.done_on, entry.done_at),
        "na": yes if entry.not_applicable else no,
        "reason": entry.reason or "–",
        "checklist": _ticked(entry.checklist),
        "note": entry.note or "–",
    }
    labels = {
        "when": _("Done"),
        "na": _("Not applicable"),
        "reason": _("Reason"),
        "checklist": _("Checklist"),
        "note": _("Note"),
    }
    return [ConflictRow(labels[key], theirs[key], yours[key]) for key in labels]
