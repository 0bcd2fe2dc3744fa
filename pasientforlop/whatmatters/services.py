"""Saving the toolkit: validated by the rules, all or nothing, race-safe.

Every change first claims the record with a conditional update of its ``version``
(``filter(pk=…, version=seen).update(version=seen + 1)``). When someone else saved in
between, no row matches and :class:`EditConflict` carries the record as it now is, so the
page can show the other person's entry. Errors from the rules raise :class:`InvalidInput`
inside the transaction, so nothing is saved.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pasientforlop.pathways.choices import WHAT_MATTERS_CONVERSATION
from pasientforlop.pathways.models import Pathway, Patient, StepRecord
from pasientforlop.whatmatters import scoring
from pasientforlop.whatmatters.models import (
    Activity,
    Checklist,
    ChecklistTemplate,
    Conversation,
    FormVersion,
    Plan,
    PlanAction,
    PlanComment,
    Score,
    WhatMattersForm,
    Wheel,
)


class EditConflict(Exception):
    """Someone else saved first; ``current`` is the record as it is now."""

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


class InvalidInput(Exception):
    """The rules refused the input; ``messages`` says why (nothing was saved)."""

    def __init__(self, messages):
        super().__init__("; ".join(messages))
        self.messages = list(messages)


def open_pathway(patient: Patient) -> Pathway | None:
    return patient.pathways.filter(closed_on__isnull=True).order_by("-start_date", "-id").first()


def claim(record, seen_version: int, user) -> None:
    """Take the next version of ``record`` or raise :class:`EditConflict`."""
    model = type(record)
    rows = model.objects.filter(pk=record.pk, version=seen_version).update(
        version=F("version") + 1, updated_by=user, updated_at=timezone.now()
    )
    if rows != 1:
        raise EditConflict(model.objects.get(pk=record.pk))
    record.refresh_from_db()


def _lock_patient(patient: Patient) -> None:
    """Serialise the first creation of a user's records (a no-op lock on SQLite)."""
    Patient.objects.select_for_update().filter(pk=patient.pk).first()


# --- the conversation wheel ------------------------------------------------------------------


def save_one_per_patient(model, patient: Patient, current, values: dict, seen: int, user, **new):
    """Create the user's only ``model`` record (wheel, checklist) or change ``values`` on it.
    Two people creating it at once: the second gets :class:`EditConflict`."""
    with transaction.atomic():
        if current is None:
            _lock_patient(patient)
            existing = model.objects.filter(patient=patient).first()
            if existing is not None:
                raise EditConflict(existing)
            return model.objects.create(
                patient=patient,
                pathway=open_pathway(patient),
                created_by=user,
                updated_by=user,
                **values,
                **new,
            )
        claim(current, seen, user)
        model.objects.filter(pk=current.pk).update(**values)
        current.refresh_from_db()
        return current


def save_wheel(patient: Patient, wheel: Wheel | None, areas: list[dict], seen: int, user) -> Wheel:
    return save_one_per_patient(Wheel, patient, wheel, {"areas": areas}, seen, user)


# --- the form --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityRow:
    pk: int | None
    text: str
    remove: bool = False


def prefetched_form(pk: int) -> WhatMattersForm:
    return (
        WhatMattersForm.objects.select_related("form_version", "patient")
        .prefetch_related("activities", "conversations__scores")
        .get(pk=pk)
    )


def save_activities(
    patient: Patient,
    form: WhatMattersForm | None,
    rows: list[ActivityRow],
    seen: int,
    user,
    form_version: FormVersion | None = None,
) -> WhatMattersForm:
    """Create the form or change its activities; refuses what ``validate_form`` refuses."""
    with transaction.atomic():
        if form is None:
            _lock_patient(patient)
            existing = patient.forms.first()
            if existing is not None:
                raise EditConflict(prefetched_form(existing.pk))
            form = WhatMattersForm.objects.create(
                patient=patient,
                pathway=open_pathway(patient),
                form_version=form_version or FormVersion.default(),
                created_by=user,
                updated_by=user,
            )
        else:
            claim(form, seen, user)
        form = prefetched_form(form.pk)
        existing = {a.pk: a for a in form.activities.all()}
        scored = set(
            Score.objects.filter(activity__form=form).values_list("activity_id", flat=True)
        )
        errors = []
        kept = []
        for row in rows:
            if row.pk is not None and row.pk not in existing:
                raise EditConflict(form)  # removed by someone else meanwhile
            if row.remove and row.pk is not None:
                if row.pk in scored:
                    errors.append(
                        _("“%(text)s” has scores and cannot be removed.")
                        % {"text": existing[row.pk].text}
                    )
                    kept.append(row)
                continue
            if row.pk is None and not row.text.strip():
                continue  # an unused empty line
            kept.append(row)
        activities = tuple(
            scoring.Activity(str(row.pk) if row.pk else f"new-{i}", row.text)
            for i, row in enumerate(kept)
        )
        rule = form.as_rule()
        errors += scoring.validate_form(
            scoring.WhatMattersForm(rule.version, activities, rule.conversations)
        )
        if errors:
            raise InvalidInput(errors)
        kept_pks = {row.pk for row in kept if row.pk}
        Activity.objects.filter(form=form).exclude(pk__in=kept_pks).delete()
        for position, row in enumerate(kept, start=1):
            if row.pk:
                Activity.objects.filter(pk=row.pk).update(text=row.text.strip(), position=position)
            else:
                Activity.objects.create(form=form, text=row.text.strip(), position=position)
        return prefetched_form(form.pk)


