"""Many charts of one type at once: :func:`qic_many`, e.g. one indicator for every unit.

Series with the same x values (numbers, in order, one row per point) and the same options
are computed together as rows of 2-D arrays, every step vectorised over the charts; the
results are exactly those of :func:`~pasientforlop.spc.engine.qic` for each series alone
(the exact sums and means of :mod:`.exactnp`, the same IEEE operations and the same numpy
``power`` as the reference path). Series that do not fit (several rows per x, as Xbar and S
charts have, notes, text or dates as x, values the engine refuses) are computed one by one
with :func:`~pasientforlop.spc.engine.qic`.

The figures are available as arrays on each :class:`ChartBlock` (``y``, ``cl``, ``lcl``,
``ucl``, ``sigma_signal``, ``runs_signal``, …); a :class:`ChartResult` with point objects is
built only for the charts that are asked for.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import validation as check
from .binom import crossings_minimum, longest_run_maximum
from .engine import _rules, qic
from .errors import SpcInputError
from .exactnp import fsum_rows, mean_rows
from .limits import D2, IP_UPPER, MR_UPPER, T_EXPONENT, chart_table, ratio_charts
from .result import RULE_LONGEST_RUN, ChartResult, PartSummary, PointColumns
from .xvalues import XKind, display_x

VECTOR_CHARTS = frozenset({"run", "i", "mr", "t", "p", "pp", "u", "up", "c", "g", "ip"})
_SQRT_HALF_PI = np.sqrt(np.pi / 2)


@lru_cache(maxsize=64)
def _runs_limits(points: int) -> tuple[np.ndarray, np.ndarray]:
    useful = range(1, points + 1)
    longest = np.array([0] + [longest_run_maximum(k) for k in useful])
    crossings = np.array([0] + [crossings_minimum(k) for k in useful])
    return longest, crossings


# --- reductions over the kept values of each row ---------------------------------------------


def _median_rows(values: np.ndarray) -> np.ndarray:
    """R's ``median(na.rm = TRUE)`` of each row; the mean of two values is correctly rounded."""
    if values.shape[1] == 0:  # an empty baseline (every point of it excluded): NA, as in R
        return np.full(len(values), np.nan)
    ordered = np.sort(values, axis=1)  # NaN last
    count = (~np.isnan(values)).sum(axis=1)
    rows = np.arange(len(values))
    low = ordered[rows, np.maximum((count - 1) // 2, 0)]
    high = ordered[rows, np.minimum(count // 2, values.shape[1] - 1)]
    total = low + high
    result = np.where(count % 2 == 1, low, total / 2)
    even = (count % 2 == 0) & (count > 0)
    tiny = even & ~(np.abs(total) > 2.0**-1000)  # halving could round: exact mean instead
    for row in np.flatnonzero(tiny):
        result[row] = mean_rows(np.array([[low[row], high[row]]]))[0]
    result[count == 0] = np.nan
    return result


def _screened_mean_moving_range(values: np.ndarray, factor: float) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        ranges = np.abs(np.diff(values, axis=1))
        threshold = factor * mean_rows(ranges)
        ranges[~(ranges < threshold[:, None])] = np.nan
    return mean_rows(ranges)


def _contiguous(values: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(values, dtype=float)


# --- centre lines and limits of one part (as limits.py), one chart per row -------------------


@dataclass
class _Part:
    y: np.ndarray  # plotted values
    y_sum: np.ndarray
    y_length: np.ndarray
    n: np.ndarray
    base: np.ndarray  # columns in the baseline and not excluded


def _full(values: np.ndarray, like: np.ndarray) -> np.ndarray:
    return np.broadcast_to(values[:, None], like.shape).copy()


def _three_sigma(y, cl, stdev):
    stdev = np.broadcast_to(stdev, y.shape) if np.ndim(stdev) == 2 else _full(stdev, y)
    centre = cl[:, None]
    return y, _full(cl, y), centre - 3 * stdev, centre + 3 * stdev


def _clip_low(values):
    values[np.isfinite(values) & (values < 0)] = 0.0
    return values


def run_chart(d: _Part):
    nothing = np.full(d.y.shape, np.nan)
    return d.y, _full(_median_rows(d.y[:, d.base]), d.y), nothing, nothing.copy()


def _i_lines(y, base):
    kept = y[:, base]
    cl = mean_rows(kept)
    sigma = _screened_mean_moving_range(kept - cl[:, None], MR_UPPER) / D2
    return _three_sigma(y, cl, sigma)


def i_chart(d: _Part):
    return _i_lines(d.y, d.base)


def mr_chart(d: _Part):
    y = np.concatenate([np.full((len(d.y), 1), np.nan), np.abs(np.diff(d.y, axis=1))], axis=1)
    cl = mean_rows(y[:, d.base])
    return y, _full(cl, y), np.zeros(y.shape), _full(MR_UPPER * cl, y)


def t_chart(d: _Part):
    with np.errstate(invalid="ignore"):
        transformed = _contiguous(d.y) ** (1 / T_EXPONENT)
        lines = _i_lines(transformed, d.base)
        y, cl, lcl, ucl = (_contiguous(values) ** T_EXPONENT for values in lines)
    lcl[np.isnan(lcl) | (lcl < 0)] = 0.0
    return y, cl, lcl, ucl


def _ratio_limits(d: _Part, laney: bool, proportion: bool):
    with np.errstate(divide="ignore", invalid="ignore"):
        cl = np.divide(fsum_rows(d.y_sum[:, d.base]), fsum_rows(d.n[:, d.base]))
        spread = cl * (1 - cl) if proportion else cl
        stdev = np.sqrt(spread[:, None] / d.n)
        if laney:
            z = (d.y[:, d.base] - cl[:, None]) / stdev[:, d.base]
            factor = _screened_mean_moving_range(z, MR_UPPER) / D2
            stdev = stdev * factor[:, None]
    y, cls, lcl, ucl = _three_sigma(d.y, cl, stdev)
    if proportion:
        ucl[np.isfinite(ucl) & (ucl > 1)] = 1.0
    return y, cls, _clip_low(lcl), ucl


p_chart, pp_chart, u_chart, up_chart = ratio_charts(_ratio_limits)


def c_chart(d: _Part):
    cl = mean_rows(d.y_sum[:, d.base])
    with np.errstate(invalid="ignore"):
        y, cls, lcl, ucl = _three_sigma(d.y_sum, cl, np.sqrt(cl))
    return y, cls, _clip_low(lcl), ucl


def g_chart(d: _Part):
    mean = mean_rows(d.y[:, d.base])
    with np.errstate(invalid="ignore"):
        y, _, lcl, ucl = _three_sigma(d.y, mean, np.sqrt(mean * (mean + 1)))
        lcl[lcl < 0] = 0.0
    return y, _full(_median_rows(d.y[:, d.base]), d.y), lcl, ucl


def ip_chart(d: _Part):
    without = np.isnan(d.n).all(axis=1)
    n = np.where(without[:, None], d.y_length, d.n)
    with np.errstate(divide="ignore", invalid="ignore"):
        cl = np.divide(fsum_rows(d.y[:, d.base] * n[:, d.base]), fsum_rows(n[:, d.base]))
        inverse = 1 / n
        scaled = (
            _SQRT_HALF_PI * np.abs(np.diff(d.y, axis=1)) / np.sqrt(inverse[:, :-1] + inverse[:, 1:])
        )
        screened = _screened_mean_moving_range_of(scaled, IP_UPPER)
        stdev = screened[:, None] * np.sqrt(inverse)
    return _three_sigma(d.y, cl, stdev)


def _screened_mean_moving_range_of(scaled: np.ndarray, factor: float) -> np.ndarray:
    threshold = factor * mean_rows(scaled)
    with np.errstate(invalid="ignore"):
        scaled = np.where(scaled < threshold[:, None], scaled, np.nan)
    return mean_rows(scaled)


CHARTS = chart_table(globals(), VECTOR_CHARTS)


# --- the runs analysis, one chart per row ---------------------------------------------------


def _runs(y: np.ndarray, cl: np.ndarray):
    """Figures of :func:`.runs.analyse_runs` for each row (0 where there is nothing useful)."""
    charts, points = y.shape
    if points == 0:  # every point of the part excluded
        nothing = np.zeros(charts, dtype=int)
        return nothing, nothing, nothing, nothing, nothing, nothing.astype(bool)
    with np.errstate(invalid="ignore"):
        difference = y - cl
    useful = (difference != 0) & ~np.isnan(difference)
    side = np.where(useful, np.where(difference > 0, 1, -1), 0).astype(np.int8)
    n_useful = useful.sum(axis=1)
    # the side of the last useful point before each point (0 before the first)
    position = np.where(useful, np.arange(points), -1)
    last = np.maximum.accumulate(position, axis=1)
    before = np.take_along_axis(side, np.maximum(last, 0), axis=1)
    before[last < 0] = 0
    previous = np.zeros_like(side)
    previous[:, 1:] = before[:, :-1]
    crossing = useful & (previous != 0) & (previous != side)
    n_crossings = crossing.sum(axis=1)
    # length of the current run: useful points since the last crossing (inclusive)
    count = np.cumsum(useful, axis=1)
    start = np.maximum.accumulate(np.where(crossing, count - 1, 0), axis=1)
    longest = (count - start).max(axis=1)
    longest_limits, crossing_limits = _runs_limits(points)
    longest_max = longest_limits[n_useful]
    crossings_min = crossing_limits[n_useful]
    signal = (n_useful > 0) & ((longest > longest_max) | (n_crossings < crossings_min))
    return n_useful, longest, longest_max, n_crossings, crossings_min, signal


# --- a block of charts with the same x and options ------------------------------------------


@dataclass(frozen=True)
class _PartRuns:
    columns: slice
    n_obs: int
    n_useful: np.ndarray
    longest_run: np.ndarray
    longest_run_max: np.ndarray
    n_crossings: np.ndarray
    n_crossings_min: np.ndarray
    signal: np.ndarray


class ChartBlock:
    """Charts of one type over the same x, one per row of the arrays (after ``multiply``).

    ``y``, ``cl``, ``lcl``, ``ucl``: NaN where qicharts2 shows no value; ``sigma_signal``:
    points outside the limits; ``runs_signal``: an Anhøj signal in any part, per chart.
    ``block[i]`` is the :class:`ChartResult` of chart ``i``.
    """

    def __init__(self, chart, keys, y, cl, lcl, ucl, n, part, baseline, included, runs, rules,
                 freeze, multiply, target):  # fmt: skip
        self.chart = chart
        self.keys = keys
        self.y, self.cl, self.lcl, self.ucl, self.n = y, cl, lcl, ucl, n
        with np.errstate(invalid="ignore"):
            self.sigma_signal = (y > ucl) | (y < lcl)
        self.part, self.baseline, self.included = part, baseline, included
        self.runs = runs
        self.rules = rules
        self.freeze, self.multiply, self.target = freeze, multiply, target
        longest = RULE_LONGEST_RUN in rules
        signal = np.zeros(len(y), dtype=bool)
        for part_runs in runs:
            signal |= part_runs.signal & longest
        self.runs_signal = signal

    def __len__(self) -> int:
        return len(self.y)

    def __getitem__(self, index: int) -> ChartResult:
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        return self._result(index % len(self))

    def _result(self, i: int) -> ChartResult:
        longest = RULE_LONGEST_RUN in self.rules
        summaries = []
        for number, r in enumerate(self.runs, start=1):
            if r.n_useful[i] == 0:
                figures = (r.n_obs, 0, None, None, None, None)
                signal = False
            else:
                figures = (
                    r.n_obs,
                    int(r.n_useful[i]),
                    int(r.longest_run[i]),
                    int(r.longest_run_max[i]),
                    int(r.n_crossings[i]),
                    int(r.n_crossings_min[i]),
                )
                signal = bool(r.signal[i]) and longest
            summaries.append(PartSummary(number, *figures, runs_signal=signal))
        columns = PointColumns(
            x=tuple(display_x(key, XKind.NUMBER) for key in self.keys),
            y=_nullable(self.y[i]),
            cl=_nullable(self.cl[i]),
            ucl=_nullable(self.ucl[i]),
            lcl=_nullable(self.lcl[i]),
            part=self.part,
            baseline=self.baseline,
            included=self.included,
            sigma_signal=tuple(self.sigma_signal[i].tolist()),
            n=_nullable(self.n[i]),
            note=(None,) * len(self.keys),
        )
        return ChartResult(
            chart=self.chart,
            x_kind=str(XKind.NUMBER),
            columns=columns,
            parts=tuple(summaries),
            rules=self.rules,
            freeze=self.freeze,
            multiply=self.multiply,
            target=self.target,
        )


def _nullable(values: np.ndarray) -> tuple:
    return tuple(v if v - v == 0 else None for v in values.tolist())


def chart_block(
    chart: str,
    y,
    n=None,
    x: Sequence | None = None,
    *,
    freeze: int | None = None,
    part: Sequence[int] | None = None,
    exclude: Sequence[int] | None = None,
    multiply: float = 1,
    target: float | None = None,
) -> ChartBlock:
    """Charts of one type for the rows of ``y`` (and ``n``), all over the same ``x``.

    ``y`` and ``n`` are 2-D (charts × points; NaN for a missing value); ``x`` defaults to
    1, 2, …; it must be numbers in increasing order (one row per point). The options are
    those of :func:`qic`, the same for every chart. Raises :class:`SpcInputError` where
    :func:`qic` would for any chart (with the chart's row number), and ``ValueError`` for
    input this form cannot take (use :func:`qic_many`).
    """
    chart = check.check_chart(chart)
    if chart not in VECTOR_CHARTS:
        raise ValueError(f"{chart} charts need subgroups; use qic_many() or qic()")
    y = np.array(y, dtype=float, ndmin=2)
    charts, points = y.shape
    if points == 0:
        raise SpcInputError("ingen data: x er tom")
    keys = [float(v) for v in (x if x is not None else range(1, points + 1))]
    if len(keys) != points or any(b <= a for a, b in zip(keys, keys[1:], strict=False)):
        raise ValueError("x must be increasing numbers, one per column of y")
    if n is not None:
        n = np.array(n, dtype=float, ndmin=2)
        if n.shape != y.shape:
            raise ValueError("n must have the shape of y")
    _check_block(chart, y, n)
    multiply = check.check_multiply(multiply)
    target = check.check_target(target)
    if n is not None:
        incomplete = np.isnan(y) | np.isnan(n)
        y = np.where(incomplete, np.nan, y)
        n = np.where(incomplete, np.nan, n)
    freeze = check.check_freeze(freeze, points)
    part_starts = check.check_part(part, points)
    excluded = check.check_exclude(exclude, points)
    number = np.arange(1, points + 1)
    baseline = number <= (freeze if freeze is not None and not part_starts else points)
    included = ~np.isin(number, list(excluded))
    base = baseline & included
    missing = np.isnan(y)
    if n is not None:
        n_sum = np.where(np.isnan(n), 0.0, n)
        with np.errstate(divide="ignore", invalid="ignore"):
            plotted = np.divide(np.where(missing, 0.0, y), n_sum)
    else:
        n_sum = np.full(y.shape, np.nan)
        plotted = y
    y_length = (~missing).astype(float)
    compute = CHARTS[chart]
    bounds = list(zip([0, *part_starts], [*part_starts, points], strict=True))
    pieces, runs, part_numbers = [], [], []
    try:
        for index, (start, stop) in enumerate(bounds, start=1):
            columns = slice(start, stop)
            lines = compute(
                _Part(
                    y=plotted[:, columns],
                    y_sum=y[:, columns],
                    y_length=y_length[:, columns],
                    n=n_sum[:, columns],
                    base=base[columns],
                )
            )
            keep = included[columns]
            figures = _runs(lines[0][:, keep], lines[1][:, keep])
            runs.append(_PartRuns(columns, int(keep.sum()), *figures))
            pieces.append(lines)
            part_numbers += [index] * (stop - start)
    except (OverflowError, FloatingPointError):  # pragma: no cover - as the reference
        raise SpcInputError(
            "tallene er for store til å regne med; del dem på en passende enhet"
        ) from None
    if len(pieces) == 1:
        y_out, cl, lcl, ucl = (np.array(values, dtype=float) for values in pieces[0])
    else:
        y_out, cl, lcl, ucl = (
            np.concatenate([piece[k] for piece in pieces], axis=1) for k in range(4)
        )
    if multiply != 1:
        y_out, cl, lcl, ucl = (values * multiply for values in (y_out, cl, lcl, ucl))
    lcl[~np.isfinite(lcl)] = np.nan
    ucl[~np.isfinite(ucl)] = np.nan
    return ChartBlock(
        chart,
        keys,
        y_out,
        cl,
        lcl,
        ucl,
        n_sum,
        tuple(part_numbers),
        tuple(baseline.tolist()),
        tuple(included.tolist()),
        runs,
        _rules(chart, XKind.NUMBER),
        freeze if not part_starts else None,
        multiply,
        None if target is None else target * 1.0,
    )


def _check_block(chart: str, y: np.ndarray, n: np.ndarray | None) -> None:
    """The checks of :func:`.validation.check_rows` for every chart at once."""
    values = [("y", y)] + ([("n", n)] if n is not None else [])
    with np.errstate(invalid="ignore"):
        bad = np.zeros(len(y), dtype=bool)
        for _, array in values:
            bad |= (np.abs(array) > check.MAX_MAGNITUDE).any(axis=1)
            bad |= np.isinf(array).any(axis=1)
        if n is None and chart in check.DENOMINATOR_CHARTS:
            raise SpcInputError(f"{chart}-diagram krever nevner (kolonnen n)")
        present = ~np.isnan(y)
        if n is not None:
            bad |= (n < 0).any(axis=1)
            bad |= (present & (n == 0) & (y != 0)).any(axis=1)
            if chart in check.PROPORTION_CHARTS:
                bad |= (present & (y > n)).any(axis=1)
        if chart == "t":
            bad |= (present & (y <= 0)).any(axis=1)
        if chart in check.COUNT_CHARTS:
            bad |= (present & (y < 0)).any(axis=1)
    for row in np.flatnonzero(bad):  # the engine says what is wrong
        points = y.shape[1]
        try:
            qic(
                list(range(1, points + 1)),
                y[row].tolist(),
                n=None if n is None else n[row].tolist(),
                chart=chart,
            )
        except SpcInputError as error:
            raise SpcInputError(f"diagram {row + 1}: {error}") from None


# --- many series ----------------------------------------------------------------------------

_OPTIONS = ("freeze", "part", "exclude", "multiply", "target")


class ManyCharts(Sequence):
    """The charts of :func:`qic_many`, in the order of the series.

    ``blocks`` holds the vectorised :class:`ChartBlock` s; ``runs_signal`` and
    ``sigma_signal_count`` give every chart's signals without building its points.
    """

    def __init__(self, size: int):
        self._where: list = [None] * size
        self.blocks: list[ChartBlock] = []

    def __len__(self) -> int:
        return len(self._where)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        place = self._where[index]
        if isinstance(place, ChartResult):
            return place
        block, row = place
        return block[row]

    @property
    def runs_signal(self) -> list[bool]:
        return [
            p.runs_signal if isinstance(p, ChartResult) else bool(p[0].runs_signal[p[1]])
            for p in self._where
        ]

    @property
    def sigma_signal_count(self) -> list[int]:
        return [
            len(p.sigma_signals)
            if isinstance(p, ChartResult)
            else int(p[0].sigma_signal[p[1]].sum())
            for p in self._where
        ]


_PLAIN = frozenset({int, float, type(None)})


def _x_is_plain(x: tuple) -> bool:
    """Numbers in increasing order, one row per point."""
    if not x or not set(map(type, x)) <= {int, float}:
        return False
    try:
        keys = [float(v) for v in x]
    except OverflowError:
        return False
    total = sum(keys)
    return total - total == 0 and all(a < b for a, b in zip(keys, keys[1:], strict=False))


def _values_are_plain(series: Mapping, points: int) -> bool:
    for name in ("y", "n"):
        values = series.get(name)
        if values is not None and (len(values) != points or not set(map(type, values)) <= _PLAIN):
            return False
    return True


def _rows(values: list) -> list:
    """Rows for a float array: None (a missing value) as NaN."""
    return [row if None not in row else [np.nan if v is None else v for v in row] for row in values]


def _one(chart: str, series: Mapping, settings: dict, number: int) -> ChartResult:
    kwargs = {name: value for name, value in settings.items() if value is not None}
    try:
        return qic(
            series["x"], series["y"], n=series.get("n"), chart=chart,
            notes=series.get("notes"), **kwargs,
        )  # fmt: skip
    except SpcInputError as error:
        raise SpcInputError(f"serie {number}: {error}") from None


def qic_many(chart: str, series: Sequence[Mapping], **options) -> ManyCharts:
    """Charts of one type for many series: ``result[i]`` equals ``qic(chart=chart, **series[i])``.

    Each series is a mapping with ``x``, ``y`` and optionally ``n``, ``notes`` and the options
    ``freeze``, ``part``, ``exclude``, ``multiply`` and ``target``; ``options`` given here
    apply to every series that does not set its own. Series with the same x and options are
    computed together (:func:`chart_block`); the rest one by one with :func:`qic`.
    """
    check.check_chart(chart)
    result = ManyCharts(len(series))
    groups: dict[tuple, list[int]] = {}
    plain_x: dict[tuple, bool] = {}
    for index, one in enumerate(series):
        settings = {name: one.get(name, options.get(name)) for name in _OPTIONS}
        x = tuple(one["x"])
        if x not in plain_x:
            plain_x[x] = _x_is_plain(x)
        if (
            chart in VECTOR_CHARTS
            and plain_x[x]
            and one.get("notes") is None
            and _values_are_plain(one, len(x))
        ):
            key = (
                x,
                one.get("n") is not None,
                settings["freeze"],
                tuple(settings["part"] or ()),
                tuple(settings["exclude"] or ()),
                settings["multiply"] if settings["multiply"] is not None else 1,
                settings["target"],
            )
            groups.setdefault(key, []).append(index)
            continue
        result._where[index] = _one(chart, one, settings, index + 1)
    for (x, has_n, freeze, part, exclude, multiply, target), members in groups.items():
        y = _rows([series[i]["y"] for i in members])
        n = _rows([series[i]["n"] for i in members]) if has_n else None
        try:
            block = chart_block(
                chart, y, n, x, freeze=freeze, part=part or None, exclude=exclude or None,
                multiply=multiply, target=target,
            )  # fmt: skip
        except SpcInputError:
            for index in members:  # the first series the engine refuses, and why
                one = series[index]
                _one(chart, one, {name: one.get(name, options.get(name)) for name in _OPTIONS},
                     index + 1)  # fmt: skip
            raise
        result.blocks.append(block)
        for row, index in enumerate(members):
            result._where[index] = (block, row)
    return result
