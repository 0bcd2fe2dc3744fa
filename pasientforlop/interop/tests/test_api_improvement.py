from pasientforlop.improvement.measures import series
from pasientforlop.improvement.tests.factories import make_improvement_sweep
from pasientforlop.lib.dates import today_oslo


def test_team_members_and_their_leaders_read_teams_and_measures(people, api):
    sweep = make_improvement_sweep(people)
    teams = api(people.gp_a).get("/api/teams")
    assert teams.status_code == 200
    assert [t["name"] for t in teams.json()] == [sweep.team.name]
    assert api(people.leader_a).get(f"/api/teams/{sweep.team.pk}").status_code == 200
    measure = api(people.gp_a).get(f"/api/measures/{sweep.measure.pk}").json()
    expected = series(sweep.measure, today_oslo())
    assert [p["period"] for p in measure["points"]] == [p.period.isoformat() for p in expected]
    assert [p["plotted"] for p in measure["points"]] == [p.plotted for p in expected]


def test_outsiders_see_no_team_and_the_scope_is_needed(people, api):
    sweep = make_improvement_sweep(people)
    assert api(people.nurse_b).get("/api/teams").json() == []
    assert api(people.nurse_b).get(f"/api/teams/{sweep.team.pk}").status_code == 404
    assert api(people.nurse_b).get(f"/api/measures/{sweep.measure.pk}").status_code == 404
    no_scope = api(people.gp_a, scopes=["pathways:read"]).get(f"/api/measures/{sweep.measure.pk}")
    assert no_scope.status_code == 403
    assert no_scope["Content-Type"].startswith("application/problem+json")
    assert api().get("/api/teams").status_code == 401
