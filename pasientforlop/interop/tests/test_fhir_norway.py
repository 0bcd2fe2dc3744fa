"""FHIR in HL7 Norway's terms: no-basis profiles and identifier systems for every kind of
person and organisation identifier, fullUrl on every entry, exports valid against the
official R4 JSON schema, a round trip through an emptied database that changes nothing, and
the CapabilityStatement, read and search."""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import jsonschema_rs
import pytest
from django.conf import settings
from stdnum.no import orgnr

from pasientforlop.interop.fhir import systems as s
from pasientforlop.interop.tests.test_api_bad_input import _problem
from pasientforlop.interop.tests.test_fhir import _bulk
from pasientforlop.pathways.models import Pathway, Patient
from pasientforlop.pathways.tests.factories import make_pathway, make_patient
from pasientforlop.whatmatters.models import Actor, WhatMattersForm

H_NUMBER = "15476500548"
FH_NUMBER = "80000000179"
TENOR = "15876500520"
DNR = "55076500397"


def _orgnr(first_eight: str) -> str:
    """The valid organisation number starting with ``first_eight`` (python-stdnum checks)."""
    return next(n for d in "0123456789" if orgnr.is_valid(n := first_eight + d))


def _schema():
    path = settings.NODE_MODULES / "@asymmetrik" / "fhir-json-schema-validator" / "fhir.schema.json"
    if not path.exists():
        pytest.skip("npm ci has not installed the R4 JSON schema")
    schema = json.loads(path.read_text())
    # The package holds the schema of R4's first release, 4.0.0; the technical correction
    # 4.0.1 (the R4 everyone implements) only adds its own number to the version codes.
    version = schema["definitions"]["CapabilityStatement"]["properties"]["fhirVersion"]
    version["enum"].append("4.0.1")
    return jsonschema_rs.Draft6Validator(schema)


def _assert_valid_r4(validator, resources):
    for resource in resources:
        errors = [f"{e.instance_path}: {e.message}"[:200] for e in validator.iter_errors(resource)]
        assert not errors, (resource["resourceType"], resource.get("id"), errors[:5])


@pytest.fixture
def identified(people, world, settings):
    """Every identifier kind: organisations with organisation number, HER-id, RESH-id and
    municipality number; users of services with fødselsnummer, D-, H-, FH- and Tenor
    numbers and a pseudonym; practitioners and a GP by HPR number."""
    settings.TEST_ENVIRONMENT = True
    municipality = people.municipality_a
    municipality.organisation_number = _orgnr("96433853")
    municipality.her_id = "84213"
    municipality.save()
    people.unit_a.organisation_number = _orgnr("97476067")
    people.unit_a.her_id = "123456"
    people.unit_a.save()
    people.hospital.organisation_number = _orgnr("97463153")
    people.hospital.her_id = "89001"
    people.hospital.resh_id = "108897"
    people.hospital.save()
    patient = world["patient"]
    patient.gp_hpr_number = "9144889"
    patient.gp_name = "Fastlege Fast"
    patient.save()
    for name, number in [
        ("Dina Dnummer", DNR),
        ("Hanna Hnummer", H_NUMBER),
        ("Frank Fhnummer", FH_NUMBER),
        ("Tor Tenor", TENOR),
    ]:
        make_pathway(
            people,
            patient=make_patient(municipality, name, number),
            start_date=date(2026, 10, 5),
            steps={"home_services_start": date(2026, 10, 6)},
        )
    anonymous = Patient.objects.create(municipality=municipality, pseudonym="LOK-77")
    make_pathway(
        people,
        patient=anonymous,
        start_type="hospital_discharge",
        start_date=date(2026, 11, 10),
        steps={
            "admission": date(2026, 11, 10),
            "discharge_ready": datetime(2026, 11, 12, 9, 15, tzinfo=ZoneInfo("Europe/Oslo")),
        },
    )
    return world


def _resource(resources, kind, **match):
    return next(
        r
        for r in resources
        if r["resourceType"] == kind and all(r.get(k) == v for k, v in match.items())
    )


