"""Two-factor authentication with an authenticator app (TOTP): set-up, check, requirement.

A code is accepted once: the time step it belongs to is remembered, so a code seen over a
shoulder cannot be replayed. One step of clock drift either way is allowed.
"""

import time

import pyotp
import segno
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from pasientforlop.accounts.models import TwoFactorDevice
from pasientforlop.lib import access

ISSUER = "pasientforlop"
STEP_SECONDS = 30


def has_two_factor(user) -> bool:
    return TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def must_set_up(user) -> bool:
    """True when the setting requires two-factor for this user's roles and it is missing."""
    if not settings.REQUIRE_TWO_FACTOR_FOR_PATIENT_DATA or not user.is_authenticated:
        return False
    patient_roles = access.CLINICAL_ROLES | access.HOSPITAL_ROLES
    return access.has_any_role(user, patient_roles) and not has_two_factor(user)


def pending_device(user) -> TwoFactorDevice:
    """The unconfirmed device being set up (a new secret unless one is waiting)."""
    device, _created = TwoFactorDevice.objects.get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()}
    )
    return device


def provisioning_uri(device: TwoFactorDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.username, issuer_name=ISSUER)


def qr_svg(device: TwoFactorDevice) -> str:
    """The set-up QR code as an inline SVG (no external image, nothing leaves the server)."""
    return segno.make(provisioning_uri(device), error="m").svg_inline(
        scale=5, title="QR", dark="#000", light="#fff"
    )


def _matching_step(device: TwoFactorDevice, code: str, now: float) -> int | None:
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(device.secret)
    current = int(now // STEP_SECONDS)
    for step in (current - 1, current, current + 1):
        if totp.at(step * STEP_SECONDS) == code:
            return step
    return None


def verify(device: TwoFactorDevice, code: str, now: float | None = None) -> bool:
    """Accept ``code`` once; refuse it when it is wrong or its time step was used already."""
    step = _matching_step(device, code, time.time() if now is None else now)
    if step is None or step <= device.last_used_step:
        return False
    # Race-safe: only one request can move last_used_step past this step.
    used = TwoFactorDevice.objects.filter(pk=device.pk, last_used_step__lt=step).update(
        last_used_step=step
    )
    if not used:
        return False
    if device.confirmed_at is None:
        TwoFactorDevice.objects.filter(pk=device.pk).update(
            confirmed_at=timezone.now(), last_used_step=F("last_used_step")
        )
    return True
