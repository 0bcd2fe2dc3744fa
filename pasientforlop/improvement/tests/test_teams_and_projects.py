"""Making teams and projects, phases back and forth, checklists, goals; all audited."""

from django.urls import reverse

from pasientforlop.audit.models import AuditEvent
from pasientforlop.improvement.models import PhaseChange, Project, Team, TeamRole


def test_an_improvement_member_makes_a_team_and_becomes_its_leader(login, people, improver):
    client = login(improver)
    response = client.post(
        reverse("improvement:team_new"),
        {
            "name": "Team Indre",
            "organisations": [people.municipality_a.pk, people.unit_a.pk],
            "mandate": "Gode overganger",
            "anchored_with": "Kommunalsjef Hansen",
            "anchored_on": "2026-01-15",
        },
    )
    team = Team.objects.get(name="Team Indre")
    assert response.status_code == 302
    assert team.members.get().user == improver and team.members.get().role == TeamRole.LEADER
    assert set(team.organisations.all()) == {people.municipality_a, people.unit_a}
    event = AuditEvent.objects.get(object_type="improvement.team", action="create")
    assert event.after["anchored_with"] == "Kommunalsjef Hansen"


def test_a_team_can_only_be_made_for_ones_own_organisations(login, people, improver):
    response = login(improver).post(
        reverse("improvement:team_new"),
        {"name": "Feil", "organisations": [people.municipality_b.pk]},
    )
    assert response.status_code == 200 and not Team.objects.filter(name="Feil").exists()


def test_unit_leaders_may_make_teams_and_clinicians_may_not(login, people):
    assert login(people.leader_a).get(reverse("improvement:team_new")).status_code == 200
    assert login(people.nurse_a).get(reverse("improvement:team_new")).status_code == 403


def test_the_leader_adds_a_member_with_a_team_role(login, team, improver, people):
    response = login(improver).post(
        reverse("improvement:members", args=[team.pk]),
        {"username": "nurse_a", "role": "user_representative"},
    )
    assert response.status_code == 302
    assert team.members.get(user=people.nurse_a).role == TeamRole.USER_REPRESENTATIVE
    assert AuditEvent.objects.filter(object_type="improvement.teammember").exists()


def test_the_last_leader_cannot_be_removed(login, team, improver):
    me = team.members.get(user=improver)
    login(improver).post(reverse("improvement:member_remove", args=[team.pk, me.pk]))
    assert team.members.filter(pk=me.pk).exists()


def test_a_project_copies_its_models_phases_and_starts_in_the_first(login, team, improver):
    client = login(improver)
    client.post(
        reverse("improvement:project_new", args=[team.pk]),
        {"name": "KS-prosjekt", "model": "ks"},
    )
    project = Project.objects.get(name="KS-prosjekt")
    names = list(project.phases.values_list("name", flat=True))
    assert names == [
        "Forankring",
        "Innsikt",
        "Tjenesteutvikling",
        "Pilotering",
        "Overgang til drift",
        "Ny praksis",
    ]
    assert project.current_phase.name == "Forankring"
    assert all(phase.items.exists() for phase in project.phases.all())
    page = client.get(reverse("improvement:project", args=[project.pk]))
    assert "Forankring" in page.text


def test_fhi_projects_have_five_phases(project):
    assert [p.name for p in project.phases.all()] == [
        "Forberede",
        "Planlegge",
        "Utføre",
        "Evaluere",
        "Følge opp",
    ]


def test_moving_back_a_phase_is_allowed_and_recorded(login, project, improver):
    client = login(improver)
    first, second = project.phases.all()[:2]
    path = reverse("improvement:phase_move", args=[project.pk])
    client.post(path, {"phase": second.pk, "current": first.pk})
    client.post(path, {"phase": first.pk, "current": second.pk, "note": "Mer kartlegging"})
    project.refresh_from_db()
    assert project.current_phase == first
    back = PhaseChange.objects.filter(project=project).first()
    assert back.is_back and back.note == "Mer kartlegging" and back.changed_by == improver
    assert AuditEvent.objects.filter(action="update", after__back=True).exists()
    page = client.get(reverse("improvement:project", args=[project.pk]))
    assert "Mer kartlegging" in page.text


