"""The probe's findings 2 and 7: API tokens and two-factor, the per-token rate, and
``Cache-Control: no-store`` on everything that may hold patient data."""

import time

import pyotp
import pytest
from django.core.cache import cache
from django.urls import reverse

from pasientforlop.accounts import two_factor
from pasientforlop.interop.models import ApiToken


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _enable_two_factor(user):
    device = two_factor.pending_device(user)
    assert two_factor.verify(device, pyotp.TOTP(device.secret).at(time.time() - 30))
    device.refresh_from_db()
    return device


def test_with_2fa_required_a_token_of_a_person_without_2fa_is_refused(api, people, settings):
    settings.REQUIRE_TWO_FACTOR_FOR_PATIENT_DATA = True
    response = api(people.nurse_a).get("/api/pathways")
    assert response.status_code == 403
    assert "ikke satt opp totrinnsinnlogging" in response.json()["detail"]


def test_with_2fa_required_a_token_made_before_2fa_was_set_up_is_refused(api, people, settings):
    settings.REQUIRE_TWO_FACTOR_FOR_PATIENT_DATA = True
    client = api(people.nurse_a)  # the token is made now, before the app is set up
    _enable_two_factor(people.nurse_a)
    response = client.get("/api/pathways")
    assert response.status_code == 403
    assert "før totrinnsinnlogging" in response.json()["detail"]


def test_with_2fa_required_a_token_made_after_2fa_works(api, people, settings):
    settings.REQUIRE_TWO_FACTOR_FOR_PATIENT_DATA = True
    _enable_two_factor(people.nurse_a)
    assert api(people.nurse_a).get("/api/pathways").status_code == 200


def test_without_the_requirement_tokens_work_as_before(api, people):
    assert api(people.nurse_a).get("/api/pathways").status_code == 200


def test_making_a_token_needs_a_fresh_two_factor_code(login, people):
    device = _enable_two_factor(people.nurse_a)
    client = login(people.nurse_a)
    form = {"name": "EPJ", "scopes": ["pathways:read"], "days": 30}
    url = reverse("interop:tokens")
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert not ApiToken.objects.filter(user=people.nurse_a).exists()
    assert "Feltet er påkrevet" in refused.text
    wrong = client.post(url, form | {"code": "000000"})
    assert not ApiToken.objects.filter(user=people.nurse_a).exists()
    assert "feil" in wrong.text.lower()
    client.post(url, form | {"code": pyotp.TOTP(device.secret).now()})
    assert ApiToken.objects.filter(user=people.nurse_a, name="EPJ").exists()


def test_past_the_per_token_rate_the_api_answers_429_with_retry_after(api, people, settings):
    settings.API_RATE_PER_MINUTE = 3
    client = api(people.nurse_a)
    answers = [client.get("/api/pathways") for _ in range(4)]
    assert [a.status_code for a in answers[:3]] == [200, 200, 200]
    assert answers[3].status_code == 429
    assert 1 <= int(answers[3]["Retry-After"]) <= 60
    assert answers[3]["Content-Type"] == "application/problem+json"
    assert "For mange forespørsler" in answers[3].json()["detail"]
    # Another token of the same person has its own allowance.
    assert api(people.nurse_a).get("/api/pathways").status_code == 200


def test_patient_data_answers_are_not_stored_by_caches(api, people, login, world, today):
    assert "no-store" in api(people.nurse_a).get("/api/pathways")["Cache-Control"]
    client = login(people.nurse_a)
    assert "no-store" in client.get("/arbeidsliste/")["Cache-Control"]
    assert "no-store" in client.get("/arbeidsliste/last-ned/csv/")["Cache-Control"]


def test_a_token_is_still_made_without_a_code_by_people_without_2fa(login, people):
    login(people.nurse_a).post(
        reverse("interop:tokens"), {"name": "EPJ", "scopes": ["pathways:read"], "days": 30}
    )
    assert ApiToken.objects.filter(user=people.nurse_a).exists()
