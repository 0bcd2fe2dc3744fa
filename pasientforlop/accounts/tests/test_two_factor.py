import time

import pyotp
from django.test import override_settings
from django.urls import reverse

from pasientforlop.accounts import two_factor
from pasientforlop.accounts.models import TwoFactorDevice
from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.test import PASSWORD

SETUP = reverse("accounts:two_factor_setup")
CODE = reverse("accounts:login_code")


def _enable(user) -> TwoFactorDevice:
    device = two_factor.pending_device(user)
    assert two_factor.verify(device, pyotp.TOTP(device.secret).at(time.time() - 30))
    device.refresh_from_db()
    return device


def _code(device, offset=0):
    return pyotp.TOTP(device.secret).at(time.time() + offset)


def test_setting_up_shows_a_qr_code_and_needs_a_right_code(login, people):
    client = login(people.nurse_a)
    page = client.get(SETUP)
    assert "<svg" in page.text and "QR" in page.text
    device = TwoFactorDevice.objects.get(user=people.nurse_a)
    wrong = client.post(SETUP, {"code": "000000" if _code(device) != "000000" else "111111"})
    assert "Koden er feil" in wrong.text
    assert not two_factor.has_two_factor(people.nurse_a)
    client.post(SETUP, {"code": _code(device)})
    assert two_factor.has_two_factor(people.nurse_a)
    assert AuditEvent.objects.filter(reason="two-factor enabled").exists()


def test_log_in_asks_for_the_code_before_the_session_is_logged_in(client, people):
    device = _enable(people.nurse_a)
    response = client.post(reverse("accounts:login"), {"username": "nurse_a", "password": PASSWORD})
    assert response["Location"] == CODE
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302  # not logged in yet
    done = client.post(CODE, {"code": _code(device)})
    assert done.status_code == 302 and client.session["_auth_user_id"] == str(people.nurse_a.pk)
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, reason="totp").exists()


def test_a_code_cannot_be_used_twice(client, people):
    device = _enable(people.nurse_a)
    code = _code(device)
    client.post(reverse("accounts:login"), {"username": "nurse_a", "password": PASSWORD})
    client.post(CODE, {"code": code})
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": "nurse_a", "password": PASSWORD})
    again = client.post(CODE, {"code": code})
    assert again.status_code == 200 and "allerede brukt" in again.text
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_is_refused_and_counted_towards_throttling(client, people, settings):
    settings.LOGIN_FAILURES_PER_USER = 2
    device = _enable(people.nurse_a)
    client.post(reverse("accounts:login"), {"username": "nurse_a", "password": PASSWORD})
    bad = "123456" if _code(device) != "123456" else "654321"
    client.post(CODE, {"code": bad})
    client.post(CODE, {"code": bad})
    response = client.post(CODE, {"code": _code(device)})
    assert "For mange mislykkede" in response.text
    assert "_auth_user_id" not in client.session


def test_the_code_page_without_a_password_step_goes_back_to_log_in(client, db):
    assert client.get(CODE)["Location"] == reverse("accounts:login")


@override_settings(REQUIRE_TWO_FACTOR_FOR_PATIENT_DATA=True)
def test_patient_data_roles_must_set_it_up_first_when_required(login, people):
    client = login(people.nurse_a)
    response = client.get(reverse("pathways:worklist"))
    assert response["Location"] == SETUP
    assert client.get(SETUP).status_code == 200
    # People without patient-data roles are not forced.
    assert login(people.coordinator).get(reverse("home")).status_code == 200


@override_settings(REQUIRE_TWO_FACTOR_FOR_PATIENT_DATA=True)
def test_once_set_up_the_requirement_is_met(login, people):
    _enable(people.nurse_a)
    assert login(people.nurse_a).get(reverse("pathways:worklist")).status_code == 200


def test_clock_drift_of_one_step_is_allowed_but_not_more(people):
    device = two_factor.pending_device(people.nurse_a)
    now = time.time()
    totp = pyotp.TOTP(device.secret)
    assert two_factor.verify(device, totp.at(now - 30), now=now)
    device.refresh_from_db()
    assert not two_factor.verify(device, totp.at(now - 90), now=now)
    assert not two_factor.verify(device, "12ab56", now=now)
