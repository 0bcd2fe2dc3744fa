"""Slow down password guessing: count failed log-ins per user name and per address."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from pasientforlop.accounts.models import LoginFailure


def _window_start():
    return timezone.now() - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def is_throttled(username: str, address: str | None) -> bool:
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    if recent.filter(username__iexact=username).count() >= settings.LOGIN_FAILURES_PER_USER:
        return True
    if address and recent.filter(address=address).count() >= settings.LOGIN_FAILURES_PER_ADDRESS:
        return True
    return False


def record_failure(username: str, address: str | None) -> None:
    LoginFailure.objects.create(username=username[:150], address=address)


def forget_failures(username: str) -> None:
    LoginFailure.objects.filter(username__iexact=username).delete()
