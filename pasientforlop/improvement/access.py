"""Who may see and change improvement teams.

- A team's **members** (``TeamMember``, separate from organisation memberships) see and edit
  everything of the team; only the team's **leaders** manage the members and the team itself.
- **Unit leaders** of the team's organisations read: a unit-leader membership in a team
  organisation, above one (a municipality's leader reads a team of one of its units) or below
  one (the leader of a unit inside a team municipality).
- Everyone else gets 404, so an outsider cannot learn that a team exists; a reader who tries
  to change something gets 403.
- Teams are made by improvement team members and unit leaders, for organisations where they
  hold that role; the maker becomes the team leader.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from pasientforlop.accounts.choices import OrganisationKind, Role
from pasientforlop.accounts.models import Organisation
from pasientforlop.improvement.models import Measure, Project, Team, TeamMember, TeamRole
from pasientforlop.lib.access import _memberships, descendant_ids

#: Roles that may make a team for their organisation.
CREATOR_ROLES = frozenset({Role.IMPROVEMENT_MEMBER, Role.UNIT_LEADER})
#: Organisations a team can belong to.
TEAM_ORGANISATION_KINDS = (
    OrganisationKind.MUNICIPALITY,
    OrganisationKind.UNIT,
    OrganisationKind.HOSPITAL_TRUST,
    OrganisationKind.HOSPITAL,
)


@dataclass(frozen=True)
class TeamAccess:
    team: Team
    member: TeamMember | None

    @property
    def can_edit(self) -> bool:
        return self.member is not None

    @property
    def is_leader(self) -> bool:
        return self.member is not None and self.member.role == TeamRole.LEADER


def leader_reach_ids(user) -> set[int]:
    """Organisations whose teams a unit leader reads: where they lead, everything below, and
    everything above (a team of the municipality their unit belongs to)."""
    roots = [m.organisation for m in _memberships(user) if m.role == Role.UNIT_LEADER]
    found = descendant_ids(o.id for o in roots)
    for organisation in roots:
        found |= {a.id for a in organisation.ancestors()}
    return found


def teams_for_user(user):
    if not user.is_authenticated:
        return Team.objects.none()
    return (
        Team.objects.filter(Q(members__user=user) | Q(organisations__in=leader_reach_ids(user)))
        .distinct()
        .order_by("name", "id")
    )


def team_access(user, team: Team) -> TeamAccess:
    """404 when the user may not see the team."""
    member = team.members.filter(user=user).first() if user.is_authenticated else None
    if member is None and not team.organisations.filter(id__in=leader_reach_ids(user)).exists():
        raise Http404
    return TeamAccess(team, member)


def _check(access: TeamAccess, edit: bool, lead: bool) -> TeamAccess:
    if (edit and not access.can_edit) or (lead and not access.is_leader):
        raise PermissionDenied
    return access


def _get(model, pk, *related):
    try:
        query = model.objects.select_related(*related) if related else model.objects.all()
        return query.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_team(user, pk, *, edit=False, lead=False) -> TeamAccess:
    return _check(team_access(user, _get(Team, pk)), edit, lead)


def get_project(user, pk, *, edit=False) -> tuple[Project, TeamAccess]:
    project = _get(Project, pk, "team", "current_phase")
    return project, _check(team_access(user, project.team), edit, False)


def get_measure(user, pk, *, edit=False) -> tuple[Measure, TeamAccess]:
    measure = _get(Measure, pk, "project__team")
    return measure, _check(team_access(user, measure.project.team), edit, False)


def creatable_organisations(user):
    """Organisations the user may make a team for."""
    ids = {m.organisation_id for m in _memberships(user) if m.role in CREATOR_ROLES}
    return Organisation.objects.filter(
        id__in=descendant_ids(ids), kind__in=TEAM_ORGANISATION_KINDS
    ).order_by("name")


def may_create_team(user) -> bool:
    return any(m.role in CREATOR_ROLES for m in _memberships(user))
