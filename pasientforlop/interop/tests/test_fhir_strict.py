"""The FHIR import reads nothing it cannot check: codes from the R4 value sets, references
that resolve inside the bundle, identifiers under the right system, organisations that
already exist. Every refusal is a problem+json 4xx and writes nothing."""

import copy
import json

import pytest

from pasientforlop.accounts.models import Organisation
from pasientforlop.interop.fhir import systems as s
from pasientforlop.interop.tests.test_api_bad_input import _problem
from pasientforlop.pathways.models import Pathway, Patient, StepRecord

FNR = "15076500565"
DNR = "55076500397"


def _resources(national_id=FNR, system=s.FNR):
    return [
        {
            "resourceType": "Organization",
            "id": "unit",
            "name": "Hjemmetjenesten A",
            "type": [{"coding": [{"system": s.UNIT_KIND, "code": "home_services"}]}],
        },
        {
            "resourceType": "Patient",
            "id": "p1",
            "identifier": [{"system": system, "value": national_id}],
            "name": [{"family": "Nordmann", "given": ["Kari"]}],
        },
        {
            "resourceType": "CarePlan",
            "id": "cp1",
            "status": "active",
            "intent": "plan",
            "category": [{"coding": [{"system": s.START_TYPE, "code": "municipal"}]}],
            "subject": {"reference": "Patient/p1"},
            "period": {"start": "2026-11-02"},
            "author": {"reference": "Organization/unit"},
        },
        {
            "resourceType": "Task",
            "id": "t1",
            "status": "completed",
            "intent": "plan",
            "code": {"coding": [{"system": s.STEP, "code": "home_services_start"}]},
            "basedOn": [{"reference": "CarePlan/cp1"}],
            "for": {"reference": "Patient/p1"},
            "executionPeriod": {"start": "2026-11-03", "end": "2026-11-03"},
        },
    ]


def _collection(resources):
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": r} for r in resources],
    }


def _import(client, municipality, body, content_type="application/fhir+json"):
    return client.post(
        f"/api/fhir/Organization/{municipality.pk}/$import", body, content_type=content_type
    )


def _nothing_written():
    assert not Patient.objects.exists()
    assert not Pathway.objects.exists()
    assert not StepRecord.objects.exists()


def test_a_valid_bundle_is_imported(people, api):
    response = _import(api(people.leader_a), people.municipality_a, _collection(_resources()))
    assert response.status_code == 201, response.content
    assert StepRecord.objects.get().step == "home_services_start"


def test_a_task_status_outside_the_r4_value_set_is_refused(people, api):
    resources = _resources()
    resources[3]["status"] = "done"
    body = _problem(
        _import(api(people.leader_a), people.municipality_a, _collection(resources)), 422
    )
    assert "«done» er ikke en gyldig kode for Task.status" in body["errors"][0]["message"]
    _nothing_written()


@pytest.mark.parametrize(
    ("index", "name", "value"),
    [(2, "status", "open"), (2, "intent", "goal"), (3, "intent", "todo")],
)
def test_care_plan_and_task_codes_are_checked(people, api, index, name, value):
    resources = _resources()
    resources[index][name] = value
    _problem(_import(api(people.leader_a), people.municipality_a, _collection(resources)), 422)
    _nothing_written()


def test_a_goal_lifecycle_status_outside_the_value_set_is_refused(people, api):
    goal = {
        "resourceType": "Goal",
        "id": "g1",
        "lifecycleStatus": "doing",
        "description": {"text": "Gå tur"},
        "subject": {"reference": "Patient/p1"},
    }
    response = _import(
        api(people.leader_a), people.municipality_a, _collection([*_resources(), goal])
    )
    assert "lifecycleStatus" in _problem(response, 422)["errors"][0]["message"]
    _nothing_written()


