"""What an integrator relies on: versions with ETag and If-Match, Idempotency-Key on POST,
Location on 201, problem+json for every error under /api/, pathways started and every kind
of step recorded with the pages' rules, and 422 for a rule, 403 only for a role."""

from pasientforlop.interop.models import IdempotentRequest
from pasientforlop.interop.tests.test_api_bad_input import _problem
from pasientforlop.pathways.models import Pathway, Patient, StepRecord


def _step(body, step):
    return next(s for s in body["steps"] if s["step"] == step)


def _post_if_match(client, url, body: str, if_match: str):
    return client.client.post(
        url, body, content_type="application/json", headers={**client.headers, "If-Match": if_match}
    )


def test_unknown_paths_and_methods_under_api_are_problems(people, api):
    client = api(people.nurse_a)
    body = _problem(client.get("/api/no-such-thing"), 404)
    assert body["type"].endswith(":not-found")
    _problem(client.get("/api/patients/1/nothing/here"), 404)
    response = client.client.delete("/api/patients", headers=client.headers)
    body = _problem(response, 405)
    assert "GET" in response["Allow"] and "POST" in response["Allow"]
    assert "DELETE" in body["detail_en"]


def test_every_readable_object_has_its_version(people, api, world, today):
    client = api(people.nurse_a)
    patient = client.get(f"/api/patients/{world['patient'].pk}").json()
    assert patient["version"] == 1
    pathway = client.get(f"/api/pathways/{world['hospital'].pk}").json()
    assert pathway["version"] == 1
    assert _step(pathway, "admission")["version"] == 1
    assert _step(pathway, "evaluation")["version"] == 0


def test_the_discharge_ready_time_is_kept(people, api, world, today):
    pathway = api(people.nurse_a).get(f"/api/pathways/{world['hospital'].pk}").json()
    assert _step(pathway, "discharge_ready")["done_at"] == "2026-11-02T09:30:00Z"


def test_reads_carry_an_etag_and_if_none_match_gives_304(people, api, world, today):
    client = api(people.nurse_a)
    url = f"/api/pathways/{world['hospital'].pk}"
    first = client.get(url)
    tag = first["ETag"]
    assert tag.startswith('"')
    again = client.client.get(url, headers={**client.headers, "If-None-Match": tag})
    assert again.status_code == 304


def test_a_step_is_updated_with_if_match(people, api, world, today):
    client = api(people.nurse_a)
    url = f"/api/pathways/{world['hospital'].pk}/steps/evaluation"
    assert client.get(url)["ETag"] == '"0"'
    created = _post_if_match(client, url, '{"done_on": "2026-11-20"}', '"0"')
    assert created.status_code == 200 and created["ETag"] == '"1"'
    stale = _post_if_match(client, url, '{"done_on": "2026-11-21"}', '"0"')
    body = _problem(stale, 412)
    assert body["errors"][0]["current_version"] == 1
    changed = _post_if_match(client, url, '{"done_on": "2026-11-21"}', '"1"')
    assert changed.status_code == 200 and changed["ETag"] == '"2"'
    assert StepRecord.objects.get(pathway=world["hospital"], step="evaluation").done_on.day == 21
    _problem(_post_if_match(client, url, '{"done_on": "2026-11-21"}', "2"), 400)


def test_resending_what_is_recorded_is_not_a_conflict(people, api, world, today):
    client = api(people.nurse_a)
    url = f"/api/pathways/{world['hospital'].pk}/steps/evaluation"
    assert client.post(url, {"done_on": "2026-11-20", "note": "Greit"}).status_code == 200
    again = client.post(url, {"done_on": "2026-11-20", "note": "Greit"})
    assert again.status_code == 200
    assert StepRecord.objects.get(pathway=world["hospital"], step="evaluation").version == 1
    assert client.post(url, {"done_on": "2026-11-22", "note": "Greit"}).status_code == 409


def test_idempotency_key_returns_the_first_answer_and_writes_once(people, api, world):
    client = api(people.nurse_a)
    body = {
        "municipality": people.municipality_a.pk,
        "first_name": "Ola",
        "last_name": "Gjentatt",
        "national_id": "13097248103",
    }
    headers = {**client.headers, "Idempotency-Key": "abc-123"}

    def send(data):
        import json

        return client.client.post(
            "/api/patients", json.dumps(data), content_type="application/json", headers=headers
        )

    first = send(body)
    assert first.status_code == 201, first.content
    assert first["Location"] == f"/api/patients/{first.json()['id']}"
    second = send(body)
    assert second.status_code == 201
    assert second.json() == first.json()
    assert second["Location"] == first["Location"]
    assert second["Idempotent-Replayed"] == "true"
    assert Patient.objects.filter(last_name="Gjentatt").count() == 1
    _problem(send({**body, "last_name": "Annen"}), 422)
    assert IdempotentRequest.objects.count() == 1
    other = api(people.leader_a)
    import json

    mine = other.client.post(
        "/api/patients",
        json.dumps({**body, "national_id": "30077315124", "first_name": "Kari"}),
        content_type="application/json",
        headers={**other.headers, "Idempotency-Key": "abc-123"},
    )
    assert mine.status_code == 201  # keys are per person


