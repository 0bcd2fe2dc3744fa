"""Log-in with HelseID through a real OpenID Connect provider on loopback: PAR,
private_key_jwt with a key from a file, PKCE, HelseID claims, and every bad answer refused."""

import json
import urllib.error
import urllib.request

import pytest
from django.urls import reverse
from joserfc.jwk import RSAKey

from pasientforlop.accounts import oidc
from pasientforlop.accounts.tests.oidc_provider import Provider
from pasientforlop.audit.models import AuditAction, AuditEvent


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def client_key():
    return RSAKey.generate_key(2048, parameters={"kid": "pasientforlop-1"})


@pytest.fixture
def provider(settings, tmp_path, client_key):
    key_file = tmp_path / "helseid-key.json"
    key_file.write_text(json.dumps(client_key.as_dict(private=True)))
    running = Provider(
        client_id="pasientforlop",
        subject="helseid-sub-123",
        client_public_key=client_key.as_dict(private=False),
        claims={"helseid://claims/hpr/hpr_number": "1234567"},
    )
    settings.OIDC_ISSUER = running.issuer
    settings.OIDC_CLIENT_ID = "pasientforlop"
    settings.OIDC_CLIENT_SECRET = ""
    settings.OIDC_PRIVATE_KEY_FILE = str(key_file)
    settings.OIDC_LINK_BY_HPR = False
    settings.OIDC_MIN_SECURITY_LEVEL = 0
    oidc._discovery_cache.clear()
    oidc._jwks_cache.clear()
    yield running
    running.close()
    oidc._discovery_cache.clear()
    oidc._jwks_cache.clear()


def _through_provider(client):
    start = client.get(reverse("accounts:oidc_start"))
    assert start.status_code == 302
    try:
        urllib.request.build_opener(_NoRedirect).open(start["Location"], timeout=5)
    except urllib.error.HTTPError as answer:
        callback = answer.headers["Location"]
    return client.get(callback.removeprefix("http://testserver"))


def _message_after(client, response) -> str:
    return client.get(response["Location"]).text


@pytest.fixture
def linked_nurse(people):
    people.nurse_a.oidc_subject = "helseid-sub-123"
    people.nurse_a.save()
    return people.nurse_a


def test_a_registered_person_logs_in_with_par_and_private_key_jwt(client, linked_nurse, provider):
    page = client.get(reverse("accounts:login"))
    assert "Logg inn med HelseID" in page.text
    start = client.get(reverse("accounts:oidc_start"))
    # Only the client id and the pushed request's reference travel through the browser.
    assert "request_uri=" in start["Location"]
    assert "code_challenge" not in start["Location"]
    assert "nonce" not in start["Location"]
    client.logout()
    response = _through_provider(client)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(linked_nurse.pk)
    assert provider.par_requests == 2
    assert provider.client_auth_seen[-2:] == ["private_key_jwt", "private_key_jwt"]
    event = AuditEvent.objects.get(action=AuditAction.LOGIN, reason="oidc")
    assert event.after["security_level"] == 4


def test_a_pem_key_file_works_as_well(
    client, linked_nurse, provider, settings, tmp_path, client_key
):
    pem = tmp_path / "key.pem"
    pem.write_bytes(client_key.as_pem(private=True))
    settings.OIDC_PRIVATE_KEY_FILE = str(pem)
    _through_provider(client)
    assert client.session["_auth_user_id"] == str(linked_nurse.pk)


def test_a_client_secret_instead_of_the_key_is_refused_by_the_provider(
    client, linked_nurse, provider, settings
):
    settings.OIDC_PRIVATE_KEY_FILE = ""
    settings.OIDC_CLIENT_SECRET = "secret"
    response = client.get(reverse("accounts:oidc_start"))
    assert "_auth_user_id" not in client.session
    assert "avviste innloggingen" in _message_after(client, response)
    assert provider.client_auth_seen == ["none"]


def test_an_unknown_person_is_told_to_ask_for_access(client, people, provider):
    response = _through_provider(client)
    assert "_auth_user_id" not in client.session
    assert "ikke registrert" in _message_after(client, response)


def test_a_person_is_linked_by_hpr_number_when_the_setting_is_on(
    client, people, provider, settings
):
    people.nurse_a.hpr_number = "1234567"
    people.nurse_a.save()
    settings.OIDC_LINK_BY_HPR = True
    _through_provider(client)
    assert client.session["_auth_user_id"] == str(people.nurse_a.pk)
    people.nurse_a.refresh_from_db()
    assert people.nurse_a.oidc_subject == "helseid-sub-123"
    assert AuditEvent.objects.get(action=AuditAction.LOGIN).after["linked_by_hpr"] is True


def test_no_one_is_linked_by_hpr_number_when_the_setting_is_off(client, people, provider):
    people.nurse_a.hpr_number = "1234567"
    people.nurse_a.save()
    _through_provider(client)
    assert "_auth_user_id" not in client.session
    people.nurse_a.refresh_from_db()
    assert not people.nurse_a.oidc_subject


def test_a_forged_nonce_is_refused(client, linked_nurse, provider):
    provider.tamper_nonce = True
    response = _through_provider(client)
    assert "_auth_user_id" not in client.session
    assert "hører ikke til denne innloggingen" in _message_after(client, response)
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, reason="oidc").exists()


def test_an_id_token_for_another_service_is_refused(client, linked_nurse, provider):
    provider.tamper_audience = True
    response = _through_provider(client)
    assert "_auth_user_id" not in client.session
    assert "en annen tjeneste" in _message_after(client, response)


def test_an_id_token_with_a_bad_signature_is_refused(client, linked_nurse, provider):
    provider.tamper_signature = True
    response = _through_provider(client)
    assert "_auth_user_id" not in client.session
    assert "Signaturen" in _message_after(client, response)


def test_a_low_security_level_is_refused_when_a_minimum_is_set(
    client, linked_nurse, provider, settings
):
    settings.OIDC_MIN_SECURITY_LEVEL = 4
    provider.extra_claims["helseid://claims/identity/security_level"] = "3"
    response = _through_provider(client)
    assert "_auth_user_id" not in client.session
    assert "høyere sikkerhetsnivå" in _message_after(client, response)


def test_a_callback_with_the_wrong_state_is_refused(client, people, provider):
    client.get(reverse("accounts:oidc_start"))
    response = client.get(reverse("accounts:oidc_callback"), {"code": "x", "state": "forged"})
    assert "_auth_user_id" not in client.session
    assert "utløpt" in _message_after(client, response)


def test_without_configuration_there_is_no_oidc_log_in(client, db, settings):
    settings.OIDC_ISSUER = ""
    assert client.get(reverse("accounts:oidc_start")).status_code == 404
    assert "Logg inn med HelseID" not in client.get(reverse("accounts:login")).text
