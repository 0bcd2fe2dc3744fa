"""Running a gathering: correcting the programme (edit, delete, reorder, days and start
times), the materials and the follow-up log."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pasientforlop.audit.models import AuditAction
from pasientforlop.improvement.access import _get
from pasientforlop.improvement.services import fields_of
from pasientforlop.lib.dates import today_oslo
from pasientforlop.networks import access
from pasientforlop.networks.forms import FollowUpForm, MaterialForm, ProgrammeItemForm
from pasientforlop.networks.models import FollowUp, Material, ProgrammeItem
from pasientforlop.networks.services import audit
from pasientforlop.networks.views.gatherings import _form_page

ITEM_FIELDS = ("title", "speaker", "kind", "day", "starts_at", "minutes", "position")
FOLLOWUP_FIELDS = ("participation", "contacted_on", "channel", "by", "topic", "next_step")


def _item_fields(item) -> dict:
    found = fields_of(item, ITEM_FIELDS)
    found["starts_at"] = item.starts_at.strftime("%H:%M") if item.starts_at else None
    return found


def gathering_days(milestone) -> int:
    return (milestone.ends_on - milestone.starts_on).days + 1


def _item(user, pk):
    item = _get(ProgrammeItem, pk, "milestone__network")
    access.get_milestone(user, item.milestone_id, manage=True)
    return item


def programme_item_edit(request, pk):
    item = _item(request.user, pk)
    milestone = item.milestone
    before = _item_fields(item)
    form = ProgrammeItemForm(request.POST or None, instance=item, days=gathering_days(milestone))
    if request.method == "POST" and form.is_valid():
        item = form.save()
        audit(
            request,
            AuditAction.UPDATE,
            item,
            milestone.network,
            before=before,
            after=_item_fields(item),
        )
        messages.success(request, _("The programme item has been changed."))
        return redirect("networks:gathering", milestone.pk)
    return _form_page(request, form, _("Change the programme item"), milestone)


@require_POST
def programme_item_delete(request, pk):
    item = _item(request.user, pk)
    milestone = item.milestone
    before = _item_fields(item)
    audit(request, AuditAction.DELETE, item, milestone.network, before=before, after={})
    item.delete()
    messages.success(request, _("The programme item has been removed."))
    return redirect("networks:gathering", milestone.pk)


@require_POST
def programme_item_move(request, pk):
    """Move an item one place up or down within its day."""
    item = _item(request.user, pk)
    milestone = item.milestone
    step = {"up": -1, "down": 1}.get(request.POST.get("direction"), 0)
    with transaction.atomic():
        day = list(
            ProgrammeItem.objects.select_for_update()
            .filter(milestone=milestone, day=item.day)
            .order_by("position", "id")
        )
        index = next(i for i, other in enumerate(day) if other.pk == item.pk)
        target = index + step
        if step and 0 <= target < len(day):
            day[index], day[target] = day[target], day[index]
            for position, other in enumerate(day, start=1):
                if other.position != position:
                    other.position = position
                    other.save(update_fields=["position"])
            audit(
                request,
                AuditAction.UPDATE,
                item,
                milestone.network,
                before={"position": index + 1},
                after={"position": target + 1, "day": item.day},
            )
    messages.success(request, _("The programme order has been changed."))
    return redirect(reverse("networks:gathering", args=[milestone.pk]) + f"#item-{item.pk}")


def _material(user, pk):
    material = _get(Material, pk, "milestone__network")
    access.get_milestone(user, material.milestone_id, manage=True)
    return material


def material_edit(request, pk):
    material = _material(request.user, pk)
    milestone = material.milestone
    before = {"title": material.title, "url": material.url, "file": material.file_name}
    form = MaterialForm(request.POST or None, request.FILES or None, instance=material)
    if request.method == "POST" and form.is_valid():
        material = form.save(commit=False)
        form.attach_upload(material)
        material.save()
        audit(
            request,
            AuditAction.UPDATE,
            material,
            milestone.network,
            before=before,
            after={"title": material.title, "url": material.url, "file": material.file_name},
        )
        messages.success(request, _("The material has been changed."))
        return redirect("networks:gathering", milestone.pk)
    return _form_page(request, form, _("Change the material"), milestone, multipart=True)


@require_POST
def material_delete(request, pk):
    material = _material(request.user, pk)
    milestone = material.milestone
    audit(
        request,
        AuditAction.DELETE,
        material,
        milestone.network,
        before={"title": material.title, "url": material.url, "file": material.file_name},
        after={},
    )
    if material.file:
        material.file.delete(save=False)
    material.delete()
    messages.success(request, _("The material has been removed."))
    return redirect("networks:gathering", milestone.pk)


def _followup(user, pk):
    entry = _get(FollowUp, pk, "participation__network", "participation__organisation")
    access.get_network(user, entry.participation.network_id)
    return entry


def followup_edit(request, pk):
    entry = _followup(request.user, pk)
    network = entry.participation.network
    before = fields_of(entry, FOLLOWUP_FIELDS)
    form = FollowUpForm(request.POST or None, instance=entry, network=network)
    if request.method == "POST" and form.is_valid():
        entry = form.save()
        audit(
            request,
            AuditAction.UPDATE,
            entry,
            network,
            organisation=entry.participation.organisation,
            before=before,
            after=fields_of(entry, FOLLOWUP_FIELDS),
        )
        messages.success(request, _("The contact has been changed."))
        return redirect("networks:followups", network.pk)
    return _form_page(
        request,
        form,
        _("Change the contact"),
        None,
        back=reverse("networks:followups", args=[network.pk]),
        network=network,
    )


@require_POST
def followup_delete(request, pk):
    entry = _followup(request.user, pk)
    network = entry.participation.network
    audit(
        request,
        AuditAction.DELETE,
        entry,
        network,
        organisation=entry.participation.organisation,
        before=fields_of(entry, FOLLOWUP_FIELDS),
        after={},
    )
    entry.delete()
    messages.success(request, _("The contact has been removed."))
    return redirect("networks:followups", network.pk)


def gathering_deck(request, pk):
    """The coordinator's deck for a gathering: one slide per team (aim, key chart, next step)."""
    from pasientforlop.improvement import storyboard

    milestone, net = access.get_milestone(request.user, pk, staff=True)
    today = today_oslo()
    boards = []
    for participation in milestone.network.participations.select_related("team"):
        project = participation.team.projects.order_by("-created_at", "-id").first()
        if project is not None:
            boards.append(storyboard.build(project, today))
    title = f"{milestone.title}: {milestone.network.name}"
    body = storyboard.gathering_pptx(title, boards)
    audit(request, AuditAction.EXPORT, milestone, milestone.network, after={"format": "pptx"})
    response = HttpResponse(body, content_type=storyboard.PPTX)
    response["Content-Disposition"] = f'attachment; filename="samling-{milestone.pk}.pptx"'
    return response