def test_exports_use_no_basis_profiles_and_identifier_systems(people, api, identified, today):
    resources = _bulk(api(people.leader_a), people.municipality_a)
    municipality = _resource(resources, "Organization", name="Kommune A")
    assert municipality["meta"]["profile"] == [s.PROFILE_ORGANIZATION]
    assert municipality["identifier"] == [
        {"system": "urn:oid:2.16.578.1.12.4.1.4.101", "value": _orgnr("96433853")},
        {"system": "urn:oid:2.16.578.1.12.4.1.2", "value": "84213"},
        {"system": "urn:oid:2.16.578.1.12.4.1.1.3402", "value": "4601"},
    ]
    hospital = _resource(resources, "Organization", name="Sykehuset")
    assert {"system": "urn:oid:2.16.578.1.12.4.1.4.102", "value": "108897"} in hospital[
        "identifier"
    ]
    systems = {
        r["identifier"][0]["value"]: r["identifier"][0]["system"]
        for r in resources
        if r["resourceType"] == "Patient"
    }
    assert systems == {
        "15076500565": "urn:oid:2.16.578.1.12.4.1.4.1",
        "13097248022": "urn:oid:2.16.578.1.12.4.1.4.1",
        DNR: "urn:oid:2.16.578.1.12.4.1.4.2",
        FH_NUMBER: "urn:oid:2.16.578.1.12.4.1.4.3",
        H_NUMBER: s.H_NUMBER,
        TENOR: "urn:oid:2.16.578.1.12.4.1.4.1",
        "LOK-77": s.PSEUDONYM,
    }
    for patient in (r for r in resources if r["resourceType"] == "Patient"):
        assert patient["meta"]["profile"] == [s.PROFILE_PATIENT]
    kari = _resource(resources, "Patient", id=f"pat-{identified['patient'].pk}")
    assert kari["generalPractitioner"] == [
        {
            "display": "Fastlege Fast",
            "identifier": {"system": "urn:oid:2.16.578.1.12.4.1.4.4", "value": "9144889"},
        }
    ]
    nurse = _resource(resources, "Practitioner", id=f"prac-{people.nurse_a.pk}")
    assert nurse["meta"]["profile"] == [s.PROFILE_PRACTITIONER]


def test_every_bundle_entry_has_a_full_url(people, api, identified, today):
    patient = identified["patient"]
    bundle = api(people.nurse_a).get(f"/api/fhir/Patient/{patient.pk}/$everything").json()
    assert bundle["entry"]
    for entry in bundle["entry"]:
        resource = entry["resource"]
        assert entry["fullUrl"] == (
            f"http://testserver/api/fhir/{resource['resourceType']}/{resource['id']}"
        )


def test_exports_are_valid_against_the_r4_json_schema(people, api, identified, today):
    validator = _schema()
    resources = _bulk(api(people.leader_a), people.municipality_a)
    kinds = {r["resourceType"] for r in resources}
    assert {"Measure", "MeasureReport", "CarePlan", "Task", "Organization"} <= kinds
    _assert_valid_r4(validator, resources)
    patient = identified["patient"]
    bundle = api(people.nurse_a).get(f"/api/fhir/Patient/{patient.pk}/$everything").json()
    _assert_valid_r4(validator, [bundle])
    metadata = api(people.nurse_a).get("/api/fhir/metadata").json()
    _assert_valid_r4(validator, [metadata])


def test_the_measure_criteria_language_is_an_r4_code(people, api, identified, today):
    resources = _bulk(api(people.leader_a), people.municipality_a)
    for measure in (r for r in resources if r["resourceType"] == "Measure"):
        for population in measure["group"][0]["population"]:
            assert population["criteria"]["language"] == "text/cql"


def _renamed(resources):
    """The resources with our database ids renamed in order of appearance; nothing else."""
    names = {}
    for r in resources:
        names[f"{r['resourceType']}/{r['id']}"] = f"{r['resourceType']}/{len(names)}"

    def walk(value):
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                if k == "reference" and isinstance(v, str):
                    out[k] = names.get(v, v)
                elif k == "id" and isinstance(v, str) and "resourceType" in value:
                    out[k] = names[f"{value['resourceType']}/{v}"]
                else:
                    out[k] = walk(v)
            return out
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return [walk(r) for r in resources]


def _empty_the_clinical_data():
    for form in WhatMattersForm.objects.all():
        for conversation in form.conversations.all():
            conversation.scores.all().delete()
        form.conversations.all().delete()
        form.activities.all().delete()
    WhatMattersForm.objects.all().delete()
    Actor.objects.all().delete()
    for pathway in Pathway.objects.all():
        pathway.records.all().delete()
        pathway.stays.all().delete()
    Pathway.objects.all().delete()
    Patient.objects.all().delete()


