"""Comparable charts: shared measures, the teams side by side and the network summed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pasientforlop.audit.models import AuditAction
from pasientforlop.improvement.access import _get
from pasientforlop.improvement.models import Measure, MeasureKind, Project
from pasientforlop.lib.dates import today_oslo
from pasientforlop.networks import access
from pasientforlop.networks.compare import compare
from pasientforlop.networks.forms import SharedMeasureForm
from pasientforlop.networks.models import Network, SharedMeasure
from pasientforlop.networks.services import audit


def _access(user, pk):
    net = access.network_access(user, _get(Network, pk))
    if not (net.staff or net.participant):
        raise PermissionDenied
    return net


def _own_projects(user, network):
    """Projects of the user's teams that take part in the network."""
    return Project.objects.filter(
        team__members__user=user, team__participations__network=network
    ).select_related("team")


def comparison(request, pk):
    net = _access(request.user, pk)
    network = net.network
    today = today_oslo()
    shared = list(network.shared_measures.prefetch_related("measures__project"))
    projects = list(_own_projects(request.user, network)) if request.user.is_authenticated else []
    mine = {p.pk for p in projects}
    return render(
        request,
        "networks/comparison.html",
        {
            "network": network,
            "access": net,
            "comparisons": [
                (compare(s, today), [m for m in s.measures.all() if m.project_id in mine])
                for s in shared
            ],
            "projects": projects,
            "form": SharedMeasureForm() if net.manage else None,
        },
    )


@require_POST
def shared_measure_new(request, pk):
    net = access.get_network(request.user, pk, manage=True)
    form = SharedMeasureForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the measure a name, a direction and a first period."))
        return redirect("networks:comparison", net.network.pk)
    shared = form.save(commit=False)
    shared.network = net.network
    shared.save()
    audit(request, AuditAction.CREATE, shared, net.network, after={"name": shared.name})
    messages.success(request, _("The shared measure has been added."))
    return redirect("networks:comparison", net.network.pk)


@require_POST
def shared_measure_adopt(request, pk):
    """A team feeds a shared measure: a new measure in one of its projects, linked to it."""
    shared = _get(SharedMeasure, pk, "network")
    net = _access(request.user, shared.network_id)
    chosen = request.POST.get("project", "")
    projects = _own_projects(request.user, net.network)
    project = projects.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    if project is None:
        messages.error(request, _("Choose one of your team's projects."))
        return redirect("networks:comparison", net.network.pk)
    with transaction.atomic():
        measure = shared.measures.filter(project=project).first()
        if measure is None:
            measure = Measure.objects.create(
                project=project,
                name=shared.name,
                kind=MeasureKind.OUTCOME,
                definition=shared.definition,
                value_type="proportion",
                better=shared.better,
                target=shared.target,
                period="month",
                first_period=shared.first_period,
                chart_type="p",
            )
            shared.measures.add(measure)
            audit(
                request,
                AuditAction.CREATE,
                measure,
                net.network,
                after={"shared_measure": shared.pk, "project": project.pk},
            )
    messages.success(request, _("Your team's data now feed the network's measure."))
    return redirect("improvement:measure", measure.pk)