def test_a_task_based_on_a_missing_care_plan_is_refused(people, api):
    resources = _resources()
    resources[3]["basedOn"] = [{"reference": "CarePlan/elsewhere"}]
    body = _problem(
        _import(api(people.leader_a), people.municipality_a, _collection(resources)), 422
    )
    assert "CarePlan/elsewhere" in body["errors"][0]["message"]
    _nothing_written()


def test_an_author_that_resolves_nowhere_is_refused_and_no_unit_is_invented(people, api):
    resources = _resources()
    resources[2]["author"] = {"reference": "Organization/nowhere"}
    _problem(_import(api(people.leader_a), people.municipality_a, _collection(resources)), 422)
    resources = _resources()
    resources[0]["name"] = "Hjemmetjenesten"  # no such unit in municipality A
    organisations = Organisation.objects.count()
    body = _problem(
        _import(api(people.leader_a), people.municipality_a, _collection(resources)), 422
    )
    assert "oppretter ingen virksomheter" in body["errors"][0]["message"]
    assert Organisation.objects.count() == organisations
    _nothing_written()


def test_an_unknown_hospital_is_refused(people, api):
    resources = _resources()
    resources.append({"resourceType": "Organization", "id": "h", "name": "Ukjent sykehus"})
    resources[2]["contributor"] = [{"reference": "Organization/h"}]
    _problem(_import(api(people.leader_a), people.municipality_a, _collection(resources)), 422)
    _nothing_written()


def test_a_d_number_under_the_fodselsnummer_system_is_refused(people, api):
    response = _import(
        api(people.leader_a), people.municipality_a, _collection(_resources(DNR, s.FNR))
    )
    body = _problem(response, 422)
    assert "er et D-nummer" in body["errors"][0]["message"]
    _nothing_written()
    response = _import(
        api(people.leader_a), people.municipality_a, _collection(_resources(DNR, s.DNR))
    )
    assert response.status_code == 201
    assert Patient.objects.get().national_id == DNR


def test_a_bad_organisation_number_is_refused(people, api):
    resources = _resources()
    resources[0]["identifier"] = [{"system": s.ORGNR, "value": "983974725"}]
    body = _problem(
        _import(api(people.leader_a), people.municipality_a, _collection(resources)), 422
    )
    assert "kontrollsifferet er feil" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    "body",
    ["[]", "[{}]", '"Bundle"', "12", "null", '{"resourceType": "Bundle", "type": "history"}'],
)
def test_every_bad_body_is_a_problem_not_a_server_error(people, api, body):
    response = _import(api(people.leader_a), people.municipality_a, body)
    assert 400 <= response.status_code < 500
    assert response["Content-Type"] == "application/problem+json"
    _nothing_written()


def test_a_transaction_bundle_with_urn_uuid_references_is_imported(people, api):
    uuids = {
        "Organization/unit": "urn:uuid:6f0c6b2a-0d4b-4d8c-9a55-0c1b1f1e0001",
        "Patient/p1": "urn:uuid:6f0c6b2a-0d4b-4d8c-9a55-0c1b1f1e0002",
        "CarePlan/cp1": "urn:uuid:6f0c6b2a-0d4b-4d8c-9a55-0c1b1f1e0003",
        "Task/t1": "urn:uuid:6f0c6b2a-0d4b-4d8c-9a55-0c1b1f1e0004",
    }
    text = json.dumps(_resources())
    for local, uuid in uuids.items():
        text = text.replace(f'"{local}"', f'"{uuid}"')
    entries = []
    for resource in json.loads(text):
        key = f"{resource['resourceType']}/{resource.pop('id')}"
        entries.append(
            {
                "fullUrl": uuids[key],
                "resource": resource,
                "request": {"method": "POST", "url": resource["resourceType"]},
            }
        )
    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": entries}
    response = _import(api(people.leader_a), people.municipality_a, bundle)
    assert response.status_code == 201, response.content
    assert response.json()["steps"] == 1
    delete = copy.deepcopy(bundle)
    delete["entry"][3]["request"]["method"] = "DELETE"
    _problem(_import(api(people.leader_a), people.municipality_a, delete), 422)
