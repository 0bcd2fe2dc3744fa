"""Who may see and do what in the learning networks.

- **Network coordinators** (role ``network_coordinator``, held in the network office) manage
  every network: members, timeline, invitations, applications, gatherings, packages and
  follow-up.
- **Supervisors** (and coordinators) named on a network (``NetworkPerson``) see that
  network's overview, gatherings and follow-up log and record follow-up contacts.
- **Municipalities** act through their unit leaders and improvement team members (in the
  municipality, above it or in its units) and the members of their network teams: they fill
  in applications and package answers, see their gatherings' programme and materials and
  answer the evaluation survey when they attended.
- Someone whose organisations have nothing to do with a network gets 404; someone who can
  see it but lacks the role gets 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from pasientforlop.accounts.choices import OrganisationKind, Role, UnitKind
from pasientforlop.accounts.models import Organisation
from pasientforlop.improvement.access import _get
from pasientforlop.improvement.models import TeamMember
from pasientforlop.lib.access import _memberships, descendant_ids, has_any_role
from pasientforlop.networks.models import (
    Application,
    Milestone,
    Network,
    NetworkPerson,
    NetworkRole,
    Participation,
)

APPLICANT_ROLES = frozenset({Role.UNIT_LEADER, Role.IMPROVEMENT_MEMBER})


def is_coordinator(user) -> bool:
    return has_any_role(user, {Role.NETWORK_COORDINATOR})


def reach_ids(user) -> set[int]:
    """Organisations a user is related to: where they hold a membership, everything above
    and everything below."""
    roots = [m.organisation for m in _memberships(user)]
    found = descendant_ids(o.id for o in roots)
    for organisation in roots:
        found |= {a.id for a in organisation.ancestors()}
    return found


def _applicant_place(organisation: Organisation) -> Organisation | None:
    """The municipality or Oslo city district an organisation belongs to."""
    for node in [organisation, *organisation.ancestors()]:
        if node.kind == OrganisationKind.MUNICIPALITY or (
            node.kind == OrganisationKind.UNIT and node.unit_kind == UnitKind.CITY_DISTRICT
        ):
            return node
    return None


def applicant_places(user) -> list[Organisation]:
    """Municipalities (and city districts) the user may apply and answer packages for."""
    found = {}
    for membership in _memberships(user):
        if membership.role in APPLICANT_ROLES:
            place = _applicant_place(membership.organisation)
            if place is not None:
                found[place.pk] = place
    return sorted(found.values(), key=lambda o: o.name)


def may_act_for(user, organisation: Organisation) -> bool:
    return organisation.pk in {o.pk for o in applicant_places(user)}


def team_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(TeamMember.objects.filter(user=user).values_list("team_id", flat=True))


def _person_role(user, network: Network) -> str | None:
    if not user.is_authenticated:
        return None
    return (
        NetworkPerson.objects.filter(network=network, user=user)
        .values_list("role", flat=True)
        .first()
    )


def is_participant(user, network: Network) -> bool:
    places = {o.pk for o in applicant_places(user)}
    if network.participations.filter(team_id__in=team_ids(user)).exists():
        return True
    return network.members.filter(organisation_id__in=places).exists()


def _related(user, network: Network) -> bool:
    return network.members.filter(organisation_id__in=reach_ids(user)).exists() or (
        is_participant(user, network)
    )


@dataclass(frozen=True)
class NetworkAccess:
    network: Network
    manage: bool  # coordinator
    staff: bool  # coordinator or supervisor
    participant: bool


def network_access(user, network: Network) -> NetworkAccess:
    """404 when the user has nothing to do with the network."""
    role = _person_role(user, network)
    manage = is_coordinator(user) or role == NetworkRole.COORDINATOR
    staff = manage or role == NetworkRole.SUPERVISOR
    participant = is_participant(user, network)
    if not (staff or participant or _related(user, network)):
        raise Http404
    return NetworkAccess(network, manage, staff, participant)


def get_network(user, pk, *, manage=False, staff=True) -> NetworkAccess:
    access = network_access(user, _get(Network, pk))
    if (manage and not access.manage) or (staff and not access.staff):
        raise PermissionDenied
    return access


def get_milestone(user, pk, *, manage=False, staff=False) -> tuple[Milestone, NetworkAccess]:
    milestone = _get(Milestone, pk, "network")
    access = network_access(user, milestone.network)
    if (manage and not access.manage) or (staff and not access.staff):
        raise PermissionDenied
    if not (access.staff or access.participant):
        raise PermissionDenied
    return milestone, access


@dataclass(frozen=True)
class ApplicationAccess:
    application: Application
    applicant: bool  # may fill in (while a draft)
    decide: bool  # coordinator


def get_application(user, pk) -> ApplicationAccess:
    application = _get(Application, pk, "invitation__network", "municipality", "hospital_trust")
    applicant = may_act_for(user, application.municipality)
    network = application.invitation.network
    role = _person_role(user, network)
    decide = is_coordinator(user) or role == NetworkRole.COORDINATOR
    if applicant or decide or role == NetworkRole.SUPERVISOR:
        return ApplicationAccess(application, applicant, decide)
    if application.municipality_id in reach_ids(user):
        raise PermissionDenied
    raise Http404


@dataclass(frozen=True)
class ParticipationAccess:
    participation: Participation
    edit: bool
    network: NetworkAccess


def get_participation(user, pk) -> ParticipationAccess:
    participation = _get(Participation, pk, "network", "team", "organisation")
    edit = participation.team_id in team_ids(user) or may_act_for(user, participation.organisation)
    access = network_access(user, participation.network)
    if edit or access.staff:
        return ParticipationAccess(participation, edit, access)
    raise PermissionDenied


def networks_for(user):
    """Networks the user works with as coordinator or named coordinator/supervisor."""
    if is_coordinator(user):
        return Network.objects.all()
    return Network.objects.filter(people__user=user).distinct()


def participations_for(user):
    places = [o.pk for o in applicant_places(user)]
    from django.db.models import Q

    return (
        Participation.objects.filter(Q(team_id__in=team_ids(user)) | Q(organisation_id__in=places))
        .select_related("network", "team", "organisation")
        .distinct()
    )
