"""Changes with more than one row: new projects with their phases, data versions, phase moves."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from pasientforlop.audit.log import record
from pasientforlop.improvement.models import (
    ChecklistItem,
    MeasureValue,
    Phase,
    PhaseChange,
    Project,
    Team,
)
from pasientforlop.improvement.phases import PHASES


def audit(request, action, obj, team: Team, *, before=None, after=None, object_type=""):
    """One audit record, against the team's first organisation."""
    return record(
        request,
        action,
        obj,
        organisation=team.organisations.order_by("id").first(),
        object_type=object_type,
        before=before,
        after=after,
    )


def fields_of(obj, names) -> dict:
    return {name: _plain(getattr(obj, name)) for name in names}


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


@transaction.atomic
def create_project(team: Team, user, name: str, description: str, model: str) -> Project:
    """The project with its model's phases and checklists copied in, in the first phase."""
    project = Project.objects.create(
        team=team, name=name, description=description, model=model, created_by=user
    )
    for position, template in enumerate(PHASES[model], start=1):
        phase = Phase.objects.create(
            project=project,
            position=position,
            name=template.name,
            description=template.description,
        )
        ChecklistItem.objects.bulk_create(
            ChecklistItem(phase=phase, text=text) for text in template.checklist
        )
    first = project.phases.order_by("position").first()
    project.current_phase = first
    project.save(update_fields=["current_phase"])
    PhaseChange.objects.create(project=project, to_phase=first, to_name=first.name, changed_by=user)
    return project


class PhaseConflict(Exception):
    """Someone else moved the project meanwhile."""


@transaction.atomic
def move_phase(project: Project, to: Phase, user, note: str, expected_from: int | None):
    """Move to ``to`` (forwards or back) if the project is still where the form saw it."""
    updated = Project.objects.filter(pk=project.pk, current_phase_id=expected_from).update(
        current_phase=to
    )
    if not updated:
        raise PhaseConflict
    source = project.current_phase
    change = PhaseChange.objects.create(
        project=project,
        from_phase=source,
        to_phase=to,
        from_name=source.name if source else "",
        to_name=to.name,
        note=note,
        changed_by=user,
    )
    project.current_phase = to
    return change


VALUE_FIELDS = ("numerator", "denominator", "value")


@transaction.atomic
def save_value(
    measure,
    period: date,
    user,
    *,
    numerator=None,
    denominator=None,
    value=None,
    note="",
    imported=False,
) -> tuple[MeasureValue, MeasureValue | None]:
    """Store a period's data as a new version; the earlier version stays as history."""
    old = (
        MeasureValue.objects.select_for_update()
        .filter(measure=measure, period=period, is_current=True)
        .first()
    )
    if old is not None:
        MeasureValue.objects.filter(pk=old.pk).update(is_current=False)
    new = MeasureValue.objects.create(
        measure=measure,
        period=period,
        numerator=numerator,
        denominator=denominator,
        value=value,
        version=old.version + 1 if old else 1,
        note=note,
        imported=imported,
        entered_by=user,
        entered_by_name=user.display_name() if user else "",
    )
    return new, old


def toggle_item(item: ChecklistItem, done: bool, user) -> None:
    item.done = done
    item.done_by = user if done else None
    item.done_at = timezone.now() if done else None
    item.save(update_fields=["done", "done_by", "done_at"])
