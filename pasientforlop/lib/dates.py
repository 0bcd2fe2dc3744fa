"""Dates and times in Europe/Oslo, shown as 24.11.2026."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

OSLO = ZoneInfo("Europe/Oslo")


def now_oslo() -> datetime:
    return timezone.now().astimezone(OSLO)


def today_oslo() -> date:
    return now_oslo().date()


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(OSLO).date() if value.tzinfo else value.date()
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone(OSLO) if value.tzinfo else value
    return f"{format_date(local)} {local.hour:02d}:{local.minute:02d}"