def test_a_round_trip_through_an_empty_database_changes_nothing(people, api, identified, today):
    """Export municipality A, empty the database of everything the export holds (the
    organisations and staff stay: an import never creates them), import, export again."""
    client = api(people.leader_a)
    exported = _bulk(client, people.municipality_a)
    _empty_the_clinical_data()
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": r} for r in exported],
    }
    response = client.post(
        f"/api/fhir/Organization/{people.municipality_a.pk}/$import",
        bundle,
        content_type="application/fhir+json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["patients"] == 7
    again = _bulk(client, people.municipality_a)
    assert _renamed(again) == _renamed(exported)
    assert Patient.objects.get(national_id=H_NUMBER).gp_hpr_number == ""
    assert Patient.objects.get(pk=Patient.objects.get(first_name="Ola").pk).gp_hpr_number == (
        "9144889"
    )


def test_a_tenor_number_is_refused_by_an_import_in_production(people, api, settings):
    from pasientforlop.interop.tests.test_fhir_strict import _collection, _resources

    settings.TEST_ENVIRONMENT = False
    response = api(people.leader_a).post(
        f"/api/fhir/Organization/{people.municipality_a.pk}/$import",
        _collection(_resources(TENOR, s.FNR)),
        content_type="application/fhir+json",
    )
    body = _problem(response, 422)
    assert "Tenor" in body["errors"][0]["message"]
    settings.TEST_ENVIRONMENT = True
    response = api(people.leader_a).post(
        f"/api/fhir/Organization/{people.municipality_a.pk}/$import",
        _collection(_resources(TENOR, s.FNR)),
        content_type="application/fhir+json",
    )
    assert response.status_code == 201


# --- CapabilityStatement, read, search ------------------------------------------------------


def test_the_capability_statement_is_public_and_lists_read_and_search(client):
    response = client.get("/api/fhir/metadata")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    body = response.json()
    assert body["resourceType"] == "CapabilityStatement" and body["fhirVersion"] == "4.0.1"
    kinds = {r["type"]: r for r in body["rest"][0]["resource"]}
    assert set(kinds) == {"Patient", "CarePlan", "Task", "QuestionnaireResponse"}
    assert {"read", "search-type"} == {i["code"] for i in kinds["Patient"]["interaction"]}


def test_read_and_search_by_identifier(people, api, identified, today):
    client = api(people.nurse_a)
    patient = identified["patient"]
    pathway = identified["hospital"]
    read = client.get(f"/api/fhir/Patient/pat-{patient.pk}")
    assert read.status_code == 200 and read.json()["identifier"][0]["value"] == "15076500565"
    found = client.get("/api/fhir/Patient", identifier=f"{s.FNR}|15076500565").json()
    assert found["type"] == "searchset" and found["total"] == 1
    assert found["entry"][0]["resource"]["id"] == f"pat-{patient.pk}"
    assert client.get("/api/fhir/Patient", identifier=f"{s.DNR}|15076500565").json()["total"] == 0
    care_plans = client.get("/api/fhir/CarePlan", identifier=f"{s.PATHWAY_REF}|EPJ-1").json()
    assert [e["resource"]["id"] for e in care_plans["entry"]] == [f"cp-{pathway.pk}"]
    assert client.get(f"/api/fhir/CarePlan/cp-{pathway.pk}").json()["status"] == "active"
    tasks = client.get("/api/fhir/Task", **{"based-on": f"CarePlan/cp-{pathway.pk}"}).json()
    assert f"task-{pathway.pk}-gp-visit" in {e["resource"]["id"] for e in tasks["entry"]}
    task = client.get(f"/api/fhir/Task/task-{pathway.pk}-gp-visit").json()
    assert task["status"] == "cancelled"
    responses = client.get("/api/fhir/QuestionnaireResponse", patient=f"Patient/pat-{patient.pk}")
    ids = [e["resource"]["id"] for e in responses.json()["entry"]]
    assert len(ids) == 2
    assert client.get(f"/api/fhir/QuestionnaireResponse/{ids[0]}").status_code == 200


def test_read_and_search_keep_to_the_access_rules(people, api, identified, today):
    patient = identified["patient"]
    outsider = api(people.nurse_b)
    _problem(outsider.get(f"/api/fhir/Patient/pat-{patient.pk}"), 404)
    _problem(outsider.get(f"/api/fhir/CarePlan/cp-{identified['hospital'].pk}"), 404)
    found = outsider.get("/api/fhir/Patient", identifier="15076500565").json()
    assert found["total"] == 0
    no_scope = api(people.nurse_a, scopes=["pathways:read"])
    _problem(no_scope.get(f"/api/fhir/Patient/pat-{patient.pk}"), 403)
    _problem(api(None).get(f"/api/fhir/Patient/pat-{patient.pk}"), 401)
    _problem(api(people.nurse_a).get("/api/fhir/Patient/pat-999999"), 404)
    _problem(api(people.nurse_a).get("/api/fhir/Patient"), 422)
