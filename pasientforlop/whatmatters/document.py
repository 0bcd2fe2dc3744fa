"""What the user's copy of the plan says besides the plan itself: whom to call (the primary
contact with work phone, the unit, the GP), the plan for deterioration of the open pathway,
and the actions split into the current ones and those done or stopped."""

from pasientforlop.pathways.banner import open_pathway
from pasientforlop.whatmatters.models import ActionStatus, Plan

FINISHED = (ActionStatus.DONE, ActionStatus.STOPPED)


def contacts_context(patient) -> dict:
    pathway = open_pathway(patient)
    contact = pathway.primary_contact if pathway else None
    unit = patient.unit if patient.unit_id else (pathway.unit if pathway else None)
    return {
        "primary_contact": contact,
        "primary_contact_phone": contact.phone if contact else "",
        "unit": unit,
        "gp_name": patient.gp_name,
        "deterioration_plan": pathway.deterioration_plan if pathway else "",
        **actions_context(patient),
    }


def actions_context(patient) -> dict:
    plan = Plan.objects.filter(patient=patient).first()
    actions = list(plan.actions.select_related("activity")) if plan else []
    return {
        "current_actions": [a for a in actions if a.status not in FINISHED],
        "finished_actions": [a for a in actions if a.status in FINISHED],
    }
