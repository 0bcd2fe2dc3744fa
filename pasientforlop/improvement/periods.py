"""Measurement periods (pure, no Django): a month is stored as its first day, a week as its
Monday (ISO weeks, as Norwegian calendars count them)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

MONTH = "month"
WEEK = "week"

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-01)?$")
_WEEK = re.compile(r"^(\d{4})-?[Ww](\d{1,2})$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def start_of(day: date, period: str) -> date:
    """The period that ``day`` falls in."""
    if period == WEEK:
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def following(start: date, period: str) -> date:
    if period == WEEK:
        return start + timedelta(days=7)
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def label(start: date, period: str) -> str:
    if period == WEEK:
        year, week, _weekday = start.isocalendar()
        return f"{year}-U{week:02d}"
    return f"{start.year:04d}-{start.month:02d}"


def parse(text, period: str) -> date | None:
    """A period from ``2026-03`` (month), ``2026-W05``/``2026-U05`` (week) or a date in the
    period (``2026-03-01``; for weeks, any day of the week). None when unreadable or when a
    date is not where that kind of period starts."""
    if isinstance(text, datetime):
        text = text.date()
    if isinstance(text, date):
        return text if start_of(text, period) == text else None
    text = str(text or "").strip().replace("U", "W").replace("u", "W")
    if period == WEEK:
        match = _WEEK.match(text)
        if match:
            try:
                return date.fromisocalendar(int(match[1]), int(match[2]), 1)
            except ValueError:
                return None
    else:
        match = _MONTH.match(text)
        if match:
            try:
                return date(int(match[1]), int(match[2]), 1)
            except ValueError:
                return None
    match = _DATE.match(text)
    if match:
        try:
            day = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
        return day if start_of(day, period) == day else None
    return None


def is_future(start: date, period: str, today: date) -> bool:
    """A period that has not begun yet (the current period may be entered)."""
    return start > start_of(today, period)
