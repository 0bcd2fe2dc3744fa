"""The communication plan of a project and its stakeholders on the actor map."""

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pasientforlop.audit.models import AuditAction
from pasientforlop.improvement import access as team_access
from pasientforlop.improvement.forms import ActivityForm, CommunicationPlanForm, StakeholderForm
from pasientforlop.improvement.models import CommunicationPlan
from pasientforlop.improvement.services import audit, fields_of
from pasientforlop.improvement.views.common import page
from pasientforlop.whatmatters.actormap import MapActor, render_actor_map
from pasientforlop.whatmatters.views.actors import labels as actor_labels

PLAN_FIELDS = CommunicationPlanForm.Meta.fields
ACTIVITY_FIELDS = ActivityForm.Meta.fields
STAKEHOLDER_FIELDS = StakeholderForm.Meta.fields


def stakeholder_map(stakeholders) -> str:
    """The toolkit's actor map, with the project as the centre instead of the user."""
    labels = replace(
        actor_labels(),
        title=_("Stakeholder map"),
        importance=_("Importance for the project"),
        empty=_("No stakeholders recorded yet."),
    )
    return render_actor_map(
        [MapActor(s.name, s.importance, s.influence, s.relation) for s in stakeholders],
        labels,
        id_prefix="interessenter",
    )


def communication(request, pk):
    project, access = team_access.get_project(request.user, pk)
    plan = CommunicationPlan.objects.filter(project=project).first() or CommunicationPlan(
        project=project
    )
    stakeholders = list(project.stakeholders.all())
    forms = {
        "plan_form": CommunicationPlanForm(instance=plan),
        "activity_form": ActivityForm(),
        "stakeholder_form": StakeholderForm(),
    }
    if request.method == "POST":
        if not access.can_edit:
            raise PermissionDenied
        response, bound = _save(request, access, project, plan)
        if response is not None:
            return response
        forms.update(bound)
    return page(
        request,
        "improvement/communication.html",
        access,
        {
            "project": project,
            "plan": plan,
            "activities": project.communication_activities.all(),
            "stakeholders": stakeholders,
            "map": stakeholder_map(stakeholders),
            **forms,
        },
    )


def _save(request, access, project, plan):
    """Save whichever form was sent: (redirect, {}) or (None, {name: bound form})."""
    kind = request.POST.get("form")
    if kind == "plan":
        form, name, fields = (
            CommunicationPlanForm(request.POST, instance=plan),
            "plan_form",
            PLAN_FIELDS,
        )
        before = fields_of(plan, PLAN_FIELDS) if plan.pk else None
    elif kind == "activity":
        form, name, fields = ActivityForm(request.POST), "activity_form", ACTIVITY_FIELDS
        before = None
    elif kind == "stakeholder":
        form, name, fields = StakeholderForm(request.POST), "stakeholder_form", STAKEHOLDER_FIELDS
        before = None
    else:
        raise Http404
    if not form.is_valid():
        return None, {name: form}
    form.instance.project = project
    saved = form.save()
    action = AuditAction.UPDATE if before is not None else AuditAction.CREATE
    audit(request, action, saved, access.team, before=before, after=fields_of(saved, fields))
    messages.success(request, _("Saved."))
    return redirect("improvement:communication", project.pk), {}


@require_POST
def remove(request, pk, kind, item_pk):
    project, access = team_access.get_project(request.user, pk, edit=True)
    related = {"aktivitet": project.communication_activities, "interessent": project.stakeholders}
    if kind not in related:
        raise Http404
    item = related[kind].filter(pk=item_pk).first()
    if item is None:
        raise Http404
    audit(request, AuditAction.DELETE, item, access.team, before={"name": str(item)})
    item.delete()
    messages.success(request, _("Removed."))
    return redirect("improvement:communication", project.pk)
