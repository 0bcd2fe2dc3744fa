"""A NUL character in the address or query is refused before any view (PostgreSQL cannot
hold it, so it would otherwise end as a database error)."""

import json


def test_a_search_with_nul_is_refused_with_a_message(login, people):
    client = login(people.nurse_a)
    response = client.get("/brukere/", {"q": "Han\x00sen"})
    assert response.status_code == 400
    assert "tegn som ikke er tillatt" in response.content.decode()


def test_the_api_answers_nul_with_a_problem(client, people):
    response = client.get("/api/fhir/Patient", {"identifier": "a|\x00"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content)["type"].endswith(":malformed")


def test_ordinary_searches_pass(login, people):
    client = login(people.nurse_a)
    assert client.get("/brukere/", {"q": "Hansen"}).status_code == 200
