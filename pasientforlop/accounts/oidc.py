"""OpenID Connect log-in (authorisation code flow with PKCE) for HelseID, ID-porten and others.

Configured by PASIENTFORLOP_OIDC_ISSUER, _CLIENT_ID and _CLIENT_SECRET. The provider's
``sub`` claim is matched to a person's ``oidc_subject``: people are not created on first
log-in, because access comes from memberships an administrator gives.
"""

import base64
import hashlib
import json
import secrets
import time
import urllib.parse
import urllib.request

import jwt
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from pasientforlop.accounts.models import User

SESSION_KEY = "pf_oidc"
TIMEOUT_SECONDS = 10
_discovery_cache: dict[str, tuple[float, dict]] = {}


class OidcError(Exception):
    """Log-in with the identity provider failed; the message is for the user."""


def is_configured() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID)


def _get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
        return json.load(response)


def discovery() -> dict:
    issuer = settings.OIDC_ISSUER.rstrip("/")
    cached = _discovery_cache.get(issuer)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    try:
        document = _get_json(f"{issuer}/.well-known/openid-configuration")
    except (OSError, ValueError) as error:
        raise OidcError(_("The identity provider does not answer. Try again later.")) from error
    _discovery_cache[issuer] = (time.monotonic() + 3600, document)
    return document


def _callback_url(request) -> str:
    return request.build_absolute_uri(reverse("accounts:oidc_callback"))


def start(request, next_url: str) -> str:
    """Remember state, nonce and the PKCE verifier; return the provider's log-in address."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    request.session[SESSION_KEY] = {
        "state": state,
        "nonce": nonce,
        "verifier": verifier,
        "next": next_url,
    }
    query = urllib.parse.urlencode(
        {
            "response_type": "code",
            "client_id": settings.OIDC_CLIENT_ID,
            "redirect_uri": _callback_url(request),
            "scope": settings.OIDC_SCOPES,
            "state": state,
            "nonce": nonce,
            "code_challenge": challenge.decode(),
            "code_challenge_method": "S256",
        }
    )
    return f"{discovery()['authorization_endpoint']}?{query}"


def _exchange(request, code: str, verifier: str) -> dict:
    body = urllib.parse.urlencode(
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": _callback_url(request),
            "client_id": settings.OIDC_CLIENT_ID,
            "client_secret": settings.OIDC_CLIENT_SECRET,
            "code_verifier": verifier,
        }
    ).encode()
    token_request = urllib.request.Request(
        discovery()["token_endpoint"],
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with urllib.request.urlopen(token_request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return json.load(response)
    except (OSError, ValueError) as error:
        raise OidcError(_("The identity provider refused the log-in. Try again.")) from error


def _claims(id_token: str, nonce: str) -> dict:
    config = discovery()
    try:
        key = jwt.PyJWKClient(config["jwks_uri"], timeout=TIMEOUT_SECONDS).get_signing_key_from_jwt(
            id_token
        )
        claims = jwt.decode(
            id_token,
            key.key,
            algorithms=config.get("id_token_signing_alg_values_supported", ["RS256"]),
            audience=settings.OIDC_CLIENT_ID,
            issuer=config.get("issuer", settings.OIDC_ISSUER),
        )
    except (jwt.PyJWTError, KeyError) as error:
        raise OidcError(
            _("The answer from the identity provider could not be verified.")
        ) from error
    if claims.get("nonce") != nonce:
        raise OidcError(_("The answer from the identity provider could not be verified."))
    return claims


def complete(request) -> tuple[User, str]:
    """Finish the log-in: check state, exchange the code, verify the ID token, find the person.
    Returns the person and where to go next."""
    pending = request.session.pop(SESSION_KEY, None)
    if not pending or request.GET.get("state") != pending["state"]:
        raise OidcError(_("The log-in has expired or was started elsewhere. Start again."))
    if "error" in request.GET or not request.GET.get("code"):
        raise OidcError(_("The log-in with the identity provider was cancelled."))
    tokens = _exchange(request, request.GET["code"], pending["verifier"])
    claims = _claims(tokens.get("id_token", ""), pending["nonce"])
    user = User.objects.filter(oidc_subject=claims.get("sub"), is_active=True).first()
    if user is None:
        raise OidcError(
            _(
                "You are not registered in pasientforlop. Ask your leader or a system "
                "administrator to give you access."
            )
        )
    return user, pending["next"]
