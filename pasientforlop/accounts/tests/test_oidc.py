import urllib.error
import urllib.request

import pytest
from django.urls import reverse

from pasientforlop.accounts import oidc
from pasientforlop.accounts.tests.oidc_provider import Provider
from pasientforlop.audit.models import AuditAction, AuditEvent


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def provider(settings):
    running = Provider(client_id="pasientforlop", subject="helseid-sub-123")
    settings.OIDC_ISSUER = running.issuer
    settings.OIDC_CLIENT_ID = "pasientforlop"
    settings.OIDC_CLIENT_SECRET = "secret"
    oidc._discovery_cache.clear()
    yield running
    running.close()
    oidc._discovery_cache.clear()


def _through_provider(client):
    start = client.get(reverse("accounts:oidc_start"))
    assert start.status_code == 302
    try:
        urllib.request.build_opener(_NoRedirect).open(start["Location"], timeout=5)
    except urllib.error.HTTPError as answer:
        callback = answer.headers["Location"]
    return client.get(callback.removeprefix("http://testserver"))


def test_a_registered_person_logs_in_with_the_identity_provider(client, people, provider):
    people.nurse_a.oidc_subject = "helseid-sub-123"
    people.nurse_a.save()
    page = client.get(reverse("accounts:login"))
    assert "Logg inn med HelseID" in page.text
    response = _through_provider(client)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(people.nurse_a.pk)
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, reason="oidc").exists()


def test_an_unknown_person_is_told_to_ask_for_access(client, people, provider):
    response = _through_provider(client)
    assert "_auth_user_id" not in client.session
    assert "ikke registrert" in client.get(response["Location"]).text


def test_a_forged_nonce_is_refused(client, people, provider):
    people.nurse_a.oidc_subject = "helseid-sub-123"
    people.nurse_a.save()
    provider.tamper_nonce = True
    _through_provider(client)
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, reason="oidc").exists()


def test_a_callback_with_the_wrong_state_is_refused(client, people, provider):
    client.get(reverse("accounts:oidc_start"))
    response = client.get(reverse("accounts:oidc_callback"), {"code": "x", "state": "forged"})
    assert "_auth_user_id" not in client.session
    assert "utløpt" in client.get(response["Location"]).text


def test_without_configuration_there_is_no_oidc_log_in(client, db, settings):
    settings.OIDC_ISSUER = ""
    assert client.get(reverse("accounts:oidc_start")).status_code == 404
    assert "Logg inn med HelseID" not in client.get(reverse("accounts:login")).text
