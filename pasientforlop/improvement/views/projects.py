"""Projects: making one, its phases and checklists, goals, change ideas and PDSA cycles."""

from django.contrib import messages
from django.db.models import Max
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pasientforlop.audit.models import AuditAction
from pasientforlop.improvement import access as team_access
from pasientforlop.improvement.forms import (
    ChangeIdeaForm,
    GoalForm,
    ItemAddForm,
    PdsaForm,
    PhaseAddForm,
    PhaseMoveForm,
    ProjectForm,
)
from pasientforlop.improvement.models import ChecklistItem, Phase
from pasientforlop.improvement.services import (
    PhaseConflict,
    audit,
    create_project,
    fields_of,
    move_phase,
    toggle_item,
)
from pasientforlop.improvement.views.common import page


def project_new(request, pk):
    access = team_access.get_team(request.user, pk, edit=True)
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        project = create_project(access.team, request.user, c["name"], c["description"], c["model"])
        audit(request, AuditAction.CREATE, project, access.team, after=dict(c))
        messages.success(request, _("The project has been made."))
        return redirect("improvement:project", project.pk)
    return page(request, "improvement/project_form.html", access, {"form": form})


def project_page(request, pk):
    project, access = team_access.get_project(request.user, pk)
    phases = list(project.phases.prefetch_related("items"))
    return page(
        request,
        "improvement/project.html",
        access,
        {
            "project": project,
            "phases": phases,
            "move_form": PhaseMoveForm(
                project=project,
                initial={"phase": project.current_phase_id, "current": project.current_phase_id},
            ),
            "phase_form": PhaseAddForm(),
            "item_form": ItemAddForm(),
            "changes": project.phase_changes.select_related("changed_by")[:20],
            "goals": project.goals.all(),
            "measures": project.measures.all(),
            "ideas": project.change_ideas.prefetch_related("cycles"),
            "cycles": project.pdsa_cycles.select_related("change_idea"),
        },
    )


@require_POST
def phase_move(request, pk):
    project, access = team_access.get_project(request.user, pk, edit=True)
    form = PhaseMoveForm(request.POST, project=project)
    if not form.is_valid():
        messages.error(request, _("Choose a phase of this project."))
        return redirect("improvement:project", project.pk)
    to = form.cleaned_data["phase"]
    before = project.current_phase.name if project.current_phase else ""
    try:
        change = move_phase(
            project, to, request.user, form.cleaned_data["note"], form.cleaned_data["current"]
        )
    except PhaseConflict:
        messages.error(
            request, _("Someone else moved the project meanwhile. Look again and try once more.")
        )
        return redirect("improvement:project", project.pk)
    audit(
        request,
        AuditAction.UPDATE,
        project,
        access.team,
        before={"phase": before},
        after={"phase": to.name, "back": change.is_back},
    )
    messages.success(
        request, _("The project is now in the phase “%(phase)s”.") % {"phase": to.name}
    )
    return redirect("improvement:project", project.pk)


def _child(related, pk):
    """The project's object with ``pk`` (None when ``pk`` is None; 404 when not the project's)."""
    if pk is None:
        return None
    found = related.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@require_POST
def item_toggle(request, pk, item_pk):
    project, access = team_access.get_project(request.user, pk, edit=True)
    item = ChecklistItem.objects.filter(pk=item_pk, phase__project=project).first()
    if item is None:
        raise Http404
    done = request.POST.get("done") == "1"
    toggle_item(item, done, request.user)
    audit(request, AuditAction.UPDATE, item, access.team, after={"text": item.text, "done": done})
    return redirect(reverse("improvement:project", args=[project.pk]) + f"#fase-{item.phase_id}")


@require_POST
def item_add(request, pk, phase_pk):
    project, access = team_access.get_project(request.user, pk, edit=True)
    phase = _child(project.phases, phase_pk)
    form = ItemAddForm(request.POST)
    if form.is_valid():
        item = ChecklistItem.objects.create(phase=phase, text=form.cleaned_data["text"])
        audit(request, AuditAction.CREATE, item, access.team, after={"text": item.text})
    return redirect("improvement:project", project.pk)


@require_POST
def phase_add(request, pk):
    project, access = team_access.get_project(request.user, pk, edit=True)
    form = PhaseAddForm(request.POST)
    if form.is_valid():
        last = project.phases.aggregate(last=Max("position"))["last"] or 0
        phase = Phase.objects.create(
            project=project, position=last + 1, name=form.cleaned_data["name"]
        )
        audit(request, AuditAction.CREATE, phase, access.team, after={"name": phase.name})
    return redirect("improvement:project", project.pk)


def _edit(request, access, form, obj_after, template, context, done_message, target):
    """Save a model form, audit it and go to ``target``; or show the form again."""
    before = obj_after(form.instance) if form.instance.pk else None
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        action = AuditAction.UPDATE if before is not None else AuditAction.CREATE
        audit(request, action, saved, access.team, before=before, after=obj_after(saved))
        messages.success(request, done_message)
        return redirect(*target)
    return page(request, template, access, {"form": form, **context})


GOAL_FIELDS = GoalForm.Meta.fields


def goal_edit(request, pk, goal_pk=None):
    project, access = team_access.get_project(request.user, pk, edit=True)
    goal = _child(project.goals, goal_pk)
    form = GoalForm(request.POST or None, instance=goal)
    form.instance.project = project
    return _edit(
        request,
        access,
        form,
        lambda g: fields_of(g, GOAL_FIELDS),
        "improvement/goal_form.html",
        {"project": project, "goal": goal},
        _("The goal has been saved."),
        ("improvement:project", project.pk),
    )


def idea_new(request, pk):
    project, access = team_access.get_project(request.user, pk, edit=True)
    form = ChangeIdeaForm(request.POST or None)
    form.instance.project = project
    return _edit(
        request,
        access,
        form,
        lambda i: fields_of(i, ("title", "description")),
        "improvement/simple_form.html",
        {"project": project, "heading": _("New change idea")},
        _("The change idea has been saved."),
        ("improvement:project", project.pk),
    )


PDSA_FIELDS = [f for f in PdsaForm.Meta.fields if f != "measures"]


def _pdsa_fields(cycle) -> dict:
    measures = sorted(cycle.measures.values_list("pk", flat=True)) if cycle.pk else []
    return {**fields_of(cycle, PDSA_FIELDS), "measures": measures}


def pdsa_edit(request, pk, cycle_pk=None):
    project, access = team_access.get_project(request.user, pk, edit=True)
    cycle = _child(project.pdsa_cycles, cycle_pk)
    form = PdsaForm(request.POST or None, instance=cycle, project=project)
    form.instance.project = project
    return _edit(
        request,
        access,
        form,
        _pdsa_fields,
        "improvement/simple_form.html",
        {
            "project": project,
            "heading": cycle.title if cycle else _("New PDSA cycle"),
            "intro": _(
                "Plan – do – study – act: test one change idea in a small cycle and learn "
                "from the result."
            ),
        },
        _("The PDSA cycle has been saved."),
        ("improvement:project", project.pk),
    )
