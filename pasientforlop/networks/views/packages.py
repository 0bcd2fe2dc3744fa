"""Preparation packages: a team's answers and status, and the coordinator's task list.

Answers belong to a task by its id. Each answer carries a ``version``: when two people of a
team save at the same time, the second sees the first one's saved answer next to their own
(kept in the form) and saves again only by choice. A task whose text changed after a team
answered is marked "changed since you answered", and a team that had marked the package
ready is no longer ready when a task is added or changed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pasientforlop.audit.models import AuditAction
from pasientforlop.networks import access
from pasientforlop.networks.models import (
    MilestoneKind,
    PackageAnswer,
    PackageState,
    PackageStatus,
    PackageTask,
)
from pasientforlop.networks.services import audit, package_state
from pasientforlop.networks.tasklist import TaskRow, UnknownTask, plan


def _seen_version(request, task) -> int | None:
    """The answer's version when the page was opened; None when the form sent none."""
    seen = request.POST.get(f"version-{task.pk}")
    if seen is None:
        return None
    try:
        return int(seen)
    except ValueError:
        return 0


def _save_answers(request, participation, tasks, texts) -> dict[int, PackageAnswer]:
    """Store the answers; returns {task id: the answer saved meanwhile} for conflicts (then
    nothing is stored)."""
    stored = {
        a.task_id: a
        for a in PackageAnswer.objects.select_for_update().filter(
            participation=participation, task__in=tasks
        )
    }
    conflicts = {
        task.pk: stored[task.pk]
        for task in tasks
        if task.pk in stored
        and _seen_version(request, task) not in (None, stored[task.pk].version)
        and stored[task.pk].text != texts[task.pk]
    }
    if conflicts:
        return conflicts
    for task in tasks:
        answer = stored.get(task.pk)
        if answer is None:
            PackageAnswer.objects.create(
                participation=participation,
                task=task,
                text=texts[task.pk],
                task_revision=task.revision,
                updated_by=request.user,
            )
        elif answer.text != texts[task.pk] or answer.task_revision != task.revision:
            PackageAnswer.objects.filter(pk=answer.pk).update(
                text=texts[task.pk],
                task_revision=task.revision,
                updated_by=request.user,
                updated_at=timezone.now(),
                version=F("version") + 1,
            )
    return {}


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
    conflicts: dict[int, PackageAnswer] = {}
    mine: dict[int, str] = {}
    if request.method == "POST":
        if not acc.edit:
            raise PermissionDenied
        before = {
            "status": state.status,
            "answers": {t.pk: answers[t.pk].text for t in tasks if t.pk in answers},
        }
        texts = {t.pk: request.POST.get(f"task-{t.pk}", "").strip() for t in tasks}
        ready = "ready" in request.POST
        with transaction.atomic():
            conflicts = _save_answers(request, participation, tasks, texts)
            if not conflicts:
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
        if conflicts:
            mine = texts
            problems.append(
                _(
                    "Someone else saved answers while you were writing. Their saved answers "
                    "are shown next to yours; yours are still in the form and nothing was "
                    "saved. Save again to keep your version."
                )
            )
            answers = {
                a.task_id: a
                for a in PackageAnswer.objects.filter(participation=participation, task__in=tasks)
            }
        else:
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
            mine = texts
    shown = {task_id: answer.text for task_id, answer in answers.items()} | mine
    rows = [
        {
            "task": task,
            "text": shown.get(task.pk, ""),
            "version": answers[task.pk].version if task.pk in answers else 0,
            "changed": task.pk in answers
            and answers[task.pk].text != ""
            and answers[task.pk].task_revision < task.revision,
            "theirs": conflicts.get(task.pk),
        }
        for task in tasks
    ]
    return render(
        request,
        "networks/package.html",
        {
            "participation": participation,
            "milestone": milestone,
            "network": participation.network,
            "rows": rows,
            "state": state,
            "edit": acc.edit,
            "problems": problems,
        },
    )


def _rows_from(request) -> list[TaskRow] | None:
    ids = request.POST.getlist("task_id")
    texts = request.POST.getlist("task_text")
    positions = request.POST.getlist("task_position")
    removed = set(request.POST.getlist("task_delete"))
    if not (len(ids) == len(texts) == len(positions)):
        return None
    rows = []
    for index, (key, text, position) in enumerate(zip(ids, texts, positions, strict=True)):
        try:
            task_id = int(key) if key else None
        except ValueError:
            return None
        try:
            place = int(position)
        except ValueError:
            place = index + 1
        rows.append(TaskRow(task_id, text, place, delete=bool(key) and key in removed))
    return rows


def _store_tasks(milestone, current: dict[int, PackageTask], result) -> None:
    PackageTask.objects.filter(pk__in=result.deleted).delete()
    for position, (key, text) in enumerate(result.order, start=1):
        if key is None:
            PackageTask.objects.create(milestone=milestone, position=position, text=text)
            continue
        task = current[key]
        if task.text != text:
            task.text, task.revision = text, task.revision + 1
        task.position = position
        task.save(update_fields=["text", "revision", "position"])
    if result.changed or result.added:
        # A team that was ready answered another task list: not ready any more.
        PackageState.objects.filter(milestone=milestone, status=PackageStatus.READY).update(
            status=PackageStatus.IN_PROGRESS, ready_at=None
        )


def package_tasks(request, pk):
    """The coordinator edits the tasks before a gathering, task by task."""
    milestone, net = access.get_milestone(request.user, pk, manage=True)
    if milestone.kind != MilestoneKind.GATHERING:
        raise Http404
    current = {task.pk: task for task in milestone.tasks.all()}
    problems = []
    rows = None
    if request.method == "POST":
        rows = _rows_from(request)
        if rows is None:
            problems.append(_("The list of tasks was incomplete. Try again."))
        else:
            with transaction.atomic():
                current = {task.pk: task for task in milestone.tasks.select_for_update().order_by()}
                current = dict(sorted(current.items(), key=lambda i: (i[1].position, i[0])))
                try:
                    result = plan({k: t.text for k, t in current.items()}, rows)
                except UnknownTask:
                    result = None
                    problems.append(
                        _(
                            "Someone else removed a task while you were editing. The list "
                            "below is the current one; make your changes again."
                        )
                    )
                    rows = None
                if result is not None and result.empty_rows:
                    problems.append(_("A task cannot be empty. Tick “Remove” to remove a task."))
                elif result is not None:
                    _store_tasks(milestone, current, result)
            if not problems:
                audit(
                    request,
                    AuditAction.UPDATE,
                    milestone,
                    milestone.network,
                    before={"tasks": {k: t.text for k, t in current.items()}},
                    after={"tasks": [[key, text] for key, text in result.order]},
                )
                messages.success(request, _("The preparation package has been saved."))
                return redirect("networks:gathering", milestone.pk)
    if rows is None:
        tasks = list(milestone.tasks.all())
        rows = [TaskRow(t.pk, t.text, n) for n, t in enumerate(tasks, start=1)]
    rows = [row for row in rows if row.key is not None or row.text.strip()]
    blank = [TaskRow(None, "", len(rows) + n) for n in range(1, 3)]
    return render(
        request,
        "networks/package_tasks.html",
        {
            "milestone": milestone,
            "network": milestone.network,
            "rows": [*rows, *blank],
            "problems": problems,
            "answered": set(
                PackageAnswer.objects.filter(task__milestone=milestone)
                .exclude(text="")
                .values_list("task_id", flat=True)
            ),
        },
    )
