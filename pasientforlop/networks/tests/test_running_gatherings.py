"""Running a gathering: programme items with day and start time that can be changed,
removed and reordered; materials and follow-up entries that can be corrected; attendance for
named team members without accounts; the evaluation opens when the gathering starts; the team
home shows the team's next gathering."""

from datetime import time, timedelta

import pytest
from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pasientforlop.audit.models import AuditEvent
from pasientforlop.improvement.models import NamedMember, Team, TeamMember
from pasientforlop.lib.dates import today_oslo
from pasientforlop.networks.models import Attendance, FollowUp, Material, ProgrammeItem
from pasientforlop.networks.tests.factories import first_gathering, make_network, make_participation

pytestmark = pytest.mark.django_db


@pytest.fixture
def net(people):
    network = make_network(people)
    participation = make_participation(network, people.municipality_a, people.leader_a)
    gathering = first_gathering(network)
    gathering.ends_on = gathering.starts_on + timedelta(days=1)
    gathering.save()
    return network, participation, gathering


def add_items(gathering, *titles, day=1):
    return [
        ProgrammeItem.objects.create(
            milestone=gathering, title=t, kind="group_work", minutes=30, day=day, position=i
        )
        for i, t in enumerate(titles, start=1)
    ]


def titles(gathering, day=1):
    return list(gathering.programme.filter(day=day).values_list("title", flat=True))


def test_a_new_item_gets_a_day_and_start_time_and_goes_last(login, people, net):
    _, _, gathering = net
    add_items(gathering, "Velkommen")
    client = login(people.coordinator)
    response = client.post(
        f"/nettverk/samling/{gathering.pk}/programpost/",
        {
            "title": "Gruppearbeid",
            "kind": "group_work",
            "minutes": 45,
            "day": 1,
            "starts_at": "10:15",
        },
    )
    assert response.status_code == 302
    item = ProgrammeItem.objects.get(title="Gruppearbeid")
    assert item.starts_at == time(10, 15) and item.position == 2
    assert titles(gathering) == ["Velkommen", "Gruppearbeid"]
    response = client.post(
        f"/nettverk/samling/{gathering.pk}/programpost/",
        {"title": "Dag tre", "kind": "group_work", "minutes": 45, "day": 3},
    )
    assert response.status_code == 200 and "fra 1 til 2" in response.content.decode()


def test_the_coordinator_reorders_within_a_day(login, people, net):
    _, _, gathering = net
    first, second, third = add_items(gathering, "A", "B", "C")
    add_items(gathering, "Dag 2", day=2)
    client = login(people.coordinator)
    client.post(f"/nettverk/programpost/{third.pk}/flytt/", {"direction": "up"})
    assert titles(gathering) == ["A", "C", "B"]
    client.post(f"/nettverk/programpost/{first.pk}/flytt/", {"direction": "up"})  # already first
    assert titles(gathering) == ["A", "C", "B"]
    client.post(f"/nettverk/programpost/{first.pk}/flytt/", {"direction": "down"})
    assert titles(gathering) == ["C", "A", "B"]
    assert titles(gathering, day=2) == ["Dag 2"]
    assert AuditEvent.objects.filter(object_id=str(first.pk), action="update").exists()


def test_the_coordinator_edits_and_removes_an_item(login, people, net):
    _, _, gathering = net
    (item,) = add_items(gathering, "Velkommen")
    client = login(people.coordinator)
    client.post(
        f"/nettverk/programpost/{item.pk}/",
        {
            "title": "Velkommen og innsjekk",
            "kind": "group_work",
            "minutes": 20,
            "day": 2,
            "starts_at": "09:00",
        },
    )
    item.refresh_from_db()
    assert (item.title, item.day, item.starts_at) == ("Velkommen og innsjekk", 2, time(9, 0))
    page = client.get(f"/nettverk/samling/{gathering.pk}/").content.decode()
    assert 'id="programme-day-2"' in page and "09:00" in page
    client.post(f"/nettverk/programpost/{item.pk}/fjern/")
    assert not ProgrammeItem.objects.filter(pk=item.pk).exists()


def test_only_the_coordinator_may_change_the_programme(login, people, net):
    _, _, gathering = net
    (item,) = add_items(gathering, "Velkommen")
    for url in (
        f"/nettverk/programpost/{item.pk}/fjern/",
        f"/nettverk/programpost/{item.pk}/flytt/",
    ):
        assert login(people.leader_a).post(url, {"direction": "down"}).status_code == 403
        assert login(people.nurse_b).post(url).status_code == 404
    assert login(people.leader_a).get(f"/nettverk/programpost/{item.pk}/").status_code == 403
    assert ProgrammeItem.objects.filter(pk=item.pk).exists()


