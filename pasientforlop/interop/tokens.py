"""Creating, checking and revoking personal API tokens.

A token reads ``pf_<prefix>_<secret>``: the prefix (8 hex digits) finds the row, the secret
(43 URL-safe characters, 256 bits) is checked against its SHA-256 hash in constant time. A
plain hash is enough for a random 256-bit secret (no password stretching needed), and lets
every API call be checked quickly.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from pasientforlop.interop.models import ApiToken, Scope

MAX_DAYS = 365
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    plain: str  # shown once, never stored


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(user, name: str, scopes, days: int, now=None) -> NewToken:
    now = now or timezone.now()
    wanted = sorted({str(Scope(scope)) for scope in scopes})
    while True:
        prefix = secrets.token_hex(4)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        scopes=wanted,
        prefix=prefix,
        secret_hash=_hash(secret),
        expires_at=now + timedelta(days=max(1, min(days, MAX_DAYS))),
    )
    return NewToken(token, f"pf_{prefix}_{secret}")


def check_token(plain: str, now=None) -> ApiToken | None:
    """The active token for ``plain`` (its user loaded), or None."""
    now = now or timezone.now()
    parts = plain.split("_", 2)
    if len(parts) != 3 or parts[0] != "pf" or len(parts[1]) != 8:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(parts[2])):
        return None
    if not token.is_active(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def revoke(user, pk, now=None) -> ApiToken | None:
    """Revoke the user's own token ``pk`` (None when it is not theirs)."""
    now = now or timezone.now()
    token = ApiToken.objects.filter(pk=pk, user=user).first()
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    token.refresh_from_db()
    return token


def tokens_of(user):
    return ApiToken.objects.filter(user=user)


def active_tokens_of(user, now=None):
    now = now or timezone.now()
    return tokens_of(user).filter(Q(revoked_at__isnull=True) & Q(expires_at__gt=now))
