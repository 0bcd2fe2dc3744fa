"""OpenID Connect log-in for HelseID (and ID-porten or another provider), built on Authlib.

The flow is the one HelseID requires: authorisation code with PKCE (S256), the authorisation
request pushed to the provider first (PAR, RFC 9126) and the client authenticated with a
signed JWT (``private_key_jwt``, RFC 7523) made from a key in a file. The ID token's
signature (against the provider's published keys), issuer, audience, expiry and nonce are
verified by Authlib/joserfc before anything else is read.

The provider's ``sub`` is matched to a person's ``oidc_subject``. With
``PASIENTFORLOP_OIDC_LINK_BY_HPR`` on, a person not linked yet is found by the HPR number in
HelseID's ``helseid://claims/hpr/hpr_number`` claim and linked (audited). People are never
created on first log-in: access comes from memberships an administrator gives.

See docs/decisions/0007-oidc-with-authlib.md.
"""

import json
import secrets
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from authlib.oidc.core import CodeIDToken
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    InvalidKeyIdError,
    JoseError,
    MissingClaimError,
)
from joserfc.jwk import KeySet, RSAKey
from joserfc.jws import JWSRegistry
from requests import RequestException

from pasientforlop.accounts.models import User

SESSION_KEY = "pf_oidc"
TIMEOUT_SECONDS = 10
CLAIM_HPR_NUMBER = "helseid://claims/hpr/hpr_number"
CLAIM_SECURITY_LEVEL = "helseid://claims/identity/security_level"
CLAIM_PID = "helseid://claims/identity/pid"
_discovery_cache: dict[str, tuple[float, dict]] = {}
_jwks_cache: dict[str, dict] = {}


class OidcError(Exception):
    """Log-in with the identity provider failed; the message is for the user."""


def is_configured() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID)


def _client_key():
    """The private key for ``private_key_jwt``: a JWK (JSON, as HelseID's self-service hands
    it out) or a PEM file."""
    path = settings.OIDC_PRIVATE_KEY_FILE
    if not path:
        return None
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise OidcError(
            _("The log-in with the identity provider is not set up correctly.")
        ) from error
    try:
        if text.lstrip().startswith("{"):
            return RSAKey.import_key(json.loads(text))
        return RSAKey.import_key(text)
    except (ValueError, JoseError) as error:
        raise OidcError(
            _("The log-in with the identity provider is not set up correctly.")
        ) from error


def _session(request=None, **kwargs) -> OAuth2Session:
    key = _client_key()
    redirect_uri = _callback_url(request) if request is not None else None
    if key is not None:
        session = OAuth2Session(
            settings.OIDC_CLIENT_ID,
            key,
            token_endpoint_auth_method="private_key_jwt",
            redirect_uri=redirect_uri,
            scope=settings.OIDC_SCOPES,
            code_challenge_method="S256",
            default_timeout=TIMEOUT_SECONDS,
            **kwargs,
        )
        # The assertion's audience is the issuer, as HelseID asks (RFC 7523 allows it).
        headers = {"kid": key.kid} if key.kid else None
        session.register_client_auth_method(
            PrivateKeyJWT(settings.OIDC_ISSUER.rstrip("/"), headers=headers)
        )
        return session
    return OAuth2Session(
        settings.OIDC_CLIENT_ID,
        settings.OIDC_CLIENT_SECRET or None,
        token_endpoint_auth_method="client_secret_post" if settings.OIDC_CLIENT_SECRET else "none",
        redirect_uri=redirect_uri,
        scope=settings.OIDC_SCOPES,
        code_challenge_method="S256",
        default_timeout=TIMEOUT_SECONDS,
        **kwargs,
    )


def _get_json(url: str) -> dict:
    with OAuth2Session(default_timeout=TIMEOUT_SECONDS) as session:
        response = session.get(url, withhold_token=True)
        response.raise_for_status()
        return response.json()


def discovery() -> dict:
    issuer = settings.OIDC_ISSUER.rstrip("/")
    cached = _discovery_cache.get(issuer)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    try:
        document = _get_json(f"{issuer}/.well-known/openid-configuration")
    except (RequestException, ValueError) as error:
        raise OidcError(_("The identity provider does not answer. Try again later.")) from error
    _discovery_cache[issuer] = (time.monotonic() + 3600, document)
    return document


def _callback_url(request) -> str:
    return request.build_absolute_uri(reverse("accounts:oidc_callback"))


def start(request, next_url: str) -> str:
    """Remember state, nonce and the PKCE verifier; push the request to the provider (PAR)
    when it offers it; return the provider's log-in address."""
    config = discovery()
    verifier = secrets.token_urlsafe(48)
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    request.session[SESSION_KEY] = {
        "state": state,
        "nonce": nonce,
        "verifier": verifier,
        "next": next_url,
    }
    with _session(request) as session:
        url, _state = session.create_authorization_url(
            config["authorization_endpoint"], state=state, code_verifier=verifier, nonce=nonce
        )
        par_endpoint = config.get("pushed_authorization_request_endpoint")
        if not par_endpoint or not settings.OIDC_USE_PAR:
            if config.get("require_pushed_authorization_requests"):
                raise OidcError(_("The log-in with the identity provider is not set up correctly."))
            return url
        # PAR: the same parameters go to the provider directly, authenticated; the browser
        # carries only the client id and the request_uri the provider answers with.
        params = dict(parse_qsl(urlsplit(url).query))
        try:
            response = session.post(
                par_endpoint,
                data=params,
                auth=session.client_auth(session.token_endpoint_auth_method),
                withhold_token=True,
            )
            response.raise_for_status()
            request_uri = response.json()["request_uri"]
        except (RequestException, ValueError, KeyError, AuthlibBaseError) as error:
            raise OidcError(_("The identity provider refused the log-in. Try again.")) from error
    query = urlencode({"client_id": settings.OIDC_CLIENT_ID, "request_uri": request_uri})
    return f"{config['authorization_endpoint']}?{query}"