def test_materials_can_be_corrected_and_removed(login, people, net):
    _, _, gathering = net
    material = Material.objects.create(milestone=gathering, title="Lysark", url="https://a.no/")
    client = login(people.coordinator)
    client.post(
        f"/nettverk/materiell/{material.pk}/endre/",
        {"title": "Lysark dag 1", "url": "https://b.no/"},
    )
    material.refresh_from_db()
    assert (material.title, material.url) == ("Lysark dag 1", "https://b.no/")
    assert (
        login(people.leader_a).post(f"/nettverk/materiell/{material.pk}/fjern/").status_code == 403
    )
    login(people.coordinator).post(f"/nettverk/materiell/{material.pk}/fjern/")
    assert not Material.objects.filter(pk=material.pk).exists()


def test_follow_up_entries_can_be_corrected_and_removed(login, people, net):
    network, participation, _ = net
    entry = FollowUp.objects.create(
        participation=participation,
        contacted_on=today_oslo(),
        channel="phone",
        by=people.coordinator,
        topic="Målinger",
    )
    client = login(people.coordinator)
    client.post(
        f"/nettverk/oppfolging/{entry.pk}/",
        {
            "participation": participation.pk,
            "contacted_on": today_oslo().isoformat(),
            "channel": "visit",
            "by": people.coordinator.pk,
            "topic": "Målinger og PDSA",
        },
    )
    entry.refresh_from_db()
    assert (entry.channel, entry.topic) == ("visit", "Målinger og PDSA")
    assert login(people.leader_a).get(f"/nettverk/oppfolging/{entry.pk}/").status_code == 403
    login(people.coordinator).post(f"/nettverk/oppfolging/{entry.pk}/fjern/")
    assert not FollowUp.objects.filter(pk=entry.pk).exists()


def test_attendance_covers_named_members_without_accounts(login, people, net):
    _, participation, gathering = net
    named = NamedMember.objects.create(
        team=participation.team, name="Brita Bruker", role="user_representative"
    )
    client = login(people.coordinator)
    page = client.get(f"/nettverk/samling/{gathering.pk}/oppmote/").content.decode()
    assert "Brita Bruker" in page
    client.post(
        f"/nettverk/samling/{gathering.pk}/oppmote/",
        {"present": [people.leader_a.pk], "present_named": [named.pk]},
    )
    assert Attendance.objects.filter(milestone=gathering, named_member=named).exists()
    assert Attendance.objects.filter(milestone=gathering, user=people.leader_a).exists()
    client.post(f"/nettverk/samling/{gathering.pk}/oppmote/", {"present": [people.leader_a.pk]})
    assert not Attendance.objects.filter(milestone=gathering, named_member=named).exists()
    assert Attendance.objects.filter(milestone=gathering, user=people.leader_a).exists()


def test_the_evaluation_opens_when_the_gathering_starts(login, people, net):
    _, participation, gathering = net
    Attendance.objects.create(
        milestone=gathering, user=people.leader_a, participation=participation
    )
    gathering.starts_on = today_oslo() + timedelta(days=3)
    gathering.ends_on = gathering.starts_on
    gathering.save()
    client = login(people.coordinator)
    page = client.get(f"/nettverk/samling/{gathering.pk}/").content.decode()
    assert 'id="evaluation-later"' in page and "send-evaluering" not in page
    client.post(f"/nettverk/samling/{gathering.pk}/send-evaluering/")
    gathering.refresh_from_db()
    assert gathering.survey_sent_at is None and not mail.outbox
    gathering.starts_on = today_oslo()
    gathering.save()
    client.post(f"/nettverk/samling/{gathering.pk}/send-evaluering/")
    gathering.refresh_from_db()
    assert gathering.survey_sent_at is not None


def test_the_team_home_shows_the_next_gathering_with_programme_and_package(login, people, net):
    network, participation, gathering = net
    past = network.milestones.filter(kind="gathering").order_by("starts_on")
    add_items(gathering, "Velkommen")
    Material.objects.create(milestone=gathering, title="Lysark", url="https://a.no/")
    NamedMember.objects.create(team=participation.team, name="Brita Bruker", role="other")
    page = login(people.leader_a).get(f"/forbedring/team/{participation.team.pk}/").content.decode()
    assert "Brita Bruker – Annet medlem" in page
    section = page.split('id="next-gathering"')[1].split("</div>")[0]
    assert f"/nettverk/samling/{gathering.pk}/" in section
    assert "Velkommen" in section and "Lysark" in section
    assert f"/nettverk/deltaker/{participation.pk}/pakke/{gathering.pk}/" in section
    # Once the first gathering is over, the next one is shown.
    gathering.starts_on = gathering.ends_on = today_oslo() - timedelta(days=1)
    gathering.save()
    second = past.exclude(pk=gathering.pk).filter(starts_on__gte=today_oslo()).first()
    page = login(people.leader_a).get(f"/forbedring/team/{participation.team.pk}/").content.decode()
    assert (
        f"/nettverk/samling/{second.pk}/" in page.split('id="next-gathering"')[1].split("</div>")[0]
    )


