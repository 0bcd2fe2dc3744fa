"""Learning networks: the list and one network's overview, aggregated as the pages show them
(above one organisation: counts under 5 as "<5", no user of services)."""

from datetime import date

from django.db.models import Count
from django.http import Http404
from ninja import Router, Schema

from pasientforlop.interop.api.auth import need
from pasientforlop.interop.api.common import Id, responses
from pasientforlop.networks import access as network_access_rules
from pasientforlop.networks.models import Network
from pasientforlop.networks.services import coverage_of, member_place_ids, status_table

router = Router(tags=["networks"])


class MilestoneOut(Schema):
    kind: str
    number: int
    starts_on: date
    ends_on: date
    place: str


class TeamStatusOut(Schema):
    team: str
    organisation: str
    people: int
    packages: list[str]


class NetworkOut(Schema):
    id: int
    name: str
    region: str
    target_group: str
    start_year: int
    end_year: int
    members: list[str]
    inhabitants: int
    coverage_share: float


class NetworkDetail(NetworkOut):
    milestones: list[MilestoneOut]
    teams: list[TeamStatusOut]


def _visible(user):
    for network in Network.objects.order_by("-start_year", "name"):
        try:
            network_access_rules.network_access(user, network)
        except Http404:  # nothing to do with this network
            continue
        yield network


def _network_out(network) -> dict:
    coverage = coverage_of(member_place_ids([network]))
    return {
        "id": network.pk,
        "name": network.name,
        "region": network.region,
        "target_group": network.target_group,
        "start_year": network.start_year,
        "end_year": network.end_year,
        "members": [m.organisation.name for m in network.members.select_related("organisation")],
        "inhabitants": coverage.inhabitants,
        "coverage_share": coverage.share,
    }


@router.get("/networks", response=responses({200: list[NetworkOut]}), summary="Learning networks")
def list_networks(request):
    need(request, "networks:read")
    return [_network_out(network) for network in _visible(request.user)]


@router.get(
    "/networks/{pk}",
    response=responses({200: NetworkDetail}),
    summary="A learning network: timeline, teams and their preparation status",
)
def get_network(request, pk: Id):
    need(request, "networks:read")
    # The overview, as on the page: coordinators and the network's supervisors.
    network = network_access_rules.get_network(request.user, pk).network
    _gatherings, rows = status_table(network)
    people = dict(
        network.participations.annotate(n=Count("team__members", distinct=True)).values_list(
            "pk", "n"
        )
    )
    return _network_out(network) | {
        "milestones": [
            {
                "kind": m.kind,
                "number": m.number,
                "starts_on": m.starts_on,
                "ends_on": m.ends_on,
                "place": m.place,
            }
            for m in network.milestones.order_by("starts_on")
        ],
        "teams": [
            {
                "team": p.team.name,
                "organisation": p.organisation.name,
                "people": people.get(p.pk, 0),  # team size: staff, not suppressed
                "packages": [str(s) for s in states],
            }
            for p, states in rows
        ],
    }
