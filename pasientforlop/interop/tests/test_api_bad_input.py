"""Bad input gets a precise 4xx problem, never a 500, and nothing is written."""

import json

from pasientforlop.interop.api import fhir as fhir_api
from pasientforlop.pathways.models import Patient


def _problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) == {"type", "title", "status", "detail", "title_en", "detail_en", "errors"}
    assert body["status"] == status
    return body


def test_malformed_json_is_400(people, api):
    response = api(people.nurse_a).post("/api/patients", '{"municipality": 1,')
    _problem(response, 400)


def test_a_bad_fodselsnummer_is_422_in_both_languages(people, api):
    response = api(people.nurse_a).post(
        "/api/patients",
        {
            "municipality": people.municipality_a.pk,
            "first_name": "Ola",
            "last_name": "Nordmann",
            "national_id": "15076500566",
        },
    )
    body = _problem(response, 422)
    assert body["errors"][0]["loc"] == ["body", "national_id"]
    assert "kontrollsiffer" in body["errors"][0]["message"]
    assert "check digit" in body["errors"][0]["message_en"]
    assert not Patient.objects.exists()


def test_a_good_user_is_registered(people, api):
    response = api(people.nurse_a).post(
        "/api/patients",
        {
            "municipality": people.municipality_a.pk,
            "first_name": "Ola",
            "last_name": "Nordmann",
            "national_id": "15076500565",
        },
    )
    assert response.status_code == 201
    assert Patient.objects.get().national_id == "15076500565"


def test_registering_in_another_municipality_is_404(people, api):
    response = api(people.nurse_b).post(
        "/api/patients",
        {"municipality": people.municipality_a.pk, "first_name": "A", "last_name": "B"},
    )
    _problem(response, 404)


def test_values_that_do_not_match_the_schema_are_400(people, api):
    body = _problem(api(people.nurse_a).post("/api/patients", {"municipality": "x"}), 400)
    assert body["type"] == "urn:pasientforlop:problem:invalid-request"
    _problem(api(people.nurse_a).get("/api/patients", page=0), 400)
    _problem(api(people.nurse_a).get("/api/patients/99999999999"), 400)
    _problem(api(people.nurse_a).get("/api/pathways", start_from="0"), 400)


def _import(client, municipality, body, content_type="application/fhir+json"):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(
        f"/api/fhir/Organization/{municipality.pk}/$import", data, content_type=content_type
    )


def _bundle(*resources):
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": r} for r in resources],
    }


def _patient(national_id):
    system = "urn:oid:2.16.578.1.12.4.1.4.1"
    return {
        "resourceType": "Patient",
        "id": "p",
        "identifier": [{"system": system, "value": national_id}],
    }


def test_a_fhir_resource_of_the_wrong_type_is_422_and_nothing_is_written(people, api):
    bundle = _bundle(_patient("15076500565"), {"resourceType": "Medication", "id": "m"})
    body = _problem(_import(api(people.leader_a), people.municipality_a, bundle), 422)
    assert "Medication" in body["errors"][0]["message"]
    assert not Patient.objects.exists()


def test_an_r5_only_resource_or_field_is_422(people, api):
    r5_type = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": {"resourceType": "ActorDefinition"}}],
    }
    _problem(_import(api(people.leader_a), people.municipality_a, r5_type), 422)
    r5_field = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "resource": {
                    "resourceType": "Goal",
                    "lifecycleStatus": "active",
                    "description": {"text": "x"},
                    "subject": {"reference": "Patient/p"},
                    "continuous": True,
                }
            }
        ],
    }
    _problem(_import(api(people.leader_a), people.municipality_a, r5_field), 422)


def test_another_fhir_version_is_422(people, api):
    response = _import(
        api(people.leader_a),
        people.municipality_a,
        {"resourceType": "Bundle", "type": "collection"},
        content_type="application/fhir+json; fhirVersion=5.0",
    )
    body = _problem(response, 422)
    assert "5.0" in body["detail"]


def test_a_bad_fodselsnummer_in_a_bundle_is_422(people, api):
    bundle = _bundle(_patient("15076500566"))
    body = _problem(_import(api(people.leader_a), people.municipality_a, bundle), 422)
    assert "kontrollsiffer er feil" in body["errors"][0]["message"]
    assert not Patient.objects.exists()


def test_an_unknown_media_type_is_415(people, api):
    _problem(_import(api(people.leader_a), people.municipality_a, "a,b", "text/csv"), 415)


def test_malformed_fhir_json_is_400(people, api):
    _problem(_import(api(people.leader_a), people.municipality_a, "{"), 400)


def test_an_oversized_import_is_413(people, api, monkeypatch):
    monkeypatch.setattr(fhir_api, "MAX_IMPORT_BYTES", 1000)
    body = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": {"resourceType": "Goal", "id": "x" * 2000}}],
    }
    _problem(_import(api(people.leader_a), people.municipality_a, body), 413)