def test_a_pathway_is_started_with_the_pages_rules(people, api, world, today):
    client = api(people.nurse_a)
    patient = world["patient"]
    response = client.post(
        "/api/pathways",
        {
            "patient": patient.pk,
            "start_type": "municipal",
            "start_date": "2026-11-25",
            "unit": people.unit_a.pk,
        },
    )
    assert response.status_code == 201, response.content
    created = Pathway.objects.get(pk=response.json()["id"])
    assert response["Location"] == f"/api/pathways/{created.pk}"
    assert (created.unit, created.start_type) == (people.unit_a, "municipal")
    hospital_start = client.post(
        "/api/pathways",
        {
            "patient": patient.pk,
            "start_type": "hospital_discharge",
            "start_date": "2026-11-25",
            "unit": people.unit_a.pk,
        },
    )
    body = _problem(hospital_start, 422)
    assert body["errors"][0]["loc"] == ["body", "hospital"]
    _problem(
        client.post(
            "/api/pathways",
            {"patient": patient.pk, "start_type": "municipal", "start_date": "0", "unit": 1},
        ),
        400,
    )
    _problem(
        api(people.nurse_b).post(
            "/api/pathways",
            {
                "patient": patient.pk,
                "start_type": "municipal",
                "start_date": "2026-11-25",
                "unit": people.unit_b.pk,
            },
        ),
        404,
    )
    no_scope = api(people.nurse_a, scopes=["pathways:read"])
    _problem(
        no_scope.post(
            "/api/pathways",
            {
                "patient": patient.pk,
                "start_type": "municipal",
                "start_date": "2026-11-25",
                "unit": people.unit_a.pk,
            },
        ),
        403,
    )


def test_every_kind_of_step_is_recorded_as_on_the_step_page(people, api, world, today):
    client = api(people.nurse_a)
    pathway = world["hospital"]
    StepRecord.objects.filter(pathway=pathway, step="information_exchange").delete()
    url = f"/api/pathways/{pathway.pk}/steps/"
    missing = client.post(url + "information_exchange", {"done_on": "2026-11-03"})
    body = _problem(missing, 422)
    assert body["errors"][0]["loc"] == ["body", "exchange_method"]
    done = client.post(
        url + "information_exchange",
        {"done_on": "2026-11-03", "exchange_method": "phone", "exchange_with": "Kari, post 3"},
    )
    assert done.status_code == 200, done.content
    record = StepRecord.objects.get(pathway=pathway, step="information_exchange")
    assert (record.exchange_method, record.exchange_with) == ("phone", "Kari, post 3")
    contact = client.post(
        url + "primary_contact", {"done_on": "2026-11-06", "person": people.nurse_a.pk}
    )
    assert contact.status_code == 200, contact.content
    na = client.post(url + "evaluation", {"not_applicable": True})
    assert _problem(na, 422)["errors"][0]["loc"] == ["body", "reason"]
    na = client.post(url + "evaluation", {"not_applicable": True, "reason": "Flyttet"})
    assert na.status_code == 200, na.content
    when = client.post(url + "discharge_ready", {"done_on": "2026-11-02", "version": 1})
    assert _problem(when, 422)["errors"][0]["loc"] == ["body", "done_on"]
    no_zone = client.post(url + "discharge_ready", {"done_at": "2026-11-02T11:00:00"})
    _problem(no_zone, 400)
    moved = client.post(
        url + "discharge_ready", {"done_at": "2026-11-02T11:15:00+01:00", "version": 1}
    )
    assert moved.status_code == 200, moved.content
    assert _step(moved.json(), "discharge_ready")["done_at"] == "2026-11-02T10:15:00Z"


def test_a_step_outside_the_chain_is_a_rule_not_a_role(people, api, world, today):
    client = api(people.nurse_a)
    municipal = world["municipal"]
    body = _problem(
        client.post(f"/api/pathways/{municipal.pk}/steps/admission", {"done_on": "2026-10-02"}),
        422,
    )
    assert body["errors"][0]["loc"] == ["body", "step"]
    _problem(client.post(f"/api/pathways/{municipal.pk}/steps/nonsense", {}), 400)
    outsider = api(people.nurse_b)
    _problem(
        outsider.post(f"/api/pathways/{municipal.pk}/steps/admission", {"done_on": "2026-10-02"}),
        404,
    )
    # The hospital sees its own steps only: recording a municipal step is about its role.
    hospital = world["hospital"]
    _problem(
        api(people.discharge).post(
            f"/api/pathways/{hospital.pk}/steps/evaluation", {"done_on": "2026-11-20"}
        ),
        403,
    )


def test_the_openapi_document_states_what_the_server_enforces(client):
    document = client.get("/api/openapi.json").json()
    paths, schemas = document["paths"], document["components"]["schemas"]
    step_post = paths["/api/pathways/{pk}/steps/{step}"]["post"]
    step = next(p for p in step_post["parameters"] if p["name"] == "step")
    assert "admission" in step["schema"]["enum"] and "nonsense" not in step["schema"]["enum"]
    headers = {p["name"] for p in step_post["parameters"] if p["in"] == "header"}
    assert headers == {"Idempotency-Key", "If-Match"}
    assert {"412", "422"} <= set(step_post["responses"])
    created = paths["/api/pathways"]["post"]["responses"]["201"]
    assert "Location" in created["headers"]
    pathway_in = schemas["PathwayIn"]
    assert set(pathway_in["required"]) == {"patient", "start_type", "start_date", "unit"}
    assert pathway_in["properties"]["start_date"]["format"] == "date"
    points = schemas["PointOut"]["properties"]["value"]
    assert {"type": "number"} in points["anyOf"]
    assert "string" not in str(points)
    note = schemas["StepIn"]["properties"]["note"]
    assert note["pattern"] and note["maxLength"] == 5000
