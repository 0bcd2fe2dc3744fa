"""Package tasks and answers keyed by identity; answer conflicts show both versions."""

import re

from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pasientforlop.networks.models import PackageAnswer, PackageState, PackageStatus, PackageTask


def task_rows(milestone, change=None):
    """The coordinator's form as the page shows it: id, text, place and remove per task."""
    rows = [
        {"task_id": str(t.pk), "task_text": t.text, "task_position": str(n)}
        for n, t in enumerate(milestone.tasks.all(), start=1)
    ]
    return rows


def post_tasks(client, milestone, rows, delete=()):
    data = {
        "task_id": [r["task_id"] for r in rows],
        "task_text": [r["task_text"] for r in rows],
        "task_position": [r["task_position"] for r in rows],
        "task_delete": [str(pk) for pk in delete],
    }
    return client.post(reverse("networks:package_tasks", args=[milestone.pk]), data)


def package_url(world):
    return reverse("networks:package", args=[world.participation.pk, world.gathering.pk])


def answer_all(client, world, text=lambda task: f"Svar på {task.text}", ready=True):
    tasks = list(world.gathering.tasks.all())
    page = client.get(package_url(world))
    versions = {int(k): v for k, v in re.findall(r'name="version-(\d+)" value="(\d+)"', page.text)}
    data = {f"task-{t.pk}": text(t) for t in tasks}
    data |= {f"version-{t.pk}": versions.get(t.pk, 0) for t in tasks}
    return client.post(package_url(world), {**data, "ready" if ready else "save": "1"})


def state(world):
    return PackageState.objects.get(participation=world.participation, milestone=world.gathering)


def test_a_task_added_at_the_top_moves_no_answer_and_the_team_is_no_longer_ready(
    world, people, login, client
):
    answer_all(login(people.leader_a), world)
    assert state(world).status == PackageStatus.READY
    before = {a.task_id: a.text for a in PackageAnswer.objects.all()}
    client.logout()
    rows = task_rows(world.gathering)
    new = {"task_id": "", "task_text": "Ny første oppgave", "task_position": "0"}
    response = post_tasks(login(people.coordinator), world.gathering, [new, *rows])
    assert response.status_code == 302
    texts = [t.text for t in world.gathering.tasks.all()]
    assert texts[0] == "Ny første oppgave" and len(texts) == 4
    assert {a.task_id: a.text for a in PackageAnswer.objects.all()} == before
    for answer in PackageAnswer.objects.select_related("task"):
        assert answer.text == f"Svar på {answer.task.text}"
    assert state(world).status == PackageStatus.IN_PROGRESS


def test_changing_an_answered_task_marks_it_changed_since_the_team_answered(
    world, people, login, client
):
    leader = login(people.leader_a)
    answer_all(leader, world)
    client.logout()
    rows = task_rows(world.gathering)
    rows[1]["task_text"] = "Beskriv målet med forbedringsarbeidet på nytt."
    post_tasks(login(people.coordinator), world.gathering, rows)
    changed = world.gathering.tasks.all()[1]
    assert changed.revision == 2
    assert state(world).status == PackageStatus.IN_PROGRESS
    client.logout()
    page = login(people.leader_a).get(package_url(world))
    assert f'id="changed-{changed.pk}"' in page.text
    assert page.text.count('id="changed-') == 1
    answer_all(client, world)
    assert 'id="changed-' not in client.get(package_url(world)).text


def test_moving_and_removing_tasks_keeps_answers_with_their_task(world, people, login, client):
    answer_all(login(people.leader_a), world)
    client.logout()
    rows = task_rows(world.gathering)
    first, _, third = (int(r["task_id"]) for r in rows)
    rows[2]["task_position"] = "1"
    post_tasks(login(people.coordinator), world.gathering, rows, delete=[first])
    tasks = list(world.gathering.tasks.all())
    assert tasks[0].pk == third and len(tasks) == 2
    for answer in PackageAnswer.objects.select_related("task"):
        assert answer.text == f"Svar på {answer.task.text}"


