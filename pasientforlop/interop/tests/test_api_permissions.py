"""The API follows the pages' rules: another organisation's data is 404, the wrong role 403,
a hospital sees only the hospital steps of pathways shared with it."""

import pytest

from pasientforlop.pathways import deadlines


@pytest.mark.parametrize(
    "path",
    [
        "/api/patients/{patient}",
        "/api/pathways/{pathway}",
        "/api/patients/{patient}/what-matters",
        "/api/fhir/Patient/{patient}/$everything",
    ],
)
def test_a_token_from_another_municipality_gets_404(people, api, world, path):
    url = path.format(patient=world["patient"].pk, pathway=world["hospital"].pk)
    assert api(people.nurse_a).get(url).status_code == 200
    response = api(people.nurse_b).get(url)
    assert response.status_code == 404
    assert response.json()["type"].endswith(":not-found")


def test_lists_hide_other_municipalities(people, api, world):
    patients = api(people.nurse_b).get("/api/patients").json()
    assert [p["id"] for p in patients["results"]] == [world["other"].patient_id]
    pathways = api(people.nurse_b).get("/api/pathways").json()
    assert [p["id"] for p in pathways["results"]] == [world["other"].pk]


def test_the_hospital_sees_only_hospital_steps_of_shared_pathways(people, api, world, today):
    client = api(people.discharge)
    listing = client.get("/api/pathways").json()
    assert [p["id"] for p in listing["results"]] == [world["hospital"].pk]
    pathway = client.get(f"/api/pathways/{world['hospital'].pk}").json()
    assert pathway["view"] == "hospital"
    assert {s["step"] for s in pathway["steps"]} == {str(s) for s in deadlines.HOSPITAL_STEPS}
    assert pathway["primary_contact"] is None and pathway["anchor"] is None
    assert client.get(f"/api/pathways/{world['municipal'].pk}").status_code == 404
    assert client.get(f"/api/patients/{world['patient'].pk}").status_code == 404
    assert client.get(f"/api/patients/{world['patient'].pk}/what-matters").status_code == 404


def test_the_hospital_may_record_hospital_steps_only(people, api, world):
    client = api(people.discharge)
    url = f"/api/pathways/{world['hospital'].pk}/steps/"
    response = client.post(url + "evaluation", {"done_on": "2026-11-20"})
    assert response.status_code == 403


def test_indicators_need_a_clinical_role(people, api, world):
    query = {"municipality": people.municipality_a.pk, "first": "2026-10", "last": "2026-11"}
    assert api(people.leader_a).get("/api/indicators", **query).status_code == 200
    assert api(people.coordinator).get("/api/indicators", **query).status_code == 403
    assert api(people.nurse_b).get("/api/indicators", **query).status_code == 404


def test_bulk_export_and_import_need_a_unit_leader(people, api, world):
    url = f"/api/fhir/Organization/{people.municipality_a.pk}/$export"
    assert api(people.leader_a).get(url).status_code == 200
    assert api(people.nurse_a).get(url).status_code == 403
    assert api(people.nurse_b).get(url).status_code == 404
    assert api(people.coordinator).get(url).status_code == 404


def test_the_sysadmin_sees_no_patient_data(people, api, world):
    assert api(people.admin).get(f"/api/patients/{world['patient'].pk}").status_code == 404
    assert api(people.admin).get("/api/patients").json()["count"] == 0
