"""Result types of the SPC engine and their JSON form."""

import math
from dataclasses import dataclass
from functools import cached_property

RULE_LONGEST_RUN = "anhoej_longest_run"
RULE_CROSSINGS = "anhoej_crossings"
RULE_SHEWHART = "shewhart_3sigma"


def _json_number(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


@dataclass(frozen=True)
class ChartPoint:
    index: int  # 1-based point number (as freeze/part/exclude count)
    x: object  # int/float, ISO date string or category text
    y: float | None  # plotted value (after multiply); None where missing
    cl: float | None
    ucl: float | None
    lcl: float | None
    part: int
    baseline: bool  # up to and including freeze
    included: bool  # False when excluded from the calculations
    sigma_signal: bool  # strictly outside the 3-sigma limits
    n: float | None  # summed denominator of the subgroup
    note: str | None

    def to_dict(self) -> dict:
        return {
            "x": self.x,
            "y": _json_number(self.y),
            "cl": _json_number(self.cl),
            "ucl": _json_number(self.ucl),
            "lcl": _json_number(self.lcl),
            "part": self.part,
            "sigma_signal": self.sigma_signal,
        }


@dataclass(frozen=True)
class PartSummary:
    part: int
    n_obs: int
    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    n_crossings: int | None
    n_crossings_min: int | None
    runs_signal: bool

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class PointColumns:
    """The points of a chart as parallel tuples, one item per point (see :class:`ChartPoint`).

    Both engine paths fill these; the point objects are built only when asked for.
    """

    x: tuple
    y: tuple[float | None, ...]
    cl: tuple[float | None, ...]
    ucl: tuple[float | None, ...]
    lcl: tuple[float | None, ...]
    part: tuple[int, ...]
    baseline: tuple[bool, ...]
    included: tuple[bool, ...]
    sigma_signal: tuple[bool, ...]
    n: tuple[float | None, ...]
    note: tuple[str | None, ...]

    def __len__(self) -> int:
        return len(self.x)


@dataclass(frozen=True)
class ChartResult:
    chart: str
    x_kind: str  # "number", "date" or "category"
    columns: PointColumns
    parts: tuple[PartSummary, ...]
    rules: tuple[str, ...]  # the signal rules that were applied
    freeze: int | None
    multiply: float
    target: float | None

    @cached_property
    def points(self) -> tuple[ChartPoint, ...]:
        c = self.columns
        rows = zip(
            c.x, c.y, c.cl, c.ucl, c.lcl, c.part, c.baseline, c.included, c.sigma_signal, c.n,
            c.note, strict=True,
        )  # fmt: skip
        return tuple(ChartPoint(index, *row) for index, row in enumerate(rows, start=1))

    @property
    def runs_signal(self) -> bool:
        return any(part.runs_signal for part in self.parts)

    @property
    def sigma_signals(self) -> tuple[ChartPoint, ...]:
        return tuple(point for point in self.points if point.sigma_signal)

    def to_dict(self) -> dict:
        c = self.columns
        points = [
            {
                "x": x,
                "y": _json_number(y),
                "cl": _json_number(cl),
                "ucl": _json_number(ucl),
                "lcl": _json_number(lcl),
                "part": part,
                "sigma_signal": signal,
            }
            for x, y, cl, ucl, lcl, part, signal in zip(
                c.x, c.y, c.cl, c.ucl, c.lcl, c.part, c.sigma_signal, strict=True
            )
        ]
        return {
            "chart": self.chart,
            "points": points,
            "parts": [part.to_dict() for part in self.parts],
            "rules": list(self.rules),
        }
