"""SVG charts for the networks pages, readable in black and white. Pure: no Django.

- ``time_split``: minutes per kind of programme item for each gathering, as stacked
  horizontal bars (seed 001, figure 2). Each kind has its own fill pattern (solid, hatched,
  dotted), so the chart reads without colour; every segment is labelled in hours, in dark
  text on a white label box so the label reads on every pattern.
- ``timeline``: networks as bars over the years (the national view).
The caller passes every text already translated; everything is escaped here.
"""

from dataclasses import dataclass
from datetime import date
from html import escape

PATTERNS = (
    ("solid", '<rect width="8" height="8" fill="#1f1f1f"/>'),
    (
        "hatch",
        '<rect width="8" height="8" fill="#ffffff"/>'
        '<path d="M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6" stroke="#1f1f1f" stroke-width="2"/>',
    ),
    (
        "dots",
        '<rect width="8" height="8" fill="#ffffff"/><circle cx="4" cy="4" r="1.6" fill="#1f1f1f"/>',
    ),
    (
        "cross",
        '<rect width="8" height="8" fill="#ffffff"/>'
        '<path d="M0,4 L8,4 M4,0 L4,8" stroke="#1f1f1f" stroke-width="1.2"/>',
    ),
)


def hours(minutes: int) -> str:
    """Minutes as hours with a comma, e.g. 195 -> ``3,25 t``; whole hours without decimals."""
    value = minutes / 60
    text = f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} t"


def _defs(prefix: str) -> str:
    return (
        "<defs>"
        + "".join(
            f'<pattern id="{prefix}-{name}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f"{body}</pattern>"
            for name, body in PATTERNS
        )
        + "</defs>"
    )


@dataclass(frozen=True)
class Row:
    label: str
    minutes: tuple[int, ...]  # one per kind, in the order of the kinds


def time_split(
    rows: list[Row], kinds: list[str], *, title: str, description: str, prefix: str = "ts"
) -> str:
    """Stacked bars: one row per gathering, one segment per kind."""
    width, left, right, bar, gap, top = 720, 130, 20, 28, 16, 40
    legend_height = 24 * len(kinds) + 10
    height = top + len(rows) * (bar + gap) + 30 + legend_height
    longest = max((sum(row.minutes) for row in rows), default=0) or 60
    scale = (width - left - right) / longest
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="pf-timesplit" '
        f'aria-labelledby="{prefix}-title {prefix}-desc">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{escape(description)}</desc>',
        _defs(prefix),
        '<g font-family="sans-serif" font-size="13" fill="#1f1f1f">',
    ]
    for index, row in enumerate(rows):
        y = top + index * (bar + gap)
        parts.append(
            f'<text x="{left - 8}" y="{y + bar / 2 + 4:.1f}" text-anchor="end">'
            f"{escape(row.label)}</text>"
        )
        x = float(left)
        for kind_index, minutes in enumerate(row.minutes):
            if minutes <= 0:
                continue
            w = minutes * scale
            pattern = PATTERNS[kind_index % len(PATTERNS)][0]
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" '
                f'fill="url(#{prefix}-{pattern})" stroke="#1f1f1f"/>'
            )
            if w > 44:
                # Dark text on a white label box, readable on every pattern and in print.
                label = hours(minutes)
                box = 7.5 * len(label) + 8
                parts.append(
                    f'<rect x="{x + w / 2 - box / 2:.1f}" y="{y + bar / 2 - 9:.1f}" '
                    f'width="{box:.1f}" height="18" rx="3" fill="#ffffff" stroke="#1f1f1f" '
                    'stroke-width="0.75" class="ts-label"/>'
                    f'<text x="{x + w / 2:.1f}" y="{y + bar / 2 + 4:.1f}" text-anchor="middle" '
                    f'fill="#1f1f1f">{escape(label)}</text>'
                )
            x += w
    y = top + len(rows) * (bar + gap) + 10
    for kind_index, label in enumerate(kinds):
        pattern = PATTERNS[kind_index % len(PATTERNS)][0]
        parts.append(
            f'<rect x="{left}" y="{y}" width="18" height="18" fill="url(#{prefix}-{pattern})" '
            f'stroke="#1f1f1f"/><text x="{left + 26}" y="{y + 14}">{escape(label)}</text>'
        )
        y += 24
    parts.append("</g></svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Span:
    label: str
    starts_on: date
    ends_on: date
    marks: tuple[date, ...] = ()  # gatherings, drawn as ticks


def timeline(spans: list[Span], *, title: str, description: str, prefix: str = "tl") -> str:
    """One bar per network from its first to its last date, gatherings as ticks, years on top."""
    width, left, right, bar, gap, top = 900, 230, 20, 16, 10, 40
    height = top + len(spans) * (bar + gap) + 20
    if spans:
        first = min(s.starts_on for s in spans).year
        last = max(s.ends_on for s in spans).year + 1
    else:
        first, last = 2014, 2015
    total = (date(last, 1, 1) - date(first, 1, 1)).days or 1
    scale = (width - left - right) / total

    def x_of(day: date) -> float:
        return left + (day - date(first, 1, 1)).days * scale

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="pf-timeline" '
        f'aria-labelledby="{prefix}-title {prefix}-desc">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{escape(description)}</desc>',
        '<g font-family="sans-serif" font-size="12" fill="#1f1f1f">',
    ]
    for year in range(first, last + 1):
        x = x_of(date(year, 1, 1))
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 14}" x2="{x:.1f}" y2="{height - 10}" '
            f'stroke="#767676" stroke-dasharray="2 3"/>'
        )
        if year < last:
            parts.append(f'<text x="{x + 4:.1f}" y="{top - 18}">{year}</text>')
    for index, span in enumerate(spans):
        y = top + index * (bar + gap)
        x1, x2 = x_of(span.starts_on), x_of(span.ends_on)
        parts.append(
            f'<text x="{left - 8}" y="{y + bar - 3}" text-anchor="end">{escape(span.label)}</text>'
            f'<rect x="{x1:.1f}" y="{y}" width="{max(x2 - x1, 2):.1f}" height="{bar}" '
            f'fill="#d9d9d9" stroke="#1f1f1f"/>'
        )
        for mark in span.marks:
            xm = x_of(mark)
            parts.append(
                f'<line x1="{xm:.1f}" y1="{y - 2}" x2="{xm:.1f}" y2="{y + bar + 2}" '
                f'stroke="#1f1f1f" stroke-width="3"/>'
            )
    parts.append("</g></svg>")
    return "".join(parts)
