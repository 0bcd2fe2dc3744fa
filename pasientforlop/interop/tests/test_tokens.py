"""Personal API tokens: shown once, stored hashed, expire, can be revoked, carry scopes."""

import hashlib
from datetime import timedelta

from django.utils import timezone

from pasientforlop.audit.models import AuditEvent
from pasientforlop.interop.models import ApiToken
from pasientforlop.interop.tokens import check_token, create_token


def test_the_page_shows_a_new_token_once_and_stores_only_its_hash(people, login):
    client = login(people.nurse_a)
    response = client.post(
        "/konto/api-nokler/", {"name": "EPJ", "scopes": ["pathways:read"], "days": "30"}
    )
    assert response.status_code == 200
    plain = response.context["created"].plain
    assert plain.startswith("pf_") and plain in response.content.decode()
    token = ApiToken.objects.get(user=people.nurse_a)
    secret = plain.split("_", 2)[2]
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().first())
    again = client.get("/konto/api-nokler/")
    assert plain not in again.content.decode()
    assert AuditEvent.objects.filter(object_type="interop.apitoken", action="create").exists()


def test_a_token_works_until_it_expires(people, api):
    new = create_token(people.nurse_a, "x", ["pathways:read"], 1)
    assert check_token(new.plain) == new.token
    assert check_token(new.plain, now=timezone.now() + timedelta(days=2)) is None
    assert check_token(new.plain[:-1] + "x") is None
    assert check_token("pf_nonsense") is None


def test_an_expired_token_gets_401_problem(people, client):
    new = create_token(people.nurse_a, "x", ["pathways:read"], 1)
    ApiToken.objects.filter(pk=new.token.pk).update(expires_at=timezone.now())
    response = client.get("/api/patients", headers={"Authorization": f"Bearer {new.plain}"})
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_stops_working(people, login, client):
    new = create_token(people.nurse_a, "x", ["pathways:read"], 30)
    headers = {"Authorization": f"Bearer {new.plain}"}
    assert client.get("/api/patients", headers=headers).status_code == 200
    login(people.nurse_a)
    response = client.post(f"/konto/api-nokler/{new.token.pk}/trekk-tilbake/")
    assert response.status_code == 302
    client.logout()
    assert client.get("/api/patients", headers=headers).status_code == 401


def test_nobody_revokes_another_persons_token(people, login):
    new = create_token(people.nurse_a, "x", ["pathways:read"], 30)
    client = login(people.nurse_b)
    assert client.post(f"/konto/api-nokler/{new.token.pk}/trekk-tilbake/").status_code == 404
    assert ApiToken.objects.get(pk=new.token.pk).revoked_at is None


def test_a_token_without_the_scope_gets_403_problem_in_two_languages(people, api, world):
    response = api(people.nurse_a, ["whatmatters:read"]).get("/api/patients")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"].endswith(":scope") and body["status"] == 403
    assert "pathways:read" in body["detail"] and "pathways:read" in body["detail_en"]
    assert body["title"] != body["title_en"]


def test_anonymous_gets_401(api):
    response = api().get("/api/patients")
    assert response.status_code == 401
    assert response.json()["title_en"] == "Not authenticated"


def test_last_use_is_recorded(people, api):
    new = create_token(people.nurse_a, "x", ["pathways:read"], 30)
    check_token(new.plain)
    assert ApiToken.objects.get(pk=new.token.pk).last_used_at is not None
