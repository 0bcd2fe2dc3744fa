"""Networks, teams and applications for the tests (and the access sweep)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from pasientforlop.improvement.models import Team, TeamMember, TeamRole
from pasientforlop.lib.dates import today_oslo
from pasientforlop.networks.models import (
    Application,
    ApplicationStatus,
    Attendance,
    Invitation,
    Material,
    MilestoneKind,
    Participation,
    TargetGroup,
)
from pasientforlop.networks.services import create_from_template

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_network(people, name="Vestlandet", starts=None, members=None):
    return create_from_template(
        name=name,
        region="Vest",
        target_group=TargetGroup.ALL_ADULTS,
        health_partnership=None,
        preparation_starts=starts or today_oslo() - timedelta(days=30),
        members=members if members is not None else [people.municipality_a, people.trust],
    )


def make_invitation(network, deadline=None, published=True):
    return Invitation.objects.create(
        network=network,
        text="Velkommen til læringsnettverket.",
        deadline=deadline or today_oslo() + timedelta(days=14),
        published_at=timezone.now() if published else None,
    )


def make_participation(network, organisation, leader, members=()):
    team = Team.objects.create(name=f"Team {organisation.name}")
    team.organisations.add(organisation)
    TeamMember.objects.create(team=team, user=leader, role=TeamRole.LEADER)
    for user in members:
        TeamMember.objects.create(team=team, user=user, role=TeamRole.OTHER)
    return Participation.objects.create(network=network, team=team, organisation=organisation)


def first_gathering(network):
    return network.milestones.get(kind=MilestoneKind.GATHERING, number=1)


@dataclass
class SweepObjects:
    network: object
    gathering: object
    application: object
    invitation: object
    participation: object
    material: object


def make_sweep_objects(people) -> SweepObjects:
    """A network with municipality A as member, its team (led by ``leader_a``), a submitted
    application from A, a first gathering with an uploaded material."""
    network = make_network(people)
    invitation = make_invitation(network)
    application = Application.objects.create(
        invitation=invitation,
        municipality=people.municipality_a,
        created_by=people.leader_a,
        status=ApplicationStatus.SUBMITTED,
    )
    participation = make_participation(network, people.municipality_a, people.leader_a)
    gathering = first_gathering(network)
    material = Material(milestone=gathering, title="Program", file_name="program.pdf")
    material.content_type, material.size = "application/pdf", len(PDF)
    material.file.save("material.pdf", ContentFile(PDF), save=True)
    Attendance.objects.create(
        milestone=gathering, user=people.leader_a, participation=participation
    )
    gathering.survey_sent_at = timezone.now()
    gathering.save(update_fields=["survey_sent_at"])
    return SweepObjects(network, gathering, application, invitation, participation, material)


def year_start(year: int) -> date:
    return date(year, 1, 1)
