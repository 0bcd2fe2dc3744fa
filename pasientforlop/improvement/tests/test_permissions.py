"""Every improvement view: anonymous → log-in, outsiders → 404, readers and plain members →
403 where the action is not theirs, members → 200."""

from datetime import date

import pytest
from django.urls import reverse

from pasientforlop.improvement.models import Annotation, ChangeIdea, PdsaCycle
from pasientforlop.improvement.services import save_value


@pytest.fixture
def objects(team, project, manual_measure, auto_measure, people):
    idea = ChangeIdea.objects.create(project=project, title="Sjekkliste ved hjemkomst")
    cycle = PdsaCycle.objects.create(project=project, title="Test 1", starts_on="2026-02-01")
    note = Annotation.objects.create(measure=manual_measure, period="2026-02-01", text="Start")
    goal = project.goals.create(statement="Alle får kartlegging innen tre dager")
    item = project.current_phase.items.first()
    member = team.members.get(user=people.gp_a)
    for month, (num, den) in enumerate([(3, 10), (5, 10), (6, 12)], start=1):
        save_value(manual_measure, date(2026, month, 1), None, numerator=num, denominator=den)
    return {
        "team": team.pk,
        "project": project.pk,
        "measure": manual_measure.pk,
        "auto": auto_measure.pk,
        "idea": idea.pk,
        "cycle": cycle.pk,
        "note": note.pk,
        "goal": goal.pk,
        "item": item.pk,
        "phase": project.current_phase_id,
        "member": member.pk,
    }


# (url name, argument keys, method) for pages anyone who sees the team may read
READ = [
    ("improvement:team", ["team"]),
    ("improvement:members", ["team"]),
    ("improvement:project", ["project"]),
    ("improvement:communication", ["project"]),
    ("improvement:project_print", ["project"]),
    ("improvement:measure", ["measure"]),
    ("improvement:measure", ["auto"]),
]
DOWNLOADS = [("improvement:chart_download", ["measure"], "svg")]
# pages and actions for team members only
EDIT_GET = [
    ("improvement:project_new", ["team"]),
    ("improvement:goal_new", ["project"]),
    ("improvement:goal_edit", ["project", "goal"]),
    ("improvement:idea_new", ["project"]),
    ("improvement:pdsa_new", ["project"]),
    ("improvement:pdsa_edit", ["project", "cycle"]),
    ("improvement:measure_new", ["project"]),
    ("improvement:measure_edit", ["measure"]),
    ("improvement:import", ["measure"]),
]
EDIT_POST = [
    ("improvement:phase_move", ["project"]),
    ("improvement:phase_add", ["project"]),
    ("improvement:item_add", ["project", "phase"]),
    ("improvement:item_toggle", ["project", "item"]),
    ("improvement:value_save", ["measure"]),
    ("improvement:annotation_add", ["measure"]),
    ("improvement:annotation_delete", ["measure", "note"]),
    ("improvement:chart_settings", ["measure"]),
    ("improvement:communication_remove", ["project", "kind", "idea"]),
]
# the team itself: its leaders only
LEAD = [("improvement:team_edit", ["team"])]
LEAD_POST = [("improvement:member_remove", ["team", "member"])]


def url(name, keys, objects, *extra):
    args = [objects[k] if k != "kind" else "aktivitet" for k in keys]
    return reverse(name, args=[*args, *extra])


def all_urls(objects):
    found = [("get", url(n, k, objects)) for n, k in READ + EDIT_GET + LEAD]
    found += [("get", url(n, k, objects, fmt)) for n, k, fmt in DOWNLOADS]
    found += [("post", url(n, k, objects)) for n, k in EDIT_POST + LEAD_POST]
    found += [("post", reverse("improvement:members", args=[objects["team"]]))]
    return found


def test_anonymous_users_are_sent_to_log_in(client, objects):
    for method, path in all_urls(objects) + [("get", reverse("improvement:teams"))]:
        response = getattr(client, method)(path)
        assert response.status_code == 302, path
        assert "/logg-inn/" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize("who", ["leader_b", "nurse_b", "nurse_a", "admin"])
def test_outsiders_get_404_everywhere(login, objects, people, leader_b, who):
    user = leader_b if who == "leader_b" else getattr(people, who)
    client = login(user)
    for method, path in all_urls(objects):
        assert getattr(client, method)(path).status_code == 404, (who, path)


def test_outsiders_do_not_see_the_team_in_the_list(login, team, leader_b):
    response = login(leader_b).get(reverse("improvement:teams"))
    assert response.status_code == 200 and team.name not in response.text


def test_roles_without_improvement_work_get_403_on_the_list(login, people):
    assert login(people.nurse_b).get(reverse("improvement:teams")).status_code == 403


def test_unit_leaders_of_the_teams_organisations_read_but_cannot_change(login, objects, people):
    client = login(people.leader_a)
    assert people.leader_a.memberships.get().organisation == people.unit_a
    for name, keys in READ:
        assert client.get(url(name, keys, objects)).status_code == 200, name
    assert (
        client.get(url("improvement:chart_download", ["measure"], objects, "svg")).status_code
        == 200
    )
    for name, keys in EDIT_GET + LEAD:
        assert client.get(url(name, keys, objects)).status_code == 403, name
    for name, keys in EDIT_POST + LEAD_POST:
        assert client.post(url(name, keys, objects)).status_code == 403, name
    members = reverse("improvement:members", args=[objects["team"]])
    assert client.post(members, {"username": "leader_a", "role": "other"}).status_code == 403
    plan = reverse("improvement:communication", args=[objects["project"]])
    assert client.post(plan, {"form": "plan", "goals": "x"}).status_code == 403


def test_a_team_in_the_list_for_its_reader(login, team, people):
    response = login(people.leader_a).get(reverse("improvement:teams"))
    assert team.name in response.text


def test_members_edit_but_only_leaders_manage_the_team(login, objects, people):
    client = login(people.gp_a)
    for name, keys in READ + EDIT_GET:
        assert client.get(url(name, keys, objects)).status_code == 200, name
    for name, keys in LEAD:
        assert client.get(url(name, keys, objects)).status_code == 403, name
    for name, keys in LEAD_POST:
        assert client.post(url(name, keys, objects)).status_code == 403, name


def test_the_team_leader_reaches_everything(login, objects, improver):
    client = login(improver)
    for name, keys in READ + EDIT_GET + LEAD:
        assert client.get(url(name, keys, objects)).status_code == 200, name


def test_unknown_objects_are_404(login, objects, improver):
    client = login(improver)
    assert client.get(reverse("improvement:team", args=[999999])).status_code == 404
    assert client.get(reverse("improvement:measure", args=[999999])).status_code == 404
    path = reverse("improvement:chart_download", args=[objects["measure"], "gif"])
    assert client.get(path).status_code == 404
