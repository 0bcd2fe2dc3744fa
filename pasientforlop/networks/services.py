"""Changes with more than one row: a network from the template, admitting an application,
package status, population figures and coverage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from pasientforlop.accounts.choices import OrganisationKind
from pasientforlop.accounts.models import User
from pasientforlop.audit.log import record
from pasientforlop.improvement.models import NamedMember, Team, TeamMember, TeamRole
from pasientforlop.networks import timeline
from pasientforlop.networks.models import (
    Application,
    ApplicationStatus,
    Milestone,
    MilestoneKind,
    Network,
    NetworkMember,
    PackageAnswer,
    PackageState,
    PackageStatus,
    PackageTask,
    Participation,
    Population,
)


def audit(request, action, obj, network: Network, *, before=None, after=None, organisation=None):
    """One audit record for a change in a network (against the organisation it concerns)."""
    return record(
        request,
        action,
        obj,
        organisation=organisation,
        before=before,
        after={"network": network.pk, **(after or {})} if after is not None else None,
    )


@transaction.atomic
def create_from_template(
    *, name, region, target_group, health_partnership, preparation_starts: date, members
) -> Network:
    """A network with the standard timeline and the standard preparation packages."""
    entries = timeline.standard(preparation_starts)
    network = Network.objects.create(
        name=name,
        region=region,
        target_group=target_group,
        health_partnership=health_partnership,
        start_year=entries[0].starts_on.year,
        end_year=entries[1].ends_on.year,
    )
    for entry in entries:
        milestone = Milestone.objects.create(
            network=network,
            kind=entry.kind,
            number=entry.number,
            starts_on=entry.starts_on,
            ends_on=entry.ends_on,
        )
        if entry.kind == timeline.GATHERING:
            PackageTask.objects.bulk_create(
                PackageTask(milestone=milestone, position=position, text=text)
                for position, text in enumerate(
                    timeline.STANDARD_PACKAGES.get(entry.number, ()), start=1
                )
            )
    NetworkMember.objects.bulk_create(
        NetworkMember(network=network, organisation=organisation) for organisation in members
    )
    return network


def gatherings(network: Network):
    return network.milestones.filter(kind=MilestoneKind.GATHERING).order_by("number", "starts_on")


# --- applications --------------------------------------------------------------------------


class Refused(Exception):
    """A change refused with a reason for the person."""


@transaction.atomic
def admit(application: Application, user, message: str, team: Team | None = None) -> Participation:
    """Admit: the municipality becomes a member and its team joins the network.

    ``team`` is an existing team of the municipality (its projects and measures come along);
    without it a new team is made. People on the application's team list with a user account
    (matched by e-mail) become members; the others are kept as named members, listed on
    ``participation.named_added`` so the coordinator can be told.
    """
    network = application.invitation.network
    if team is None:
        team = Team.objects.create(
            name=f"{application.municipality.name} – {network.name}",
            mandate=application.why,
            anchoring_note=application.anchoring,
            created_by=user,
        )
        team.organisations.add(application.municipality)
    existing = set(team.members.values_list("user_id", flat=True))
    members = {}
    named = []
    known_names = {n.lower() for n in team.named_members.values_list("name", flat=True)}
    for line in application.team_members.all():
        person = (
            User.objects.filter(email__iexact=line.email, is_active=True).first()
            if line.email
            else None
        )
        if person is not None:
            if person.pk not in members and person.pk not in existing:
                members[person.pk] = (person, line.role)
        elif line.name.strip() and line.name.strip().lower() not in known_names:
            known_names.add(line.name.strip().lower())
            named.append(
                NamedMember(team=team, name=line.name.strip(), email=line.email, role=line.role)
            )
    applicant = application.created_by
    if applicant is not None and applicant.pk not in members and applicant.pk not in existing:
        has_leader = any(role == TeamRole.LEADER for _, role in members.values()) or (
            team.members.filter(role=TeamRole.LEADER).exists()
        )
        members[applicant.pk] = (applicant, TeamRole.OTHER if has_leader else TeamRole.LEADER)
    TeamMember.objects.bulk_create(
        TeamMember(team=team, user=person, role=role) for person, role in members.values()
    )
    NamedMember.objects.bulk_create(named)
    NetworkMember.objects.get_or_create(network=network, organisation=application.municipality)
    participation = Participation.objects.create(
        network=network, team=team, organisation=application.municipality, application=application
    )
    participation.named_added = [n.name for n in named]
    _decide(application, user, ApplicationStatus.ADMITTED, message)
    return participation


def decline(application: Application, user, message: str) -> None:
    with transaction.atomic():
        _decide(application, user, ApplicationStatus.DECLINED, message)


def _decide(application: Application, user, status: str, message: str) -> None:
    changed = Application.objects.filter(
        pk=application.pk, status=ApplicationStatus.SUBMITTED, version=application.version
    ).update(
        status=status,
        decision_message=message,
        decided_by=user,
        decided_at=timezone.now(),
        version=application.version + 1,
    )
    if changed != 1:
        raise Refused("conflict")
    application.refresh_from_db()


# --- preparation packages ------------------------------------------------------------------


def package_state(participation: Participation, milestone: Milestone) -> PackageState:
    state, _ = PackageState.objects.get_or_create(participation=participation, milestone=milestone)
    return state


def package_progress(participation: Participation, milestone: Milestone) -> tuple[int, int]:
    """(tasks answered, tasks) for one team and gathering."""
    tasks = milestone.tasks.count()
    answered = (
        PackageAnswer.objects.filter(participation=participation, task__milestone=milestone)
        .exclude(text="")
        .count()
    )
    return answered, tasks


def status_table(network: Network) -> tuple[list[Milestone], list[tuple[Participation, list]]]:
    """For the overview: each team's package status before each gathering with tasks."""
    with_tasks = [m for m in gatherings(network) if m.tasks.exists()]
    states = {
        (s.participation_id, s.milestone_id): s.status
        for s in PackageState.objects.filter(milestone__in=with_tasks)
    }
    rows = []
    for participation in network.participations.select_related("team", "organisation"):
        rows.append(
            (
                participation,
                [
                    states.get((participation.pk, m.pk), PackageStatus.NOT_STARTED)
                    for m in with_tasks
                ],
            )
        )
    return with_tasks, rows


