"""FHIR R4: every exported resource validates with fhir.resources; export → import into an
empty municipality → export again gives the same resources apart from ids and meta."""

import json

from fhir.resources.R4B import get_fhir_model_class

from pasientforlop.accounts.choices import OrganisationKind, Role, UnitKind
from pasientforlop.accounts.models import Membership, Organisation
from pasientforlop.audit.models import AuditEvent
from pasientforlop.interop.fhir import systems
from pasientforlop.pathways.models import Pathway, Patient, StepRecord


def _validate(resources):
    for resource in resources:
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def _bulk(client, municipality):
    response = client.get(f"/api/fhir/Organization/{municipality.pk}/$export")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+ndjson")
    return [json.loads(line) for line in response.content.decode().splitlines()]


def test_everything_for_a_user_validates_and_uses_norwegian_identifiers(people, api, world, today):
    response = api(people.nurse_a).get(f"/api/fhir/Patient/{world['patient'].pk}/$everything")
    assert response["Content-Type"].startswith("application/fhir+json")
    bundle = response.json()
    get_fhir_model_class("Bundle").model_validate(bundle)
    resources = [e["resource"] for e in bundle["entry"]]
    _validate(resources)
    kinds = {r["resourceType"] for r in resources}
    assert kinds >= {
        "Patient",
        "Practitioner",
        "Organization",
        "PlanDefinition",
        "CarePlan",
        "Task",
        "CareTeam",
        "Goal",
        "Questionnaire",
        "QuestionnaireResponse",
        "Observation",
    }
    patient = next(r for r in resources if r["resourceType"] == "Patient")
    assert patient["identifier"] == [{"system": systems.FNR, "value": "15076500565"}]
    nurse = next(r for r in resources if r["resourceType"] == "Practitioner")
    assert nurse["identifier"] == [{"system": systems.HPR, "value": "1234567"}]
    municipality = next(
        r
        for r in resources
        if r.get("identifier", [{}])[0].get("system") == systems.MUNICIPALITY_NUMBER
    )
    assert municipality["identifier"][0]["value"] == "4601"
    means = [r["valueQuantity"]["value"] for r in resources if r["resourceType"] == "Observation"]
    assert means == [2.0, 5.0]
    gp = next(
        r
        for r in resources
        if r["resourceType"] == "Task" and r["code"]["coding"][0]["code"] == "gp_visit"
    )
    assert gp["status"] == "cancelled" and gp["statusReason"]["text"] == "Har ikke fastlege"
    assert gp["restriction"]["period"]["end"] == "2026-11-17"


def test_bulk_export_validates_with_measures_and_reports(people, api, world, today):
    resources = _bulk(api(people.leader_a), people.municipality_a)
    _validate(resources)
    kinds = [r["resourceType"] for r in resources]
    assert kinds.count("Patient") == 2 and "Measure" in kinds and "MeasureReport" in kinds
    assert not any(r.get("identifier", [{}])[0].get("value") == "29029600013" for r in resources)


def _normalise(resources):
    """Resources without ids and meta, references renamed in order of appearance, and the
    organisations compared by kind only (the target municipality has its own name)."""
    names, out = {}, []
    for r in resources:
        names[f"{r['resourceType']}/{r.get('id')}"] = f"{r['resourceType']}/{len(names)}"

    def walk(value):
        if isinstance(value, dict):
            return {
                k: (names.get(v, v) if isinstance(v, str) and k == "reference" else walk(v))
                for k, v in value.items()
                if k not in ("id", "meta")
            }
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    for r in resources:
        if r["resourceType"] == "Organization":
            r = {"resourceType": "Organization", "type": r.get("type")}
        out.append(walk(r))
    return out


def test_round_trip_into_an_empty_municipality(people, api, world, today):
    exported = _bulk(api(people.leader_a), people.municipality_a)
    empty = Organisation.objects.create(
        kind=OrganisationKind.MUNICIPALITY, name="Tom kommune", number="4602"
    )
    unit = Organisation.objects.create(
        kind=OrganisationKind.UNIT,
        name="Hjemmetjenesten A",
        parent=empty,
        unit_kind=UnitKind.HOME_SERVICES,
    )
    Membership.objects.create(user=people.leader_a, organisation=unit, role=Role.UNIT_LEADER)
    Membership.objects.create(user=people.nurse_a, organisation=unit, role=Role.CLINICIAN)
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": r} for r in exported],
    }
    response = api(people.leader_a).post(
        f"/api/fhir/Organization/{empty.pk}/$import",
        bundle,
        content_type="application/fhir+json; fhirVersion=4.0",
    )
    assert response.status_code == 201, response.content
    assert response.json() == {
        "patients": 2,
        "pathways": 2,
        "steps": 8,
        "conversations": 2,
        "actors": 1,
    }
    assert AuditEvent.objects.filter(action="import", organisation=empty).exists()
    again = _bulk(api(people.leader_a), empty)
    assert _normalise(again) == _normalise(exported)


def test_importing_twice_is_a_conflict_and_writes_nothing(people, api, world, today):
    exported = _bulk(api(people.leader_a), people.municipality_a)
    ndjson = "".join(json.dumps(r) + "\n" for r in exported)
    patients, steps = Patient.objects.count(), StepRecord.objects.count()
    response = api(people.leader_a).post(
        f"/api/fhir/Organization/{people.municipality_a.pk}/$import",
        ndjson,
        content_type="application/fhir+ndjson",
    )
    assert response.status_code == 409
    assert (Patient.objects.count(), StepRecord.objects.count()) == (patients, steps)
    assert Pathway.objects.count() == 3
