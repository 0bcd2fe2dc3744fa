from django.contrib.sessions.models import Session
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from pasientforlop.accounts.models import LoginFailure
from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.test import PASSWORD

LOGIN = reverse("accounts:login")
WRONG_MESSAGE = "Feil brukernavn eller passord"


def _post(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_a_user_logs_in_and_lands_on_the_start_page(client, people):
    response = _post(client, "nurse_a", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=people.nurse_a).exists()


def test_log_in_rotates_the_session_key(client, people):
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    _post(client, "nurse_a", PASSWORD)
    assert client.session.session_key != before


def test_a_wrong_password_gets_the_same_message_as_an_unknown_user(client, people):
    wrong_password = _post(client, "nurse_a", "wrong")
    unknown_user = _post(client, "nobody-here", "wrong")
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert WRONG_MESSAGE in wrong_password.text
    assert WRONG_MESSAGE in unknown_user.text
    assert "nobody-here" not in unknown_user.text.replace('value="nobody-here"', "")


def test_failed_log_ins_are_audited(client, people):
    _post(client, "nurse_a", "wrong")
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.reason == "nurse_a"
    assert event.address == "10.0.0.1"


@override_settings(LOGIN_FAILURES_PER_USER=5)
def test_five_failures_lock_the_user_name_even_with_the_right_password(client, people):
    for _ in range(5):
        _post(client, "nurse_a", "wrong", address=f"10.0.0.{_}")
    response = _post(client, "nurse_a", PASSWORD, address="10.9.9.9")
    assert response.status_code == 200
    assert "For mange mislykkede" in response.text
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_THROTTLED).count() == 1
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_FAILURES_PER_USER=5)
def test_the_lock_does_not_hit_other_users(client, people):
    for _ in range(5):
        _post(client, "nurse_a", "wrong", address="10.0.0.1")
    assert _post(client, "leader_a", PASSWORD, address="10.0.0.2").status_code == 302


@override_settings(LOGIN_FAILURES_PER_ADDRESS=3, LOGIN_FAILURES_PER_USER=100)
def test_many_failures_from_one_address_lock_that_address(client, people):
    for name in ["a", "b", "c"]:
        _post(client, name, "wrong", address="10.0.0.7")
    response = _post(client, "leader_a", PASSWORD, address="10.0.0.7")
    assert "For mange mislykkede" in response.text
    assert _post(client, "leader_a", PASSWORD, address="10.0.0.8").status_code == 302


@override_settings(LOGIN_FAILURES_PER_USER=5, LOGIN_FAILURE_WINDOW_MINUTES=15)
def test_old_failures_no_longer_count(client, people):
    for _ in range(5):
        _post(client, "nurse_a", "wrong")
    LoginFailure.objects.update(at=timezone.now() - timezone.timedelta(minutes=16))
    assert _post(client, "nurse_a", PASSWORD).status_code == 302


def test_a_successful_log_in_clears_the_users_failures(client, people):
    _post(client, "nurse_a", "wrong")
    _post(client, "nurse_a", PASSWORD)
    assert not LoginFailure.objects.filter(username="nurse_a").exists()


def test_an_inactive_user_cannot_log_in_and_is_told_nothing_more(client, people):
    people.nurse_a.is_active = False
    people.nurse_a.save()
    response = _post(client, "nurse_a", PASSWORD)
    assert WRONG_MESSAGE in response.text


def test_the_session_ends_after_inactivity(login, people):
    client = login(people.nurse_a)
    assert client.get(reverse("home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_each_request_extends_the_session(login, people, settings):
    client = login(people.nurse_a)
    client.get(reverse("home"))
    first = Session.objects.get().expire_date
    Session.objects.update(expire_date=first - timezone.timedelta(minutes=10))
    client.get(reverse("home"))
    assert Session.objects.get().expire_date >= first


def test_log_out_needs_a_post_and_is_audited(login, people):
    client = login(people.nurse_a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=people.nurse_a).exists()
    assert client.get(reverse("home")).status_code == 302


def test_a_password_change_needs_the_old_password_and_a_strong_new_one(login, people):
    client = login(people.nurse_a)
    url = reverse("accounts:password_change")
    weak = client.post(
        url, {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"}
    )
    assert weak.status_code == 200
    assert "for kort" in weak.text
    new = "a-much-longer-pass-phrase-2026"
    ok = client.post(url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert ok.status_code == 302
    people.nurse_a.refresh_from_db()
    assert people.nurse_a.check_password(new)
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGE).exists()


def test_passwords_are_stored_with_a_strong_hash():
    from pasientforlop import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert production.AUTH_PASSWORD_VALIDATORS[1]["OPTIONS"]["min_length"] >= 12
    assert production.AUTH_PASSWORD_VALIDATORS[1]["NAME"].endswith("MinimumLength")
