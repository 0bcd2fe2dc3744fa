"""Absolute links for messages read outside the browser (e-mail reminders)."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` on the address people reach the product at (``PASIENTFORLOP_BASE_URL``)."""
    return settings.BASE_URL.rstrip("/") + "/" + path.lstrip("/")
