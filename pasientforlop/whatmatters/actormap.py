"""The actor map as SVG (pure, no Django): influence across, importance up.

Used for the actors around a user of services and, later, for the stakeholders of an
improvement project. Each actor is a numbered circle at its values (the middle of its cell of
a 5 × 5 grid) with its (shortened) name beside it; actors sharing a cell are stacked. The four quadrants are named
so the map reads in black and white; ``<desc>`` lists every actor in words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from pasientforlop.whatmatters.svg import shorten, svg_open, text

SCALE_MIN, SCALE_MAX = 1, 5
WIDTH, HEIGHT = 640, 590
LEFT, TOP, CELL = 80, 30, 100
DOT_SPACING = 22


@dataclass(frozen=True, slots=True)
class MapActor:
    name: str
    importance: int
    influence: int
    kind: str = ""
    relation: str = ""


@dataclass(frozen=True, slots=True)
class MapLabels:
    title: str = "Aktørkartlegging"
    importance: str = "Betydning for brukeren"
    influence: str = "Innflytelse"
    low: str = "lav"
    high: str = "høy"
    quadrants: tuple[str, str, str, str] = (
        "Viktig, lite innflytelse",
        "Viktig, mye innflytelse",
        "Mindre viktig, lite innflytelse",
        "Mindre viktig, mye innflytelse",
    )
    empty: str = "Ingen aktører registrert ennå."
    describe: str = "{number}. {name}{kind}: betydning {importance}, innflytelse {influence}"


def _clamp(value: int) -> int:
    return max(SCALE_MIN, min(SCALE_MAX, int(value)))


def _x(influence: int) -> float:
    return LEFT + (_clamp(influence) - SCALE_MIN) * CELL


def _y(importance: int) -> float:
    return TOP + (SCALE_MAX - _clamp(importance)) * CELL


def dot_position(actor: MapActor, slot: int = 0, sharing: int = 1) -> tuple[float, float]:
    """The centre of an actor's dot: at its values (the middle of the cell the axis numbers
    label). Actors sharing a cell are stacked around that middle, at most four rows."""
    rows = min(sharing, 4)
    offset = (slot % 4 - (rows - 1) / 2) * DOT_SPACING
    return _x(actor.influence) + CELL / 2, _y(actor.importance) + CELL / 2 + offset


def describe(actors: Sequence[MapActor], labels: MapLabels) -> str:
    if not actors:
        return labels.empty
    return "; ".join(
        labels.describe.format(
            number=number,
            name=actor.name,
            kind=f" ({actor.kind})" if actor.kind else "",
            importance=actor.importance,
            influence=actor.influence,
        )
        for number, actor in enumerate(actors, start=1)
    )


def render_actor_map(
    actors: Sequence[MapActor], labels: MapLabels | None = None, id_prefix: str = "actormap"
) -> str:
    """The map as an inline SVG string; actors are numbered in the order given."""
    labels = labels or MapLabels()
    size = CELL * (SCALE_MAX - SCALE_MIN + 1)
    out = svg_open(id_prefix, WIDTH, HEIGHT, labels.title, describe(actors, labels))
    out.append(
        f'<rect x="{LEFT}" y="{TOP}" width="{size}" height="{size}" fill="#fff" '
        'stroke="#1e2b3c" stroke-width="2"/>'
    )
    half = size / 2
    out.append(f'<rect x="{LEFT + half}" y="{TOP}" width="{half}" height="{half}" fill="#eef2f7"/>')
    for i in range(1, SCALE_MAX - SCALE_MIN + 1):
        out.append(
            f'<line x1="{LEFT + i * CELL}" y1="{TOP}" x2="{LEFT + i * CELL}" '
            f'y2="{TOP + size}" stroke="#c3cad4" stroke-width="1"/>'
        )
        out.append(
            f'<line x1="{LEFT}" y1="{TOP + i * CELL}" x2="{LEFT + size}" '
            f'y2="{TOP + i * CELL}" stroke="#c3cad4" stroke-width="1"/>'
        )
    out.append(
        f'<line x1="{LEFT + half}" y1="{TOP}" x2="{LEFT + half}" y2="{TOP + size}" '
        'stroke="#1e2b3c" stroke-width="2" stroke-dasharray="6 4"/>'
    )
    out.append(
        f'<line x1="{LEFT}" y1="{TOP + half}" x2="{LEFT + size}" y2="{TOP + half}" '
        'stroke="#1e2b3c" stroke-width="2" stroke-dasharray="6 4"/>'
    )
    corners = (
        (LEFT + 6, TOP + 18),
        (LEFT + half + 6, TOP + 18),
        (LEFT + 6, TOP + size - 8),
        (LEFT + half + 6, TOP + size - 8),
    )
    for (qx, qy), name in zip(corners, labels.quadrants, strict=True):
        out.append(
            f'<text x="{qx}" y="{qy}" font-size="12" font-style="italic" '
            f'fill="#3d4a5c">{text(name)}</text>'
        )
    for value in range(SCALE_MIN, SCALE_MAX + 1):
        cx = _x(value) + CELL / 2
        cy = _y(value) + CELL / 2
        out.append(
            f'<text x="{cx}" y="{TOP + size + 18}" text-anchor="middle" '
            f'font-size="13" fill="#000">{value}</text>'
        )
        out.append(
            f'<text x="{LEFT - 10}" y="{cy + 4}" text-anchor="end" font-size="13" '
            f'fill="#000">{value}</text>'
        )
    out.append(
        f'<text x="{LEFT + half}" y="{TOP + size + 42}" text-anchor="middle" '
        f'font-size="14" font-weight="600" fill="#000">{text(labels.influence)} '
        f"({text(labels.low)} → {text(labels.high)})</text>"
    )
    ly = TOP + half
    out.append(
        f'<text x="20" y="{ly}" text-anchor="middle" font-size="14" font-weight="600" '
        f'fill="#000" transform="rotate(-90 20 {ly})">{text(labels.importance)} '
        f"({text(labels.low)} → {text(labels.high)})</text>"
    )
    sharing: dict[tuple[int, int], int] = defaultdict(int)
    for actor in actors:
        sharing[(_clamp(actor.influence), _clamp(actor.importance))] += 1
    cells: dict[tuple[int, int], int] = defaultdict(int)
    for number, actor in enumerate(actors, start=1):
        key = (_clamp(actor.influence), _clamp(actor.importance))
        slot = cells[key]
        cells[key] += 1
        cx, cy = dot_position(actor, slot, sharing[key])
        out.append(
            f'<circle cx="{cx}" cy="{cy}" r="10" fill="#1e2b3c"/>'
            f'<text x="{cx}" y="{cy}" text-anchor="middle" dominant-baseline="central" '
            f'font-size="11" font-weight="700" fill="#fff">{number}</text>'
            f'<text x="{cx + 14}" y="{cy + 4}" font-size="12" '
            f'fill="#000">{text(shorten(actor.name, 10))}</text>'
        )
    out.append("</svg>")
    return "".join(out)
