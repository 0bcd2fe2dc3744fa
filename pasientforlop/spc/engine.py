"""The ``qic()`` entry point: run charts and Shewhart control charts as qicharts2 0.8."""

from collections.abc import Sequence

import numpy as np

from . import validation as check
from .errors import SpcInputError
from .limits import CHART_FUNCTIONS, Lines, PartInput
from .result import (
    RULE_CROSSINGS,
    RULE_LONGEST_RUN,
    RULE_SHEWHART,
    ChartResult,
    PartSummary,
    PointColumns,
)
from .runs import analyse_runs
from .subgroups import Subgroups, aggregate
from .xvalues import XKind, display_x, normalise_x

CHART_TYPES = check.CHART_TYPES


def make_parts(part: Sequence[int], n_points: int) -> np.ndarray:
    """Part number (1-based) of each point; a part starts after each given point number."""
    starts = np.zeros(n_points, dtype=int)
    starts[list(part)] = 1
    return np.cumsum(starts) + 1


def _rules(chart: str, kind: XKind) -> tuple[str, ...]:
    rules: list[str] = []
    if chart != "mr" and kind is not XKind.CATEGORY:
        rules += [RULE_LONGEST_RUN, RULE_CROSSINGS]
    if chart != "run":
        rules.append(RULE_SHEWHART)
    return tuple(rules)


def qic(
    x: Sequence,
    y: Sequence,
    n: Sequence | None = None,
    chart: str = "run",
    freeze: int | None = None,
    part: Sequence[int] | None = None,
    exclude: Sequence[int] | None = None,
    target: float | None = None,
    notes: Sequence[str | None] | None = None,
    multiply: float = 1,
) -> ChartResult:
    """Compute a run or control chart the way qicharts2 0.8's ``qic()`` does.

    ``x``, ``y``, ``n`` and ``notes`` are parallel sequences, one item per input row; rows with
    the same ``x`` form one subgroup. ``freeze``, ``part`` and ``exclude`` are 1-based point
    numbers (subgroups in x order). As in qicharts2, ``freeze`` is ignored when ``part`` is
    given. Raises :class:`SpcInputError` for input it cannot chart.

    Numeric x with plain numbers (or ``None``) as y and n goes through the small-series path
    of :mod:`pasientforlop.spc.fast`, which gives exactly the results of
    :func:`qic_reference`; anything else (and any input it would refuse) goes through
    :func:`qic_reference` itself.
    """
    from .fast import try_qic_fast

    result = try_qic_fast(x, y, n, chart, freeze, part, exclude, target, notes, multiply)
    if result is not None:
        return result
    return qic_reference(x, y, n, chart, freeze, part, exclude, target, notes, multiply)


def qic_reference(
    x: Sequence,
    y: Sequence,
    n: Sequence | None = None,
    chart: str = "run",
    freeze: int | None = None,
    part: Sequence[int] | None = None,
    exclude: Sequence[int] | None = None,
    target: float | None = None,
    notes: Sequence[str | None] | None = None,
    multiply: float = 1,
) -> ChartResult:
    """The reference path of :func:`qic`: whole-array numpy, every input kind."""
    chart = check.check_chart(chart)
    check.check_lengths(x, y=y, n=n, notes=notes)
    keys, kind = normalise_x(x)
    y_values = check.numbers(y, "y")
    n_values = check.numbers(n, "n") if n is not None else None
    check.check_rows(chart, y_values, n_values)
    multiply = check.check_multiply(multiply)
    target = check.check_target(target)
    if n_values is not None:
        incomplete = np.isnan(y_values) | np.isnan(n_values)
        y_values[incomplete] = np.nan
        n_values[incomplete] = np.nan

    groups = aggregate(keys, y_values, n_values, list(notes) if notes is not None else None)
    size = len(groups)
    freeze = check.check_freeze(freeze, size)
    part_starts = check.check_part(part, size)
    excluded = check.check_exclude(exclude, size)

    point_numbers = np.arange(1, size + 1)
    parts = make_parts(part_starts, size)
    baseline = point_numbers <= (freeze if freeze is not None and not part_starts else size)
    included = ~np.isin(point_numbers, list(excluded))
    rules = _rules(chart, kind)

    try:
        lines, summaries = _analyse_parts(groups, chart, kind, parts, baseline, included, rules)
        columns = _columns(groups, kind, lines, parts, baseline, included, multiply)
    except (OverflowError, FloatingPointError):
        raise SpcInputError(
            "tallene er for store til å regne med; del dem på en passende enhet"
        ) from None
    return ChartResult(
        chart=chart,
        x_kind=str(kind),
        columns=columns,
        parts=tuple(summaries),
        rules=rules,
        freeze=freeze if not part_starts else None,
        multiply=multiply,
        target=None if target is None else target * 1.0,
    )


def _analyse_parts(groups: Subgroups, chart, kind, parts, baseline, included, rules):
    """Centre line, limits and runs analysis for each part; returns stacked lines."""
    pieces: list[Lines] = []
    summaries: list[PartSummary] = []
    for number in np.unique(parts):
        rows = parts == number
        part_input = PartInput(
            y=groups.y[rows],
            y_sum=groups.y_sum[rows],
            y_length=groups.y_length[rows],
            y_mean=groups.y_mean[rows],
            y_sd=groups.y_sd[rows],
            n=groups.n[rows],
            base=(baseline & included)[rows],
            categorical=kind is XKind.CATEGORY,
        )
        lines = CHART_FUNCTIONS[chart](part_input)
        keep = included[rows]
        runs = analyse_runs(lines.y[keep], lines.cl[keep])
        figures = {name: value for name, value in runs.__dict__.items() if name != "signal"}
        signal = runs.signal and RULE_LONGEST_RUN in rules
        summaries.append(PartSummary(part=int(number), **figures, runs_signal=signal))
        pieces.append(lines)
    stacked = Lines(
        *(np.concatenate([getattr(p, f) for p in pieces]) for f in Lines.__annotations__)
    )
    return stacked, summaries


def _nullable(values: np.ndarray) -> list[float | None]:
    """Floats with NA/NaN/Inf as None (qicharts2 shows no value there)."""
    return [v if v - v == 0 else None for v in np.asarray(values, dtype=float).tolist()]


def _columns(groups: Subgroups, kind, lines: Lines, parts, baseline, included, multiply):
    y, cl, lcl, ucl = (getattr(lines, name) * multiply for name in ("y", "cl", "lcl", "ucl"))
    lcl[~np.isfinite(lcl)] = np.nan
    ucl[~np.isfinite(ucl)] = np.nan
    with np.errstate(invalid="ignore"):
        sigma = ((y > ucl) | (y < lcl)).tolist()
    return PointColumns(
        x=tuple(display_x(key, kind) for key in groups.keys),
        y=tuple(_nullable(y)),
        cl=tuple(_nullable(cl)),
        ucl=tuple(_nullable(ucl)),
        lcl=tuple(_nullable(lcl)),
        part=tuple(parts.tolist()),
        baseline=tuple(baseline.tolist()),
        included=tuple(included.tolist()),
        sigma_signal=tuple(sigma),
        n=tuple(_nullable(groups.n)),
        note=tuple(groups.notes),
    )