# --- population and coverage ---------------------------------------------------------------


def national_population() -> int:
    return settings.NETWORKS_NATIONAL_POPULATION


@dataclass(frozen=True)
class Coverage:
    inhabitants: int
    share: float  # 0-1 of the national population
    with_figures: int
    without_figures: int


def coverage_of(organisation_ids) -> Coverage:
    """Inhabitants of the given municipalities and city districts, as a share of the nation.
    Organisations without an imported population figure are counted apart."""
    ids = set(organisation_ids)
    figures = dict(
        Population.objects.filter(organisation_id__in=ids).values_list(
            "organisation_id", "inhabitants"
        )
    )
    inhabitants = sum(figures.values())
    return Coverage(
        inhabitants,
        inhabitants / national_population(),
        len(figures),
        len(ids) - len(figures),
    )


def member_place_ids(networks) -> set[int]:
    return set(
        NetworkMember.objects.filter(network__in=networks)
        .exclude(organisation__kind=OrganisationKind.HOSPITAL_TRUST)
        .values_list("organisation_id", flat=True)
    )


def coverage_by_year(networks: list[Network]) -> list[tuple[int, Coverage]]:
    """Coverage of every municipality that had taken part by the end of each year."""
    if not networks:
        return []
    years = range(min(n.start_year for n in networks), max(n.end_year for n in networks) + 1)
    return [
        (year, coverage_of(member_place_ids([n for n in networks if n.start_year <= year])))
        for year in years
    ]
