"""Networks: the index, a network from the template, the overview, people, the timeline and
the national view."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pasientforlop.audit.models import AuditAction
from pasientforlop.improvement.services import fields_of
from pasientforlop.lib.dates import today_oslo
from pasientforlop.networks import access
from pasientforlop.networks.forms import MilestoneForm, NetworkEditForm, NetworkForm, PersonForm
from pasientforlop.networks.models import (
    Application,
    Invitation,
    Milestone,
    Network,
    NetworkPerson,
    SurveyResponse,
)
from pasientforlop.networks.overview import national_context, network_context
from pasientforlop.networks.services import audit, create_from_template

NETWORK_FIELDS = ("name", "region", "target_group", "health_partnership", "description")
MILESTONE_FIELDS = ("kind", "number", "starts_on", "ends_on", "place")


def index(request):
    """Coordinators and supervisors: their networks. Municipalities: open invitations, their
    applications, their teams' packages and evaluations to answer."""
    user = request.user
    networks = list(access.networks_for(user))
    places = access.applicant_places(user)
    participations = list(access.participations_for(user))
    if not (networks or places or participations or access.is_coordinator(user)):
        raise PermissionDenied
    today = today_oslo()
    invitations = (
        Invitation.objects.filter(published_at__isnull=False, deadline__gte=today).select_related(
            "network"
        )
        if places
        else []
    )
    answered = SurveyResponse.objects.filter(user=user).values_list("milestone_id", flat=True)
    surveys = (
        Milestone.objects.filter(attendance__user=user, survey_sent_at__isnull=False)
        .exclude(pk__in=answered)
        .select_related("network")
    )
    return render(
        request,
        "networks/index.html",
        {
            "networks": networks,
            "coordinator": access.is_coordinator(user),
            "invitations": invitations,
            "applications": Application.objects.filter(municipality__in=places).select_related(
                "invitation__network", "municipality"
            ),
            "participations": [
                (p, p.network.milestones.filter(kind="gathering", tasks__isnull=False).distinct())
                for p in participations
            ],
            "surveys": surveys,
        },
    )


def network_new(request):
    if not access.is_coordinator(request.user):
        raise PermissionDenied
    form = NetworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        network = create_from_template(
            name=data["name"],
            region=data["region"],
            target_group=data["target_group"],
            health_partnership=data["health_partnership"],
            preparation_starts=data["preparation_starts"],
            members=[*data["municipalities"], *data["hospital_trusts"]],
        )
        audit(
            request,
            AuditAction.CREATE,
            network,
            network,
            after={
                **fields_of(network, NETWORK_FIELDS),
                "members": sorted(network.members.values_list("organisation_id", flat=True)),
            },
        )
        messages.success(request, _("The network has been made from the template."))
        return redirect("networks:network", network.pk)
    return render(request, "networks/network_form.html", {"form": form, "network": None})


def network(request, pk):
    net = access.get_network(request.user, pk)
    context = network_context(net.network, today_oslo())
    return render(
        request, "networks/network.html", {"access": net, "network": net.network, **context}
    )


def network_edit(request, pk):
    net = access.get_network(request.user, pk, manage=True)
    before = fields_of(net.network, NETWORK_FIELDS)
    form = NetworkEditForm(request.POST or None, instance=net.network)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit(
            request,
            AuditAction.UPDATE,
            net.network,
            net.network,
            before=before,
            after=fields_of(net.network, NETWORK_FIELDS),
        )
        messages.success(request, _("The network has been saved."))
        return redirect("networks:network", net.network.pk)
    return render(request, "networks/network_form.html", {"form": form, "network": net.network})


def people(request, pk):
    net = access.get_network(request.user, pk, manage=True)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person, _created = NetworkPerson.objects.update_or_create(
            network=net.network,
            user=form.cleaned_data["username"],
            defaults={"role": form.cleaned_data["role"]},
        )
        audit(
            request,
            AuditAction.UPDATE,
            person,
            net.network,
            after={"user": person.user_id, "role": person.role},
        )
        messages.success(request, _("The person has been added to the network."))
        return redirect("networks:people", net.network.pk)
    return render(
        request,
        "networks/people.html",
        {"network": net.network, "form": form, "people": net.network.people.select_related("user")},
    )


def milestone_edit(request, pk, milestone_pk=None):
    net = access.get_network(request.user, pk, manage=True)
    milestone = None
    if milestone_pk is not None:
        milestone = net.network.milestones.filter(pk=milestone_pk).first()
        if milestone is None:
            raise Http404
    before = fields_of(milestone, MILESTONE_FIELDS) if milestone else None
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.network = net.network
        saved.save()
        audit(
            request,
            AuditAction.UPDATE if milestone else AuditAction.CREATE,
            saved,
            net.network,
            before=before,
            after=fields_of(saved, MILESTONE_FIELDS),
        )
        messages.success(request, _("The timeline has been saved."))
        return redirect("networks:network", net.network.pk)
    return render(
        request,
        "networks/milestone_form.html",
        {"network": net.network, "form": form, "milestone": milestone},
    )


def national(request):
    if not access.is_coordinator(request.user):
        raise PermissionDenied
    networks = list(Network.objects.order_by("start_year", "name"))
    return render(request, "networks/national.html", national_context(networks))
