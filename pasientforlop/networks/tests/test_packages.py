"""Preparation packages: answers, status, the overview of who is ready, reminders."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse

from pasientforlop.audit.models import AuditEvent
from pasientforlop.networks.models import PackageAnswer, PackageState, PackageStatus
from pasientforlop.networks.reminders import send


def answers(tasks, text="Svar"):
    return {f"task-{t.pk}": text for t in tasks}


def test_the_standard_packages_are_the_defaults(world):
    texts = [t.text for t in world.gathering.tasks.all()]
    assert texts[0] == "Etabler forbedringsteamet." and len(texts) == 3
    second = world.network.milestones.get(kind="gathering", number=2)
    assert second.tasks.count() == 4


def test_a_team_answers_and_marks_the_package_ready(world, people, login):
    client = login(people.leader_a)
    url = reverse("networks:package", args=[world.participation.pk, world.gathering.pk])
    tasks = list(world.gathering.tasks.all())
    client.post(url, {f"task-{tasks[0].pk}": "Teamet er etablert", "save": "1"})
    state = PackageState.objects.get(participation=world.participation)
    assert state.status == PackageStatus.IN_PROGRESS
    response = client.post(url, {f"task-{tasks[0].pk}": "Teamet er etablert", "ready": "1"})
    assert response.status_code == 200  # not every task answered: refused, answers kept
    state.refresh_from_db()
    assert state.status == PackageStatus.IN_PROGRESS
    assert PackageAnswer.objects.get(task=tasks[0]).text == "Teamet er etablert"
    client.post(url, {**answers(tasks), "ready": "1"})
    state.refresh_from_db()
    assert state.status == PackageStatus.READY
    assert AuditEvent.objects.filter(object_type="networks.packagestate").count() == 3


def test_the_overview_shows_who_is_ready(world, people, login, client):
    tasks = list(world.gathering.tasks.all())
    url = reverse("networks:package", args=[world.participation.pk, world.gathering.pk])
    login(people.leader_a).post(url, {**answers(tasks), "ready": "1"})
    client.logout()
    body = login(people.coordinator).get(reverse("networks:network", args=[world.network.pk]))
    assert 'class="ln-status--ready"' in body.content.decode()


def test_the_coordinator_reads_but_cannot_answer(world, people, login, client):
    url = reverse("networks:package", args=[world.participation.pk, world.gathering.pk])
    coordinator = login(people.coordinator)
    assert coordinator.get(url).status_code == 200
    assert coordinator.post(url, {"save": "1"}).status_code == 403
    client.logout()
    assert login(people.nurse_b).get(url).status_code == 404
    client.logout()
    assert login(people.nurse_a).get(url).status_code == 403


def test_the_coordinator_edits_the_tasks(world, people, login):
    client = login(people.coordinator)
    url = reverse("networks:package_tasks", args=[world.gathering.pk])
    ids = [str(t.pk) for t in world.gathering.tasks.all()]
    client.post(
        url,
        {
            "task_id": [*ids, ""],
            "task_text": ["Første oppgave", "Andre oppgave", "Tredje", ""],
            "task_position": ["1", "2", "3", "4"],
            "task_delete": [ids[2]],
        },
    )
    assert [t.text for t in world.gathering.tasks.all()] == ["Første oppgave", "Andre oppgave"]


def test_reminders_go_to_teams_not_ready_n_days_before(world, people):
    people.leader_a.email = "leader_a@example.org"
    people.leader_a.save()
    day = world.gathering.starts_on - timedelta(days=7)
    assert send(day, 7) == 1
    assert mail.outbox[0].to == ["leader_a@example.org"]
    assert send(day, 7) == 0  # once a day
    state = PackageState.objects.get(participation=world.participation)
    state.status = PackageStatus.READY
    state.save()
    assert send(day + timedelta(days=1), 6) == 0