def _exchange(request, code: str, verifier: str) -> dict:
    config = discovery()
    try:
        with _session(request) as session:
            return dict(
                session.fetch_token(
                    config["token_endpoint"],
                    grant_type="authorization_code",
                    code=code,
                    code_verifier=verifier,
                )
            )
    except (RequestException, ValueError, AuthlibBaseError) as error:
        raise OidcError(_("The identity provider refused the log-in. Try again.")) from error


def _key_set(config: dict, force: bool = False) -> KeySet:
    uri = config["jwks_uri"]
    if force or uri not in _jwks_cache:
        _jwks_cache[uri] = _get_json(uri)
    return KeySet.import_key_set(_jwks_cache[uri])


def verify_id_token(id_token: str, nonce: str, access_token: str | None = None) -> dict:
    """Check signature, issuer, audience, expiry and nonce; return the claims.
    Each failure has its own message so a person (and support) can tell what went wrong."""
    config = discovery()
    registry = JWSRegistry(
        algorithms=config.get("id_token_signing_alg_values_supported") or ["RS256"]
    )
    try:
        try:
            token = jwt.decode(id_token, _key_set(config), registry=registry)
        except InvalidKeyIdError:
            token = jwt.decode(id_token, _key_set(config, force=True), registry=registry)
        params = {"nonce": nonce, "client_id": settings.OIDC_CLIENT_ID}
        if access_token:
            params["access_token"] = access_token
        claims = CodeIDToken(
            token.claims,
            token.header,
            {
                "iss": {"essential": True, "value": config.get("issuer", settings.OIDC_ISSUER)},
                "aud": {"essential": True, "value": settings.OIDC_CLIENT_ID},
            },
            params,
        )
        claims.validate(leeway=60)
    except (BadSignatureError, InvalidKeyIdError) as error:
        raise OidcError(
            _("The signature on the answer from the identity provider is not valid.")
        ) from error
    except ExpiredTokenError as error:
        raise OidcError(
            _("The log-in has expired or was started elsewhere. Start again.")
        ) from error
    except (InvalidClaimError, MissingClaimError) as error:
        claim = getattr(error, "claim", "")
        if claim == "aud" or claim == "azp":
            message = _("The answer from the identity provider was meant for another service.")
        elif claim == "nonce":
            message = _(
                "The answer from the identity provider does not belong to this log-in. Start again."
            )
        else:
            message = _("The answer from the identity provider could not be verified.")
        raise OidcError(message) from error
    except (JoseError, ValueError, KeyError, RequestException) as error:
        raise OidcError(
            _("The answer from the identity provider could not be verified.")
        ) from error
    return dict(claims)


def _security_level(claims: dict) -> int:
    try:
        return int(claims.get(CLAIM_SECURITY_LEVEL, 0))
    except (TypeError, ValueError):
        return 0


def find_person(claims: dict) -> tuple[User | None, bool]:
    """The person for these claims, and whether they were linked by HPR number just now."""
    subject = claims.get("sub")
    user = User.objects.filter(oidc_subject=subject, is_active=True).first()
    if user is not None or not settings.OIDC_LINK_BY_HPR:
        return user, False
    hpr = str(claims.get(CLAIM_HPR_NUMBER) or "").strip()
    if not hpr.isdigit():
        return None, False
    candidates = list(
        User.objects.filter(hpr_number=hpr, is_active=True).filter(
            Q(oidc_subject__isnull=True) | Q(oidc_subject="")
        )[:2]
    )
    if len(candidates) != 1:
        return None, False
    user = candidates[0]
    user.oidc_subject = subject
    user.save(update_fields=["oidc_subject"])
    return user, True


def complete(request) -> tuple[User, str, dict]:
    """Finish the log-in: check state, exchange the code, verify the ID token, find the person.
    Returns the person, where to go next and facts for the audit."""
    pending = request.session.pop(SESSION_KEY, None)
    if not pending or request.GET.get("state") != pending["state"]:
        raise OidcError(_("The log-in has expired or was started elsewhere. Start again."))
    if "error" in request.GET or not request.GET.get("code"):
        raise OidcError(_("The log-in with the identity provider was cancelled."))
    tokens = _exchange(request, request.GET["code"], pending["verifier"])
    if not tokens.get("id_token"):
        raise OidcError(_("The answer from the identity provider could not be verified."))
    claims = verify_id_token(tokens["id_token"], pending["nonce"], tokens.get("access_token"))
    minimum = settings.OIDC_MIN_SECURITY_LEVEL
    if minimum and _security_level(claims) < minimum:
        raise OidcError(
            _("Log in with a higher security level (for example BankID) to use pasientforlop.")
        )
    user, linked = find_person(claims)
    if user is None:
        raise OidcError(
            _(
                "You are not registered in pasientforlop. Ask your leader or a system "
                "administrator to give you access."
            )
        )
    facts = {
        "linked_by_hpr": linked,
        "security_level": _security_level(claims),
        "hpr_number": str(claims.get(CLAIM_HPR_NUMBER) or ""),
    }
    return user, pending["next"], facts
