"""Preparation packages: a team's answers and status, and the coordinator's task list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pasientforlop.audit.models import AuditAction
from pasientforlop.networks import access
from pasientforlop.networks.models import MilestoneKind, PackageAnswer, PackageStatus, PackageTask
from pasientforlop.networks.services import audit, package_state


def package(request, pk, milestone_pk):
    acc = access.get_participation(request.user, pk)
    participation = acc.participation
    milestone = participation.network.milestones.filter(
        pk=milestone_pk, kind=MilestoneKind.GATHERING
    ).first()
    if milestone is None:
        raise Http404
    tasks = list(milestone.tasks.all())
    answers = {
        a.task_id: a
        for a in PackageAnswer.objects.filter(participation=participation, task__in=tasks)
    }
    state = package_state(participation, milestone)
    problems = []
    if request.method == "POST":
        if not acc.edit:
            raise PermissionDenied
        before = {
            "status": state.status,
            "answers": {t.pk: answers[t.pk].text for t in tasks if t.pk in answers},
        }
        texts = {t.pk: request.POST.get(f"task-{t.pk}", "").strip() for t in tasks}
        with transaction.atomic():
            for task in tasks:
                PackageAnswer.objects.update_or_create(
                    participation=participation,
                    task=task,
                    defaults={"text": texts[task.pk], "updated_by": request.user},
                )
            ready = "ready" in request.POST
            if ready and not all(texts.values()):
                problems.append(_("Answer every task before you mark the package as ready."))
                ready = False
            state.status = (
                PackageStatus.READY
                if ready
                else PackageStatus.IN_PROGRESS
                if any(texts.values())
                else PackageStatus.NOT_STARTED
            )
            state.ready_at = timezone.now() if ready else None
            state.save(update_fields=["status", "ready_at"])
        audit(
            request,
            AuditAction.UPDATE,
            state,
            participation.network,
            organisation=participation.organisation,
            before=before,
            after={"status": state.status, "answers": texts},
        )
        if not problems:
            messages.success(
                request,
                _("The package is ready.") if ready else _("Your answers have been saved."),
            )
            return redirect("networks:package", participation.pk, milestone.pk)
        answers = {t.pk: PackageAnswer(task=t, text=texts[t.pk]) for t in tasks}
    return render(
        request,
        "networks/package.html",
        {
            "participation": participation,
            "milestone": milestone,
            "network": participation.network,
            "rows": [(t, answers.get(t.pk)) for t in tasks],
            "state": state,
            "edit": acc.edit,
            "problems": problems,
        },
    )


def package_tasks(request, pk):
    """The coordinator edits the tasks before a gathering: one task per paragraph."""
    milestone, net = access.get_milestone(request.user, pk, manage=True)
    if milestone.kind != MilestoneKind.GATHERING:
        raise Http404
    current = list(milestone.tasks.all())
    if request.method == "POST":
        texts = [t.strip() for t in request.POST.get("tasks", "").replace("\r", "").split("\n\n")]
        texts = [t for t in texts if t]
        with transaction.atomic():
            for position, text in enumerate(texts, start=1):
                if position <= len(current):
                    task = current[position - 1]
                    if task.text != text or task.position != position:
                        task.text, task.position = text, position
                        task.save(update_fields=["text", "position"])
                else:
                    PackageTask.objects.create(milestone=milestone, position=position, text=text)
            for task in current[len(texts) :]:
                task.delete()
        audit(
            request,
            AuditAction.UPDATE,
            milestone,
            milestone.network,
            before={"tasks": [t.text for t in current]},
            after={"tasks": texts},
        )
        messages.success(request, _("The preparation package has been saved."))
        return redirect("networks:gathering", milestone.pk)
    return render(
        request,
        "networks/package_tasks.html",
        {
            "milestone": milestone,
            "network": milestone.network,
            "text": "\n\n".join(t.text for t in current),
        },
    )
