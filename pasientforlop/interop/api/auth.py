"""Bearer-token authentication, the per-token rate and scope checks for the API."""

import math
import time

from django.conf import settings
from django.core.cache import cache
from ninja.security import HttpBearer

from pasientforlop.accounts.models import TwoFactorDevice
from pasientforlop.interop.problems import Problem
from pasientforlop.interop.tokens import check_token
from pasientforlop.lib import access

RATE_WINDOW_SECONDS = 60


def two_factor_refusal(token) -> Problem | None:
    """With two-factor required for patient data, a token counts only when its person has
    two-factor set up and the token was made after that (made with a fresh code)."""
    if not settings.REQUIRE_TWO_FACTOR_FOR_PATIENT_DATA:
        return None
    if not access.has_any_role(token.user, access.CLINICAL_ROLES | access.HOSPITAL_ROLES):
        return None
    device = TwoFactorDevice.objects.filter(user=token.user, confirmed_at__isnull=False).first()
    if device is None:
        return Problem(
            "forbidden",
            "API-nøkkelen avvises: eieren har ikke satt opp totrinnsinnlogging.",
            "The token is refused: its owner has not set up two-factor authentication.",
        )
    if token.created_at < device.confirmed_at:
        return Problem(
            "forbidden",
            "API-nøkkelen avvises: den ble laget før totrinnsinnlogging ble satt opp. "
            "Lag en ny nøkkel.",
            "The token is refused: it was made before two-factor authentication was set up. "
            "Make a new token.",
        )
    return None


def check_rate(token) -> None:
    """A fixed one-minute window per token in the cache; 429 with Retry-After past it."""
    limit = settings.API_RATE_PER_MINUTE
    if limit <= 0:
        return
    now = time.time()
    window = int(now // RATE_WINDOW_SECONDS)
    key = f"pf-api-rate:{token.pk}:{window}"
    cache.add(key, 0, RATE_WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW_SECONDS * 2)
        count = 1
    if count > limit:
        retry = max(1, math.ceil((window + 1) * RATE_WINDOW_SECONDS - now))
        raise Problem(
            "too-many-requests",
            f"For mange forespørsler med denne API-nøkkelen. Prøv igjen om {retry} sekunder.",
            f"Too many requests with this API token. Try again in {retry} seconds.",
            headers={"Retry-After": str(retry)},
        )


class TokenAuth(HttpBearer):
    """``Authorization: Bearer pf_…``. The request then acts as the token's user, with the
    user's memberships and roles (``lib.access`` decides every object)."""

    def authenticate(self, request, token):
        found = check_token(token)
        if found is None:
            return None
        refusal = two_factor_refusal(found)
        if refusal is not None:
            raise refusal
        check_rate(found)
        request.user = found.user
        request.api_token = found
        return found


def need(request, scope: str) -> None:
    """403 problem unless the request's token has ``scope``."""
    token = getattr(request, "api_token", None)
    if token is None or scope not in token.scopes:
        raise Problem(
            "scope",
            f"API-nøkkelen mangler tilgangen «{scope}».",
            f"The API token lacks the scope “{scope}”.",
        )