def population_import(request):
    """Upload population figures (``municipality,population``), as ``import-population``."""
    import tempfile
    from pathlib import Path

    from pasientforlop.audit.log import record
    from pasientforlop.networks.forms import PopulationImportForm
    from pasientforlop.networks.imports import ImportError_, import_population

    if not access.is_coordinator(request.user):
        raise PermissionDenied
    form = PopulationImportForm(request.POST or None, request.FILES or None)
    counts = None
    if request.method == "POST" and form.is_valid():
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "population.csv"
            path.write_bytes(form.cleaned_data["file"].read())
            try:
                counts = import_population(path)
            except (ImportError_, UnicodeDecodeError) as error:
                reason = str(error) if isinstance(error, ImportError_) else ""
                form.add_error("file", reason or _("The file is not UTF-8 text."))
        if counts is not None:
            record(
                request,
                AuditAction.IMPORT,
                object_type="networks.population",
                after={"rows": counts.rows, "created": counts.created},
            )
            messages.success(
                request,
                _("%(rows)s rows read: %(created)s new and %(updated)s updated.")
                % {
                    "rows": counts.rows,
                    "created": counts.created,
                    "updated": counts.rows - counts.created - len(counts.unknown),
                },
            )
    return render(request, "networks/population_import.html", {"form": form, "counts": counts})