def test_a_stale_phase_form_is_a_conflict_not_a_lost_move(login, project, improver):
    client = login(improver)
    first, second, third = project.phases.all()[:3]
    path = reverse("improvement:phase_move", args=[project.pk])
    client.post(path, {"phase": second.pk, "current": first.pk})
    client.post(path, {"phase": third.pk, "current": first.pk})
    project.refresh_from_db()
    assert project.current_phase == second


def test_checklist_items_are_ticked_and_teams_add_their_own(login, project, improver):
    client = login(improver)
    item = project.current_phase.items.first()
    client.post(reverse("improvement:item_toggle", args=[project.pk, item.pk]), {"done": "1"})
    item.refresh_from_db()
    assert item.done and item.done_by == improver
    client.post(
        reverse("improvement:item_add", args=[project.pk, project.current_phase_id]),
        {"text": "Avtale med fastlegekontoret"},
    )
    assert project.current_phase.items.filter(text="Avtale med fastlegekontoret").exists()
    client.post(reverse("improvement:phase_add", args=[project.pk]), {"name": "Spre"})
    assert project.phases.last().name == "Spre" and project.phases.last().position == 6


def test_the_goal_page_guides_through_each_smarte_letter(login, project, improver):
    client = login(improver)
    page = client.get(reverse("improvement:goal_new", args=[project.pk])).text
    for question in ("Spesifikt", "Målbart", "Akseptert", "Realistisk", "Tidsbestemt", "Etisk"):
        assert question in page
    client.post(
        reverse("improvement:goal_new", args=[project.pk]),
        {"statement": "90 % kartlagt innen dag 3", "time_bound": "2026-12-31"},
    )
    assert project.goals.get().statement == "90 % kartlagt innen dag 3"
    assert AuditEvent.objects.filter(object_type="improvement.goal").exists()


def test_pdsa_cycles_link_to_the_change_idea_they_test(login, project, improver):
    client = login(improver)
    client.post(reverse("improvement:idea_new", args=[project.pk]), {"title": "Ringe dag 1"})
    idea = project.change_ideas.get()
    client.post(
        reverse("improvement:pdsa_new", args=[project.pk]),
        {"title": "Ringe fem brukere", "change_idea": idea.pk, "starts_on": "2026-03-01"},
    )
    cycle = project.pdsa_cycles.get()
    assert cycle.change_idea == idea and not cycle.closed
    home = client.get(reverse("improvement:team", args=[project.team.pk])).text
    assert "Ringe fem brukere" in home
    response = client.post(
        reverse("improvement:pdsa_edit", args=[project.pk, cycle.pk]),
        {"title": "x", "starts_on": "2026-03-05", "ends_on": "2026-03-01"},
    )
    assert response.status_code == 200 and "kan ikke slutte" in response.text


def test_the_home_page_names_the_gathering_hook_plainly(login, team, improver):
    text = login(improver).get(reverse("improvement:team", args=[team.pk])).text
    assert "Neste samling" in text and "læringsnettverk" in text


def test_the_menu_offers_improvement_work_to_members_and_unit_leaders(login, people, improver):
    assert "Forbedringsarbeid" in login(improver).get("/").text
    assert "Forbedringsarbeid" in login(people.leader_a).get("/").text
    assert "Forbedringsarbeid" not in login(people.nurse_b).get("/").text


def test_the_communication_plan_and_stakeholders_are_saved(login, project, improver):
    client = login(improver)
    path = reverse("improvement:communication", args=[project.pk])
    client.post(path, {"form": "plan", "goals": "Synliggjøre resultater", "channels": "intranett"})
    client.post(path, {"form": "activity", "what": "Kick-off", "on": "2026-02-16"})
    client.post(
        path, {"form": "stakeholder", "name": "Kommunalsjef", "importance": 5, "influence": 5}
    )
    bad = client.post(path, {"form": "stakeholder", "name": "x", "importance": 9, "influence": 1})
    assert bad.status_code == 200 and "fra 1 til 5" in bad.text
    page = client.get(path).text
    assert "Synliggjøre resultater" in page and "Kick-off" in page
    assert "Interessentkart" in page and "Kommunalsjef" in page
    assert AuditEvent.objects.filter(object_type="improvement.stakeholder").count() == 1
