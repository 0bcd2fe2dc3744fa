"""Small multiples: one small run chart per team on one shared y-axis and time range, so the
teams' results can be compared at a glance. Pure: no Django.

Each chart shows the team's points joined by a line, its median as a dashed line and the
network's target as a dotted line; periods left out (small counts) are gaps. The caller
passes every text already translated; everything is escaped here.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from statistics import median

WIDTH, HEIGHT = 320, 190
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 30, 34


@dataclass(frozen=True)
class Panel:
    label: str  # the team
    values: tuple[float | None, ...]  # one per period of the shared range; None = not shown


def number(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")


def y_range(panels: list[Panel], target: float | None, percent: bool) -> tuple[float, float]:
    """The shared y-axis: 0–100 for percentages, else 0 to the largest value (or target)."""
    if percent:
        return 0.0, 100.0
    values = [v for p in panels for v in p.values if v is not None]
    if target is not None:
        values.append(target)
    top = max(values, default=1.0) or 1.0
    return 0.0, top * 1.1


def panel_svg(
    panel: Panel,
    periods: list[str],
    y_min: float,
    y_max: float,
    *,
    target: float | None,
    prefix: str,
    description: str,
    unit: str = "",
) -> str:
    n = max(len(periods), 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(i: int) -> float:
        return LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def py(v: float) -> float:
        return TOP + plot_h * (1 - (v - y_min) / ((y_max - y_min) or 1))

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" class="ln-multiple" '
        f'aria-labelledby="{prefix}-t {prefix}-d">',
        f'<title id="{prefix}-t">{escape(panel.label)}</title>',
        f'<desc id="{prefix}-d">{escape(description)}</desc>',
        '<g font-family="sans-serif" font-size="11" fill="#1f1f1f">',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="18" font-size="13" font-weight="bold">{escape(panel.label)}</text>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" '
        'stroke="#1f1f1f"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#1f1f1f"/>',
    ]
    for tick in (y_min, (y_min + y_max) / 2, y_max):
        y = py(tick)
        out.append(
            f'<line x1="{LEFT - 4}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" '
            'stroke="#d0d0d0" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(number(tick) + unit)}</text>"
        )
    if periods:
        out.append(
            f'<text x="{LEFT}" y="{HEIGHT - 12}">{escape(periods[0])}</text>'
            f'<text x="{LEFT + plot_w}" y="{HEIGHT - 12}" text-anchor="end">'
            f"{escape(periods[-1])}</text>"
        )
    if target is not None and y_min <= target <= y_max:
        y = py(target)
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" stroke="#1f1f1f" '
            'stroke-width="1.5" stroke-dasharray="1 3" class="maal"/>'
        )
    shown = [v for v in panel.values if v is not None]
    if shown:
        y = py(median(shown))
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" stroke="#1f1f1f" '
            'stroke-width="1" stroke-dasharray="6 4" class="median"/>'
        )
    run: list[str] = []
    segments: list[list[str]] = []
    for i, value in enumerate(panel.values):
        if value is None:
            if run:
                segments.append(run)
            run = []
            continue
        run.append(f"{px(i):.1f},{py(value):.1f}")
    if run:
        segments.append(run)
    for segment in segments:
        out.append(
            f'<polyline points="{" ".join(segment)}" fill="none" stroke="#1f1f1f" '
            'stroke-width="1.5"/>'
        )
    for i, value in enumerate(panel.values):
        if value is not None:
            out.append(f'<circle cx="{px(i):.1f}" cy="{py(value):.1f}" r="2.5" fill="#1f1f1f"/>')
    out.append("</g></svg>")
    return "".join(out)
