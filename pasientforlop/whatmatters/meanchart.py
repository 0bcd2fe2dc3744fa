"""A small line chart of the form's means over the conversations (pure, no Django)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from pasientforlop.whatmatters.scoring import format_number
from pasientforlop.whatmatters.svg import svg_open, text

WIDTH, HEIGHT = 480, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 56, 24, 48


@dataclass(frozen=True, slots=True)
class MeanPoint:
    label: str  # e.g. "1. samtale"
    date_label: str  # e.g. "03.02.2026"
    mean: Fraction | None


def render_mean_chart(
    points: Sequence[MeanPoint],
    scale_min: int,
    scale_max: int,
    *,
    title: str = "Gjennomsnitt per samtale",
    axis_label: str = "Gjennomsnitt",
    id_prefix: str = "meanchart",
) -> str:
    desc = "; ".join(f"{p.label} ({p.date_label}): {format_number(p.mean)}" for p in points)
    out = svg_open(id_prefix, WIDTH, HEIGHT, title, desc or title)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span = scale_max - scale_min

    def y(value: Fraction | int) -> float:
        return TOP + plot_h - float(Fraction(value) - scale_min) / span * plot_h

    for tick in range(scale_min, scale_max + 1):
        out.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(tick):.1f}" '
            f'y2="{y(tick):.1f}" stroke="#d5dbe3"/>'
        )
        out.append(
            f'<text x="{LEFT - 8}" y="{y(tick) + 4:.1f}" text-anchor="end" '
            f'font-size="12" fill="#000">{tick}</text>'
        )
    out.append(
        f'<text x="12" y="{TOP + plot_h / 2}" font-size="12" fill="#000" '
        f'text-anchor="middle" transform="rotate(-90 12 {TOP + plot_h / 2})">'
        f"{text(axis_label)}</text>"
    )
    count = len(points)
    step = plot_w / max(count - 1, 1)
    coords = []
    for index, point in enumerate(points):
        x = LEFT + (index * step if count > 1 else plot_w / 2)
        out.append(
            f'<text x="{x:.1f}" y="{HEIGHT - 28}" text-anchor="middle" font-size="12" '
            f'fill="#000">{text(point.label)}</text>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{HEIGHT - 12}" text-anchor="middle" font-size="11" '
            f'fill="#3d4a5c">{text(point.date_label)}</text>'
        )
        if point.mean is not None:
            coords.append((x, y(point.mean), point.mean))
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{py:.1f}" for x, py, _ in coords)
        out.append(f'<polyline points="{path}" fill="none" stroke="#1e2b3c" stroke-width="2"/>')
    for x, py, value in coords:
        out.append(
            f'<rect x="{x - 5:.1f}" y="{py - 5:.1f}" width="10" height="10" fill="#1e2b3c"/>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{py - 10:.1f}" text-anchor="middle" font-size="13" '
            f'font-weight="700" fill="#000">{format_number(value)}</text>'
        )
    out.append("</svg>")
    return "".join(out)
