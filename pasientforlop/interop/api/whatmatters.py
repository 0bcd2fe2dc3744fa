"""The "what matters" toolkit of one user: form, conversations, means, benefit, plan,
checklist with programme fulfilment, wheel and actors — computed by ``whatmatters.summary``
as the pages compute them."""

from datetime import date, datetime
from fractions import Fraction

from ninja import Router, Schema

from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction
from pasientforlop.interop.api.auth import need
from pasientforlop.interop.api.common import Id, responses
from pasientforlop.lib import access
from pasientforlop.whatmatters import scoring
from pasientforlop.whatmatters.models import Actor, Checklist, ChecklistTemplate, Plan, Wheel
from pasientforlop.whatmatters.summary import (
    CLINICAL_LABELS,
    checklist_rows,
    latest_form,
    summarise,
)

router = Router(tags=["whatmatters"])


class FormVersionOut(Schema):
    key: str
    name: str
    scale_min: int
    scale_max: int
    higher_is_better: bool


class ActivityOut(Schema):
    id: int
    position: int
    text: str
    scores: list[int | None]
    change: str
    important: str | None


class ConversationOut(Schema):
    id: int
    number: int
    held_on: date
    signed_by: str
    with_user_present: bool
    note: str
    mean: float | None
    mean_text: str


class FormOut(Schema):
    id: int
    version: FormVersionOut
    activities: list[ActivityOut]
    conversations: list[ConversationOut]
    benefit: float | None
    benefit_text: str
    important: str | None


class ChecklistItemOut(Schema):
    number: int
    text: str
    status: str | None
    derived: bool
    mean: str


class ChecklistOut(Schema):
    template_version: int
    items: list[ChecklistItemOut]
    points: int
    max_points: int
    percent: float | None
    percent_text: str


class ActionOut(Schema):
    id: int
    area: str
    goal: str
    description: str
    responsible: str
    due_on: date | None
    status: str
    activity_id: int | None


class CommentOut(Schema):
    text: str
    source: str
    author: str
    created_at: datetime


class PlanOut(Schema):
    individual_plan: str
    actions: list[ActionOut]
    comments: list[CommentOut]


class ActorOut(Schema):
    kind: str
    name: str
    relation: str
    importance: int
    influence: int
    note: str


class WhatMattersOut(Schema):
    patient: int
    form: FormOut | None
    checklist: ChecklistOut
    plan: PlanOut | None
    wheel: list[dict]
    actors: list[ActorOut]


def _number(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def form_out(summary) -> dict:
    form = summary.form
    version = form.form_version
    report = summary.report
    activities = list(form.activities.all())
    return {
        "id": form.pk,
        "version": {
            "key": version.key,
            "name": version.name,
            "scale_min": version.scale_min,
            "scale_max": version.scale_max,
            "higher_is_better": version.higher_is_better,
        },
        "activities": [
            {
                "id": activity.pk,
                "position": activity.position,
                "text": row["text"],
                "scores": row["scores"],
                "change": row["change"],
                "important": row["flag"],
            }
            for activity, row in zip(activities, summary.rows, strict=True)
        ],
        "conversations": [
            {
                "id": c.conversation.pk,
                "number": c.number,
                "held_on": c.conversation.held_on,
                "signed_by": c.conversation.signed_by_name,
                "with_user_present": c.conversation.with_user_present,
                "note": c.conversation.note,
                "mean": _number(c.mean),
                "mean_text": c.text,
            }
            for c in summary.conversations
        ],
        "benefit": _number(report.benefit if report else None),
        "benefit_text": summary.benefit_text,
        "important": CLINICAL_LABELS.get(report.mean_clinical) if report else None,
    }


def checklist_out(patient, summary) -> dict:
    current = Checklist.objects.filter(patient=patient).select_related("template").first()
    template = current.template if current else ChecklistTemplate.current_for(patient.municipality)
    rows, result = checklist_rows(template, current, summary)
    return {
        "template_version": template.version,
        "items": [
            {
                "number": row.item.number,
                "text": row.item.text,
                "status": row.status,
                "derived": row.derived,
                "mean": row.mean,
            }
            for row in rows
        ],
        "points": result.points,
        "max_points": result.max_points,
        "percent": _number(result.percent),
        "percent_text": scoring.format_percent(result.percent),
    }


def plan_out(patient) -> dict | None:
    plan = Plan.objects.filter(patient=patient).first()
    if plan is None:
        return None
    return {
        "individual_plan": plan.individual_plan,
        "actions": [
            {
                "id": a.pk,
                "area": a.area,
                "goal": a.goal,
                "description": a.description,
                "responsible": a.responsible,
                "due_on": a.due_on,
                "status": a.status,
                "activity_id": a.activity_id,
            }
            for a in plan.actions.all()
        ],
        "comments": [
            {
                "text": c.text,
                "source": c.source,
                "author": c.author_name,
                "created_at": c.created_at,
            }
            for c in plan.comments.all()
        ],
    }


@router.get(
    "/patients/{pk}/what-matters",
    response=responses({200: WhatMattersOut}),
    summary="A user's “what matters” toolkit with means, benefit and fulfilment",
)
def get_what_matters(request, pk: Id):
    need(request, "whatmatters:read")
    patient = access.get_patient_for_user(request.user, pk)
    form = latest_form(patient)
    summary = summarise(form) if form else None
    wheel = Wheel.objects.filter(patient=patient).first()
    record(
        request,
        AuditAction.VIEW,
        patient,
        organisation=patient.municipality,
        object_type="api.what_matters",
    )
    return {
        "patient": patient.pk,
        "form": form_out(summary) if summary else None,
        "checklist": checklist_out(patient, summary),
        "plan": plan_out(patient),
        "wheel": wheel.areas if wheel else [],
        "actors": list(
            Actor.objects.filter(patient=patient).values(
                "kind", "name", "relation", "importance", "influence", "note"
            )
        ),
    }
