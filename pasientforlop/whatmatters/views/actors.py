"""The actor map: everyone around the user, how much they matter and influence."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pasientforlop.audit.models import AuditAction
from pasientforlop.whatmatters.actormap import MapActor, MapLabels, render_actor_map
from pasientforlop.whatmatters.forms import ActorForm
from pasientforlop.whatmatters.models import Actor
from pasientforlop.whatmatters.services import EditConflict, claim
from pasientforlop.whatmatters.views.common import (
    audit,
    audit_view,
    conflict_context,
    get_patient,
    page,
)

FIELDS = ("kind", "name", "relation", "importance", "influence", "note")


def labels() -> MapLabels:
    return MapLabels(
        title=_("Actor map"),
        importance=_("Importance for the user"),
        influence=_("Influence"),
        low=_("low"),
        high=_("high"),
        quadrants=(
            _("Important, little influence"),
            _("Important, much influence"),
            _("Less important, little influence"),
            _("Less important, much influence"),
        ),
        empty=_("No actors recorded yet."),
        describe=_("{number}. {name}{kind}: importance {importance}, influence {influence}"),
    )


def actor_map_svg(actors) -> str:
    return render_actor_map(
        [
            MapActor(a.name, a.importance, a.influence, a.get_kind_display(), a.relation)
            for a in actors
        ],
        labels(),
    )


def actor_lines(actor: Actor) -> list[str]:
    return [
        f"{actor.name} ({actor.get_kind_display()})",
        f"{_('Importance for the user')}: {actor.importance}, {_('Influence')}: {actor.influence}",
    ]


def actors(request, patient_pk, actor_pk=None):
    """The map and list; with ``actor_pk`` the form edits that actor, else it adds one."""
    patient = get_patient(request, patient_pk)
    everyone = list(patient.actors.select_related("updated_by"))
    actor = None
    if actor_pk is not None:
        actor = next((a for a in everyone if a.pk == actor_pk), None)
        if actor is None:
            raise Http404
    extra = {}
    if request.method == "POST":
        form = ActorForm(request.POST, instance=actor)
        if form.is_valid():
            data = {f: form.cleaned_data[f] for f in FIELDS}
            try:
                if actor is None:
                    saved = Actor.objects.create(
                        patient=patient, created_by=request.user, updated_by=request.user, **data
                    )
                else:
                    claim(actor, form.cleaned_data["version"] or 0, request.user)
                    Actor.objects.filter(pk=actor.pk).update(**data)
                    saved = actor
            except EditConflict as conflict:
                extra = conflict_context(conflict.current, actor_lines(conflict.current))
                resubmit = request.POST.copy()
                resubmit["version"] = str(conflict.current.version)
                form = ActorForm(resubmit, instance=actor)
            else:
                audit(
                    request,
                    AuditAction.UPDATE if actor else AuditAction.CREATE,
                    saved,
                    patient,
                    after={k: str(v) for k, v in data.items()},
                )
                messages.success(request, _("The actor has been saved."))
                return redirect("whatmatters:actors", patient.pk)
    else:
        form = ActorForm(instance=actor, initial={"version": actor.version if actor else 0})
    audit_view(request, actor, patient)
    return page(
        request,
        "whatmatters/actors.html",
        patient,
        "actors",
        {"form": form, "actor": actor, "actors": everyone, "svg": actor_map_svg(everyone), **extra},
    )


@require_POST
def actor_delete(request, patient_pk, actor_pk):
    patient = get_patient(request, patient_pk)
    actor = patient.actors.filter(pk=actor_pk).first()
    if actor is None:
        raise Http404
    before = {f: str(getattr(actor, f)) for f in FIELDS}
    audit(request, AuditAction.DELETE, actor, patient, before=before)
    actor.delete()
    messages.success(request, _("The actor has been removed."))
    return redirect("whatmatters:actors", patient.pk)