def add_conversation(
    form: WhatMattersForm,
    *,
    held_on: date,
    scores: dict[int, int],
    with_user_present: bool,
    note: str,
    seen: int,
    user,
) -> Conversation:
    """Record a dated, signed conversation with its scores (activity pk → score)."""
    with transaction.atomic():
        claim(form, seen, user)
        form = prefetched_form(form.pk)
        rule = form.as_rule()
        new = scoring.Conversation(
            held_on, rule.version.key, {str(pk): value for pk, value in scores.items()}
        )
        errors = scoring.validate_form(
            scoring.WhatMattersForm(rule.version, rule.activities, (*rule.conversations, new))
        )
        if not scores:
            errors.append(_("Give a score for at least one activity."))
        if errors:
            raise InvalidInput(errors)
        conversation = Conversation.objects.create(
            form=form,
            held_on=held_on,
            signed_by=user,
            signed_by_name=user.display_name(),
            with_user_present=with_user_present,
            note=note,
        )
        Score.objects.bulk_create(
            Score(conversation=conversation, activity_id=pk, value=value)
            for pk, value in scores.items()
        )
        record_conversation_step(form.patient)
        return conversation


def record_conversation_step(patient: Patient) -> list[StepRecord]:
    """Upsert the "what matters" step on the user's open pathways, dated by the FIRST
    conversation, so the pathway indicator ``what_matters_by_day_28`` counts it."""
    first = (
        Conversation.objects.filter(form__patient=patient)
        .select_related("signed_by")
        .order_by("held_on", "id")
        .first()
    )
    if first is None:
        return []
    records = []
    for pathway in patient.pathways.filter(closed_on__isnull=True):
        facts = {
            "done_on": first.held_on,
            "done_by": first.signed_by,
            "done_by_name": first.signed_by_name,
            "not_applicable": False,
        }
        record, created = StepRecord.objects.get_or_create(
            pathway=pathway, step=WHAT_MATTERS_CONVERSATION, defaults=facts
        )
        if not created and record.done_on != first.held_on:
            StepRecord.objects.filter(pk=record.pk).update(**facts, version=F("version") + 1)
            record.refresh_from_db()
        records.append(record)
    return records


# --- the plan --------------------------------------------------------------------------------


def plan_for(patient: Patient, user) -> Plan:
    plan, _created = Plan.objects.get_or_create(
        patient=patient,
        defaults={"pathway": open_pathway(patient), "created_by": user, "updated_by": user},
    )
    return plan


def save_plan_details(plan: Plan, individual_plan: str, seen: int, user) -> Plan:
    with transaction.atomic():
        claim(plan, seen, user)
        Plan.objects.filter(pk=plan.pk).update(individual_plan=individual_plan)
        plan.refresh_from_db()
        return plan


ACTION_FIELDS = ("activity", "area", "goal", "description", "responsible", "due_on", "status")


def save_action(plan: Plan, action: PlanAction | None, data: dict, seen: int, user) -> PlanAction:
    with transaction.atomic():
        if action is None:
            return PlanAction.objects.create(
                plan=plan, created_by=user, updated_by=user, **{f: data[f] for f in ACTION_FIELDS}
            )
        claim(action, seen, user)
        PlanAction.objects.filter(pk=action.pk).update(**{f: data[f] for f in ACTION_FIELDS})
        action.refresh_from_db()
        return action


def add_comment(plan: Plan, text: str, source: str, user) -> PlanComment:
    return PlanComment.objects.create(
        plan=plan, text=text, source=source, author=user, author_name=user.display_name()
    )


# --- the collaboration checklist -------------------------------------------------------------


def save_checklist(
    patient: Patient, checklist: Checklist | None, answers: dict[str, str], seen: int, user
) -> Checklist:
    return save_one_per_patient(
        Checklist,
        patient,
        checklist,
        {"answers": answers},
        seen,
        user,
        template=ChecklistTemplate.current_for(patient.municipality),
    )
