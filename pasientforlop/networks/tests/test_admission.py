"""Admission links an existing team of the municipality (or makes one), keeps listed members
without accounts as named members and tells the coordinator."""

import pytest
from django.contrib.messages import get_messages

from pasientforlop.improvement.models import NamedMember, Team, TeamMember
from pasientforlop.networks.models import (
    Application,
    ApplicationMember,
    ApplicationStatus,
    Participation,
)
from pasientforlop.networks.tests.factories import make_invitation, make_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(people):
    people.gp_a.email = "gp_a@example.org"
    people.gp_a.save()
    network = make_network(people)
    application = Application.objects.create(
        invitation=make_invitation(network),
        municipality=people.municipality_a,
        created_by=people.leader_a,
        status=ApplicationStatus.SUBMITTED,
    )
    ApplicationMember.objects.create(
        application=application, name="Gunnar Fastlege", email="gp_a@example.org", role="gp"
    )
    ApplicationMember.objects.create(
        application=application, name="Brita Bruker", role="user_representative"
    )
    return application


def decide(client, application, **extra):
    return client.post(
        f"/nettverk/soknad/{application.pk}/vedtak/",
        {"decision": "admit", "message": "Velkommen!", **extra},
        follow=True,
    )


def test_an_existing_team_of_the_municipality_is_linked(login, people, application):
    team = Team.objects.create(name="Hjemmetjenesten A")
    team.organisations.add(people.municipality_a)
    TeamMember.objects.create(team=team, user=people.nurse_a, role="leader")
    other = Team.objects.create(name="Team B")
    other.organisations.add(people.municipality_b)
    client = login(people.coordinator)
    page = client.get(f"/nettverk/soknad/{application.pk}/").content.decode()
    assert "Hjemmetjenesten A" in page and "Team B" not in page
    decide(client, application, team=team.pk)
    participation = Participation.objects.get(application=application)
    assert participation.team == team and Team.objects.count() == 2
    roles = dict(team.members.values_list("user__username", "role"))
    assert roles == {"nurse_a": "leader", "gp_a": "gp", "leader_a": "other"}


def test_a_team_of_another_municipality_cannot_be_linked(login, people, application):
    other = Team.objects.create(name="Team B")
    other.organisations.add(people.municipality_b)
    decide(login(people.coordinator), application, team=other.pk)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert not Participation.objects.exists()


def test_members_without_accounts_are_kept_and_the_coordinator_is_told(login, people, application):
    response = decide(login(people.coordinator), application)
    team = Participation.objects.get(application=application).team
    assert list(NamedMember.objects.filter(team=team).values_list("name", "role")) == [
        ("Brita Bruker", "user_representative")
    ]
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Brita Bruker" in m and "ingen brukerkonto" in m for m in told), told