def test_a_team_outside_networks_is_told_so(login, people):
    team = Team.objects.create(name="Team uten nettverk")
    team.organisations.add(people.municipality_a)
    TeamMember.objects.create(team=team, user=people.gp_a, role="leader")
    page = login(people.gp_a).get(f"/forbedring/team/{team.pk}/").content.decode()
    assert "Teamet deltar ikke i et læringsnettverk." in page


def test_the_coordinators_deck_has_one_slide_per_team(login, people, net):
    import io

    from pptx import Presentation

    from pasientforlop.improvement.services import create_project

    network, participation, gathering = net
    create_project(participation.team, people.leader_a, "Trygg hjemkomst", "", "fhi")
    response = login(people.coordinator).get(f"/nettverk/samling/{gathering.pk}/lysbilder.pptx")
    assert response.status_code == 200
    deck = Presentation(io.BytesIO(response.content))
    assert [s.shapes.title.text for s in deck.slides] == [
        f"Samling 1: {network.name}",
        "Trygg hjemkomst",
    ]
    body = " ".join(
        shape.text_frame.text for shape in deck.slides[1].shapes if shape.has_text_frame
    )
    assert participation.team.name in body
    assert (
        login(people.leader_a).get(f"/nettverk/samling/{gathering.pk}/lysbilder.pptx").status_code
        == 403
    )


item_operations = st.lists(
    st.one_of(
        st.tuples(st.just("up"), st.integers(0, 5)),
        st.tuples(st.just("down"), st.integers(0, 5)),
        st.tuples(st.just("edit"), st.integers(0, 5)),
        st.tuples(st.just("delete"), st.integers(0, 5)),
        st.tuples(st.just("add"), st.integers(0, 5)),
    ),
    min_size=1,
    max_size=8,
)


@given(ops=item_operations)
@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_programme_edits_keep_every_item_whole(login, people, net, ops):
    """Moving, editing, removing and adding programme items through the pages never moves a
    title, speaker or length to another item: each stays with its own item, in the order the
    coordinator chose."""
    _, _, gathering = net
    ProgrammeItem.objects.filter(milestone=gathering).delete()
    client = login(people.coordinator)
    expected = []  # (pk, title, speaker, minutes) in order
    for n in range(3):
        item = ProgrammeItem.objects.create(
            milestone=gathering,
            title=f"Post {n}",
            speaker=f"Taler {n}",
            kind="group_work",
            minutes=10 + n,
            day=1,
            position=n + 1,
        )
        expected.append((item.pk, item.title, item.speaker, item.minutes))
    added = 0
    for op, index in ops:
        if op == "add":
            added += 1
            title = f"Ny {added}"
            client.post(
                f"/nettverk/samling/{gathering.pk}/programpost/",
                {
                    "title": title,
                    "speaker": "Ny taler",
                    "kind": "group_work",
                    "minutes": 5,
                    "day": 1,
                },
            )
            new = ProgrammeItem.objects.get(milestone=gathering, title=title)
            expected.append((new.pk, title, "Ny taler", 5))
            continue
        if not expected:
            continue
        index %= len(expected)
        pk, title, speaker, minutes = expected[index]
        if op in ("up", "down"):
            client.post(f"/nettverk/programpost/{pk}/flytt/", {"direction": op})
            target = index + (-1 if op == "up" else 1)
            if 0 <= target < len(expected):
                expected[index], expected[target] = expected[target], expected[index]
        elif op == "edit":
            new_title = f"{title}*"
            client.post(
                f"/nettverk/programpost/{pk}/",
                {"title": new_title, "speaker": speaker, "kind": "group_work",
                 "minutes": minutes, "day": 1},
            )  # fmt: skip
            expected[index] = (pk, new_title, speaker, minutes)
        else:
            client.post(f"/nettverk/programpost/{pk}/fjern/")
            del expected[index]
        shown = list(
            gathering.programme.filter(day=1)
            .order_by("position", "id")
            .values_list("pk", "title", "speaker", "minutes")
        )
        assert shown == expected, (op, index)