def test_a_task_removed_meanwhile_is_explained_and_nothing_saved(world, people, login):
    client = login(people.coordinator)
    rows = task_rows(world.gathering)
    PackageTask.objects.filter(pk=rows[0]["task_id"]).delete()
    rows[1]["task_text"] = "Endret"
    response = post_tasks(client, world.gathering, rows)
    assert response.status_code == 200
    assert "fjernet en oppgave" in response.text
    assert not PackageTask.objects.filter(text="Endret").exists()


def test_emptying_a_task_is_refused(world, people, login):
    rows = task_rows(world.gathering)
    rows[0]["task_text"] = " "
    response = post_tasks(login(people.coordinator), world.gathering, rows)
    assert response.status_code == 200
    assert world.gathering.tasks.count() == 3


def test_only_the_coordinator_edits_tasks(world, people, login, client):
    url = reverse("networks:package_tasks", args=[world.gathering.pk])
    assert login(people.coordinator).get(url).status_code == 200
    client.logout()
    assert login(people.leader_a).post(url, {}).status_code == 403
    client.logout()
    assert login(people.nurse_b).get(url).status_code in (403, 404)


def test_a_second_save_of_answers_shows_both_and_saves_only_by_choice(world, people, login):
    client = login(people.leader_a)
    tasks = list(world.gathering.tasks.all())
    stale = {f"version-{t.pk}": 0 for t in tasks}
    first = {f"task-{t.pk}": "Annes svar" for t in tasks}
    client.post(package_url(world), {**first, **stale, "save": "1"})
    mine = {f"task-{t.pk}": "Bjørns svar" for t in tasks}
    response = client.post(package_url(world), {**mine, **stale, "save": "1"})
    assert response.status_code == 200
    assert f'id="theirs-{tasks[0].pk}"' in response.text
    assert "Annes svar" in response.text and "Bjørns svar" in response.text
    assert set(PackageAnswer.objects.values_list("text", flat=True)) == {"Annes svar"}
    versions = dict(re.findall(r'name="(version-\d+)" value="(\d+)"', response.text))
    again = client.post(package_url(world), {**mine, **versions, "save": "1"})
    assert again.status_code == 302
    assert set(PackageAnswer.objects.values_list("text", flat=True)) == {"Bjørns svar"}


# --- random edits ------------------------------------------------------------------------

operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 6)),
        st.tuples(st.just("edit"), st.integers(0, 6)),
        st.tuples(st.just("move"), st.integers(0, 6), st.integers(0, 7)),
        st.tuples(st.just("delete"), st.integers(0, 6)),
    ),
    min_size=1,
    max_size=6,
)


def label(text):
    return text.split(":", 1)[0]


@given(ops=operations)
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_task_edits_keep_every_answer_with_its_task(world, people, client, ops):
    with transaction.atomic():
        for n, task in enumerate(world.gathering.tasks.all()):
            task.text = f"T{n}: {task.text}"
            task.save()
        leader_client = client
        counter = iter(range(100, 1000))
        for op in ops:
            rows = task_rows(world.gathering)
            delete = []
            if op[0] == "add":
                rows.insert(
                    min(op[1], len(rows)),
                    {"task_id": "", "task_text": f"T{next(counter)}: ny", "task_position": ""},
                )
                for n, row in enumerate(rows, start=1):
                    row["task_position"] = str(n)
            elif rows and op[0] == "edit":
                row = rows[op[1] % len(rows)]
                row["task_text"] = f"{label(row['task_text'])}: endret {next(counter)}"
            elif rows and op[0] == "move":
                rows[op[1] % len(rows)]["task_position"] = str(op[2])
            elif rows and op[0] == "delete":
                delete.append(rows[op[1] % len(rows)]["task_id"])
            client.force_login(people.coordinator)
            assert post_tasks(client, world.gathering, rows, delete).status_code == 302
            # The team answers new tasks and keeps the answers it has.
            client.force_login(people.leader_a)
            stored = {a.task_id: a.text for a in PackageAnswer.objects.all()}
            answer_all(
                leader_client,
                world,
                text=lambda t, stored=stored: stored.get(t.pk) or f"svar {label(t.text)}",
                ready=False,
            )
            for answer in PackageAnswer.objects.select_related("task"):
                assert label(answer.text.removeprefix("svar ")) == label(answer.task.text)
        transaction.set_rollback(True)
