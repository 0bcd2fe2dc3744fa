"""The probe's finding 3: behind the TLS proxy, throttling and the audit use the client's
own address from a trusted proxy; a forged X-Forwarded-For is ignored."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.lib.client_address import client_address
from pasientforlop.test import PASSWORD

LOGIN = reverse("accounts:login")
PROXY = "10.0.0.1"
THROTTLED = "For mange mislykkede innloggingsforsøk"


@pytest.fixture
def behind_proxy(settings):
    settings.PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = [PROXY]
    settings.LOGIN_FAILURES_PER_USER = 5
    settings.LOGIN_FAILURES_PER_ADDRESS = 20


def _post(client, username, password, client_ip, remote=PROXY):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=client_ip,
    )


def test_an_attacker_behind_the_proxy_does_not_lock_out_everyone_else(client, people, behind_proxy):
    for n in range(25):
        _post(client, f"guess{n}", "wrong", "203.0.113.9")
    assert THROTTLED in _post(client, "guess-more", "wrong", "203.0.113.9").text
    response = _post(client, "nurse_a", PASSWORD, "198.51.100.7")
    assert response.status_code == 302
    login = AuditEvent.objects.get(action=AuditAction.LOGIN, actor=people.nurse_a)
    assert login.address == "198.51.100.7"
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).first()
    assert failed.address == "203.0.113.9"


def test_user_names_and_addresses_are_throttled_separately(client, people, behind_proxy):
    for n in range(5):
        _post(client, "leader_a", "wrong", f"198.51.100.{n + 10}")
    # leader_a's name is throttled wherever the next try comes from ...
    assert THROTTLED in _post(client, "leader_a", PASSWORD, "198.51.100.99").text
    # ... but those addresses are not: an unrelated person logs in from one of them.
    assert _post(client, "nurse_a", PASSWORD, "198.51.100.10").status_code == 302


def test_a_forged_forwarded_for_from_an_untrusted_address_is_ignored(client, people, behind_proxy):
    for n in range(20):
        _post(client, f"guess{n}", "wrong", f"192.0.2.{n}", remote="203.0.113.50")
    # Changing the header did not escape the address throttle of the real address.
    assert (
        THROTTLED in _post(client, "nurse_a", PASSWORD, "192.0.2.200", remote="203.0.113.50").text
    )
    assert set(
        AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).values_list("address", flat=True)
    ) == {"203.0.113.50"}


def test_the_client_is_the_entry_proxy_count_from_the_right(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.PROXY_COUNT = 2
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7, 10.9.9.9"
    )
    assert client_address(request) == "198.51.100.7"
    settings.PROXY_COUNT = 0
    assert client_address(request) == "10.1.2.3"
    settings.PROXY_COUNT = 1
    garbage = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="not-an-ip")
    assert client_address(garbage) == "10.1.2.3"
