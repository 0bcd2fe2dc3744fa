"""Axis ticks and Norwegian number formatting for the renderer."""

import math


def nice_ticks(low: float, high: float, count: int = 6) -> list[float]:
    """Round tick values covering [low, high] with about ``count`` steps."""
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 12))
        value += step
    return ticks or [low, high]


def format_number(value: float, significant: int = 3) -> str:
    """A short label with decimal comma: 12,3 / 0,0456 / 1 234."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    decimals = max(0, significant - 1 - math.floor(math.log10(abs(value))))
    text = f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


MONTHS_NB = (
    "jan.",
    "feb.",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "aug.",
    "sep.",
    "okt.",
    "nov.",
    "des.",
)


def _iso_date(value: object) -> tuple[int, int, int] | None:
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return int(text[:4]), int(text[5:7]), int(text[8:])
        except ValueError:
            return None
    return None


def x_labels(values: list[object]) -> list[str]:
    """Axis labels in Norwegian style: 'jan. 2026' for monthly data, '24.11.2026' for dates."""
    dates = [_iso_date(v) for v in values]
    if not values or any(d is None for d in dates):
        return [str(v) for v in values]
    if all(day == 1 for _, _, day in dates):
        return [f"{MONTHS_NB[month - 1]} {year}" for year, month, _ in dates]
    return [f"{day:02d}.{month:02d}.{year}" for year, month, day in dates]
