from pasientforlop.networks.tests.factories import make_sweep_objects


def test_coordinators_and_member_municipalities_read_networks_aggregated(people, api):
    sweep = make_sweep_objects(people)
    listed = api(people.coordinator).get("/api/networks")
    assert listed.status_code == 200
    assert [n["id"] for n in listed.json()] == [sweep.network.pk]
    assert api(people.leader_a).get("/api/networks").json()[0]["id"] == sweep.network.pk
    assert api(people.leader_a).get(f"/api/networks/{sweep.network.pk}").status_code == 403
    detail = api(people.coordinator).get(f"/api/networks/{sweep.network.pk}").json()
    # Team size is about staff, not users of services: shown as counted.
    assert detail["teams"] and all(t["people"] == 1 for t in detail["teams"])
    assert "Ola Nordmann" not in str(detail)


def test_outsiders_see_no_network_and_the_scope_is_needed(people, api):
    sweep = make_sweep_objects(people)
    assert api(people.nurse_b).get("/api/networks").json() == []
    assert api(people.nurse_b).get(f"/api/networks/{sweep.network.pk}").status_code == 404
    assert api(people.coordinator, scopes=["pathways:read"]).get("/api/networks").status_code == 403
