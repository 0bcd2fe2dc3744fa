"""The conversation wheel as SVG (pure, no Django).

The wheel is divided into one equal sector per life area the user chose. Areas the user
wants help with are hatched (readable in black and white) and carry their priority number
in a dark circle; the others are plain. ``<title>`` and ``<desc>`` give the same content as
text for screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from pasientforlop.whatmatters.svg import shorten, svg_open, text

SIZE = 520
CENTRE = SIZE / 2
RADIUS = 200
LABEL_RADIUS = 125
BADGE_RADIUS = 178
INK = "#1e2b3c"


@dataclass(frozen=True, slots=True)
class WheelArea:
    name: str
    wants_help: bool = False
    priority: int | None = None
    own_words: bool = False


def ordered(areas: Sequence[WheelArea]) -> list[WheelArea]:
    """Prioritised areas first (1, 2, …), then the rest in the order given."""
    ranked = sorted((a for a in areas if a.priority is not None), key=lambda a: a.priority)
    return ranked + [a for a in areas if a.priority is None]


def _point(angle: float, radius: float) -> tuple[float, float]:
    return CENTRE + radius * math.sin(angle), CENTRE - radius * math.cos(angle)


def _sector(start: float, end: float) -> str:
    x1, y1 = _point(start, RADIUS)
    x2, y2 = _point(end, RADIUS)
    large = 1 if end - start > math.pi else 0
    return (
        f"M{CENTRE:.1f},{CENTRE:.1f} L{x1:.1f},{y1:.1f} "
        f"A{RADIUS},{RADIUS} 0 {large} 1 {x2:.1f},{y2:.1f} Z"
    )


def describe(areas: Sequence[WheelArea], help_label: str, priority_label: str) -> str:
    parts = []
    for area in ordered(areas):
        extra = []
        if area.priority is not None:
            extra.append(f"{priority_label} {area.priority}")
        if area.wants_help:
            extra.append(help_label)
        parts.append(area.name + (f" ({', '.join(extra)})" if extra else ""))
    return "; ".join(parts) + "." if parts else ""


def render_wheel(
    areas: Sequence[WheelArea],
    *,
    title: str = "Samtalehjul",
    empty_label: str = "Ingen livsområder valgt ennå.",
    help_label: str = "ønsker hjelp",
    priority_label: str = "prioritet",
    id_prefix: str = "wheel",
    numbered: bool = False,
) -> str:
    """The wheel as an inline SVG string. ``numbered``: each sector carries the number of its
    area in ``ordered(areas)`` instead of its name, for a document that lists the areas
    under the wheel (long names never clip or overlap; the list gives the priorities)."""
    items = list(areas)
    numbers = {id(area): n for n, area in enumerate(ordered(items), start=1)}
    desc = describe(items, help_label, priority_label) or empty_label
    out = svg_open(id_prefix, SIZE, SIZE, title, desc)
    out.append(
        f'<defs><pattern id="{id_prefix}-hatch" width="10" height="10" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="10" height="10" fill="#e8eef7"/>'
        '<line x1="0" y1="0" x2="0" y2="10" stroke="#4a5a70" stroke-width="2"/>'
        "</pattern></defs>"
    )
    if not items:
        out.append(
            f'<circle cx="{CENTRE}" cy="{CENTRE}" r="{RADIUS}" fill="#fff" stroke="{INK}" '
            'stroke-width="2"/>'
            f'<text x="{CENTRE}" y="{CENTRE}" text-anchor="middle" font-size="16" '
            f'fill="#000">{text(empty_label)}</text></svg>'
        )
        return "".join(out)
    step = 2 * math.pi / len(items)
    for index, area in enumerate(items):
        fill = f"url(#{id_prefix}-hatch)" if area.wants_help else "#fff"
        if len(items) == 1:
            shape = f'<circle cx="{CENTRE}" cy="{CENTRE}" r="{RADIUS}"'
        else:
            shape = f'<path d="{_sector(index * step, (index + 1) * step)}"'
        out.append(f'{shape} fill="{fill}" stroke="{INK}" stroke-width="2"/>')
    out.append(
        f'<circle cx="{CENTRE}" cy="{CENTRE}" r="34" fill="#fff" stroke="{INK}" stroke-width="2"/>'
    )
    for index, area in enumerate(items):
        middle = (index + 0.5) * step
        x, y = _point(middle, LABEL_RADIUS if len(items) > 1 else 90)
        if numbered:
            out.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="17" fill="#fff" stroke="{INK}" '
                f'stroke-width="2"/><text x="{x:.1f}" y="{y + 6:.1f}" text-anchor="middle" '
                f'font-size="17" font-weight="700" fill="#000">{numbers[id(area)]}</text>'
            )
            continue
        label = shorten(area.name, 18)
        half = len(label) * 4.6 + 6
        out.append(
            f'<rect x="{x - half:.1f}" y="{y - 12:.1f}" width="{2 * half:.1f}" height="24" '
            f'rx="4" fill="#fff" stroke="{INK}" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" dominant-baseline="central" '
            f'font-size="15" font-weight="600" fill="#000">{text(label)}</text>'
        )
        if area.priority is not None:
            bx, by = _point(middle, BADGE_RADIUS)
            out.append(
                f'<circle cx="{bx:.1f}" cy="{by:.1f}" r="15" fill="{INK}"/>'
                f'<text x="{bx:.1f}" y="{by:.1f}" text-anchor="middle" '
                f'dominant-baseline="central" font-size="15" font-weight="700" '
                f'fill="#fff">{area.priority}</text>'
            )
    out.append("</svg>")
    return "".join(out)
