"""Invitation and application: drafts kept, submit before the deadline, refused after it or
without a team leader, admitted (the team is made) or declined with a message."""

from datetime import timedelta

from django.urls import reverse

from pasientforlop.audit.models import AuditEvent
from pasientforlop.improvement.models import TeamMember, TeamRole
from pasientforlop.lib.dates import today_oslo
from pasientforlop.networks.models import Application, ApplicationStatus, Participation
from pasientforlop.networks.tests.factories import make_invitation, make_network


def form_data(**extra):
    data = {
        "contact_name": "Kari Kontakt",
        "contact_email": "kari@a.kommune.no",
        "contact_phone": "12345678",
        "why": "Bedre overganger",
        "anchoring": "Kommunedirektøren har vedtatt deltakelse",
        "user_representation": "Brukerrepresentant i teamet",
        "team-TOTAL_FORMS": "2",
        "team-INITIAL_FORMS": "0",
        "team-MIN_NUM_FORMS": "0",
        "team-MAX_NUM_FORMS": "1000",
        "team-0-name": "Lars Leder",
        "team-0-email": "leader_a@example.org",
        "team-0-position": "Enhetsleder hjemmetjenesten",
        "team-0-role": TeamRole.LEADER,
        "team-1-name": "Gunn Fastlege",
        "team-1-email": "gp_a@example.org",
        "team-1-role": TeamRole.GP,
    }
    data.update(extra)
    return data


def start(client, people, deadline=None):
    invitation = make_invitation(make_network(people), deadline=deadline)
    response = client.post(
        reverse("networks:invitation", args=[invitation.pk]),
        {"municipality": people.municipality_a.pk},
    )
    application = Application.objects.get(invitation=invitation)
    assert response["Location"] == reverse("networks:application", args=[application.pk])
    return application


def test_a_draft_is_kept_as_typed(people, login):
    client = login(people.leader_a)
    application = start(client, people)
    url = reverse("networks:application", args=[application.pk])
    response = client.post(url, form_data(why="Halvferdig tanke", **{"save": "1"}))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.why == "Halvferdig tanke"
    assert application.team_members.count() == 2
    assert "Halvferdig tanke" in client.get(url).content.decode()
    assert AuditEvent.objects.filter(object_type="networks.application").count() >= 2


def test_it_submits_before_the_deadline(people, login):
    client = login(people.leader_a)
    application = start(client, people)
    url = reverse("networks:application", args=[application.pk])
    client.post(url, form_data(submit="1"))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at is not None


def test_after_the_deadline_it_refuses_with_the_reason_and_keeps_the_draft(people, login):
    client = login(people.leader_a)
    application = start(client, people)
    invitation = application.invitation
    invitation.deadline = today_oslo() - timedelta(days=1)
    invitation.save()
    url = reverse("networks:application", args=[application.pk])
    response = client.post(url, form_data(why="Sent men viktig", submit="1"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "søknadsfristen" in body.lower() or "deadline" in body.lower()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.why == "Sent men viktig"


def test_a_team_without_a_leader_is_refused(people, login):
    client = login(people.leader_a)
    application = start(client, people)
    url = reverse("networks:application", args=[application.pk])
    response = client.post(url, form_data(submit="1", **{"team-0-role": TeamRole.OTHER}))
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.team_members.count() == 2  # the draft is kept


def submitted(client, people):
    application = start(client, people)
    client.post(reverse("networks:application", args=[application.pk]), form_data(submit="1"))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    return application


def test_admitting_makes_the_team(people, login, client):
    people.leader_a.email = "leader_a@example.org"
    people.leader_a.save()
    people.gp_a.email = "gp_a@example.org"
    people.gp_a.save()
    application = submitted(login(people.leader_a), people)
    client.logout()
    coordinator = login(people.coordinator)
    response = coordinator.post(
        reverse("networks:decide", args=[application.pk]),
        {"decision": "admit", "message": "Velkommen!"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ADMITTED
    participation = Participation.objects.get(application=application)
    team = participation.team
    assert list(team.organisations.all()) == [people.municipality_a]
    roles = {m.user.username: m.role for m in TeamMember.objects.filter(team=team)}
    assert roles == {"leader_a": TeamRole.LEADER, "gp_a": TeamRole.GP}
    assert application.invitation.network.members.filter(
        organisation=people.municipality_a
    ).exists()
    assert AuditEvent.objects.filter(object_type="improvement.team", action="create").exists()


def test_declining_sends_the_message(people, login, client):
    application = submitted(login(people.leader_a), people)
    client.logout()
    coordinator = login(people.coordinator)
    coordinator.post(
        reverse("networks:decide", args=[application.pk]),
        {"decision": "decline", "message": "Nettverket er fullt."},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert not Participation.objects.exists()
    client.logout()
    page = login(people.leader_a).get(reverse("networks:application", args=[application.pk]))
    assert "Nettverket er fullt." in page.content.decode()


def test_outsiders_get_404_and_the_wrong_role_403(people, login, client):
    application = submitted(login(people.leader_a), people)
    url = reverse("networks:application", args=[application.pk])
    client.logout()
    assert login(people.nurse_b).get(url).status_code == 404
    client.logout()
    assert login(people.nurse_a).get(url).status_code == 403
    client.logout()
    decide = reverse("networks:decide", args=[application.pk])
    assert (
        login(people.leader_a).post(decide, {"decision": "admit", "message": "x"}).status_code
        == 403
    )
