"""The small-series path of :func:`~pasientforlop.spc.engine.qic`: plain Python over lists.

For a chart of tens of points, numpy's per-call overhead dominates the reference path
(:func:`~pasientforlop.spc.engine.qic_reference`). This path does the same arithmetic on
Python floats, operation for operation (IEEE double addition, multiplication, division and
square root round the same way in both), so its results are identical, not merely close:

* means are the correctly rounded exact mean, as in :mod:`.rstats`, found by
  :func:`mean_of` from :func:`math.fsum` and an exact residual (the rational computation of
  the reference runs only when the residual cannot decide);
* sums are :func:`math.fsum`, as in the reference;
* the T chart's powers go through numpy as in the reference (numpy's vectorised ``power``
  may round differently from the C library's ``pow``);
* IEEE division by zero (x/0 = ±Inf, 0/0 = NaN) is reproduced where Python would raise.

It applies to numeric x (ints and floats) with ints, floats or ``None`` as y and n. Input
the reference would refuse, or any other kind of x, returns ``None`` from
:func:`try_qic_fast` and the caller uses the reference path, which raises the error.
"""

import math
from collections.abc import Sequence
from functools import lru_cache
from itertools import compress, islice
from operator import le, ne, sub

import numpy as np

from . import validation as check
from .binom import crossings_minimum, longest_run_maximum
from .constants import _c4, _c5
from .engine import _rules as engine_rules
from .errors import SpcInputError
from .exactnp import fsum_rows, subgroup_rows
from .exactnp import mean_list as mean_of
from .limits import D2, IP_UPPER, MR_UPPER, T_EXPONENT, chart_table, ratio_charts
from .result import RULE_LONGEST_RUN, ChartResult, PartSummary, PointColumns
from .rstats import median_of_sorted
from .subgroups import _combined_notes
from .xvalues import XKind

NAN = math.nan
INF = math.inf
_PLAIN_SET = frozenset({int, float})
_PLAIN_OR_NONE_SET = frozenset({int, float, type(None)})
_FLOAT_ONLY = {float}
_INT_ONLY = {int}
_SQRT_HALF_PI = float(np.sqrt(np.pi / 2))
_WHOLE_ARRAY_GROUPS = 8  # from this many subgroups, their statistics are computed as arrays


# --- arithmetic as numpy does it ------------------------------------------------------------


def div(a: float, b: float) -> float:
    """``a / b`` with IEEE semantics: x/0 is ±Inf, 0/0 and NaN/0 are NaN."""
    if b:
        return a / b
    if a != a or a == 0:
        return NAN
    return math.copysign(INF, a) * math.copysign(1.0, b)


def sqrt(value: float) -> float:
    """``np.sqrt`` of a float: NaN for negative values and NaN."""
    return math.sqrt(value) if value >= 0 else NAN


def divide(numerators, denominators) -> list[float]:
    """Element-wise :func:`div` (numpy's ``a / b`` of two arrays)."""
    try:
        return [a / b for a, b in zip(numerators, denominators, strict=True)]
    except ZeroDivisionError:
        return [div(a, b) for a, b in zip(numerators, denominators, strict=True)]


def divide_into(numerator: float, denominators) -> list[float]:
    """``numerator / array`` as numpy computes it."""
    try:
        return [numerator / b for b in denominators]
    except ZeroDivisionError:
        return [div(numerator, b) for b in denominators]


def roots(values) -> list[float]:
    """Element-wise ``np.sqrt``."""
    try:
        return [math.sqrt(v) for v in values]  # NaN stays NaN
    except ValueError:
        return [sqrt(v) for v in values]


def _finite(values) -> bool:
    """No NaN and no infinity among ``values`` (their sum is finite; |values| <= 1e150)."""
    total = sum(values)
    return total - total == 0


def present(values) -> list[float]:
    return [value for value in values if value == value]


def median_of(values) -> float:
    return median_of_sorted(sorted(present(values)), mean_of)


def fsum_present(values) -> float:
    return math.fsum([value for value in values if value == value])


def sd_of(kept: list[float], mean: float) -> float:
    """:func:`.rstats.sd_of` given the (correctly rounded) mean of ``kept``."""
    if len(kept) < 2:
        return NAN
    deviations = [value - mean for value in kept]
    return math.sqrt(math.fsum([d * d for d in deviations]) / (len(kept) - 1))


@lru_cache(maxsize=1024)
def a3(size: float) -> float:
    return 3 / (_c4(size) * math.sqrt(size)) if size > 1 else NAN


@lru_cache(maxsize=1024)
def b3(size: float) -> float:
    return max(0.0, 1 - 3 * _c5(size) / _c4(size)) if size > 1 else NAN


@lru_cache(maxsize=1024)
def b4(size: float) -> float:
    return 1 + 3 * _c5(size) / _c4(size) if size > 1 else NAN


# --- centre lines and limits of one part (as limits.py) ------------------------------------


def _picked(values, base):
    return [value for value, keep in zip(values, base, strict=True) if keep]


def screened_average_moving_range(values: list[float]) -> float:
    ranges = [abs(b - a) for a, b in zip(values, values[1:], strict=False)]
    threshold = MR_UPPER * mean_of(present(ranges))
    return mean_of([r for r in ranges if r < threshold])


def _three_sigma(y, cl, stdev):
    k = len(y)
    if isinstance(stdev, float):
        return y, [cl] * k, [cl - 3 * stdev] * k, [cl + 3 * stdev] * k
    return y, [cl] * k, [cl - 3 * s for s in stdev], [cl + 3 * s for s in stdev]


def run_chart(g):
    k = len(g.y)
    return g.y, [median_of(_picked(g.y, g.base))] * k, [NAN] * k, [NAN] * k


def _i_lines(y, base):
    kept = _picked(y, base)
    cl = mean_of(present(kept))
    sigma = screened_average_moving_range([v - cl for v in kept]) / D2
    return _three_sigma(y, cl, sigma)


def i_chart(g):
    return _i_lines(g.y, g.base)


def mr_chart(g):
    y = [NAN] + [abs(b - a) for a, b in zip(g.y, g.y[1:], strict=False)]
    cl = mean_of(present(_picked(y, g.base)))
    k = len(y)
    return y, [cl] * k, [0.0] * k, [MR_UPPER * cl] * k


def t_chart(g):
    with np.errstate(invalid="ignore"):
        transformed = (np.array(g.y, dtype=float) ** (1 / T_EXPONENT)).tolist()
        y, cl, lcl, ucl = _i_lines(transformed, g.base)
        back = np.array([y, cl, lcl, ucl], dtype=float) ** T_EXPONENT
    y, cl, lcl, ucl = back.tolist()
    lcl = [0.0 if not value >= 0 else value for value in lcl]
    return y, cl, lcl, ucl


def _pooled_sd(g) -> float:
    if len(set(g.y_length)) > 1:
        sizes, sds = _picked(g.y_length, g.base), _picked(g.y_sd, g.base)
        numerator = fsum_present([(n - 1) * (s * s) for n, s in zip(sizes, sds, strict=True)])
        return sqrt(div(numerator, fsum_present([n - 1 for n in sizes])))
    return mean_of(present(_picked(g.y_sd, g.base)))


def xbar_chart(g):
    sizes = _picked(g.y_length, g.base)
    means = _picked(g.y_mean, g.base)
    cl = div(fsum_present([n * m for n, m in zip(sizes, means, strict=True)]), fsum_present(sizes))
    pooled = _pooled_sd(g)
    spread = [a3(n) * pooled for n in g.y_length]
    return g.y, [cl] * len(g.y), [cl - s for s in spread], [cl + s for s in spread]


def s_chart(g):
    cl = _pooled_sd(g)
    return (
        g.y_sd,
        [cl] * len(g.y),
        [b3(n) * cl for n in g.y_length],
        [b4(n) * cl for n in g.y_length],
    )


def _laney(g, cl, stdev):
    z = divide([y - cl for y in _picked(g.y, g.base)], _picked(stdev, g.base))
    factor = screened_average_moving_range(z) / D2
    return [s * factor for s in stdev]


def _clip_low(values):
    return [0.0 if v < 0 and v - v == 0 else v for v in values]


def _ratio_limits(g, laney: bool, proportion: bool):
    cl = div(fsum_present(_picked(g.y_sum, g.base)), fsum_present(_picked(g.n, g.base)))
    spread = cl * (1 - cl) if proportion else cl
    stdev = roots(divide_into(spread, g.n))
    if laney:
        stdev = _laney(g, cl, stdev)
    k = len(g.y)
    lcl = [cl - 3 * s for s in stdev]
    ucl = [cl + 3 * s for s in stdev]
    # min() and max() skip NaN except in first place, so a NaN there takes the long way
    if min(lcl) < 0 or lcl[0] != lcl[0]:
        lcl = _clip_low(lcl)
    if proportion and not max(ucl) <= 1:
        ucl = [1.0 if v > 1 and v - v == 0 else v for v in ucl]
    return g.y, [cl] * k, lcl, ucl


p_chart, pp_chart, u_chart, up_chart = ratio_charts(_ratio_limits)


def c_chart(g):
    cl = mean_of(present(_picked(g.y_sum, g.base)))
    y, cls, lcl, ucl = _three_sigma(g.y_sum, cl, sqrt(cl))
    return y, cls, _clip_low(lcl), ucl


def g_chart(g):
    mean = mean_of(present(_picked(g.y, g.base)))
    y, _, lcl, ucl = _three_sigma(g.y, mean, sqrt(mean * (mean + 1)))
    lcl = [0.0 if v < 0 else v for v in lcl]
    return y, [median_of(_picked(g.y, g.base))] * len(y), lcl, ucl


def ip_chart(g):
    n = g.y_length if all(v != v for v in g.n) else g.n
    base_n = _picked(n, g.base)
    weighted = [y * m for y, m in zip(_picked(g.y, g.base), base_n, strict=True)]
    cl = div(fsum_present(weighted), fsum_present(base_n))
    inverse = divide_into(1.0, n)
    scaled = divide(
        [_SQRT_HALF_PI * abs(b - a) for a, b in zip(g.y, g.y[1:], strict=False)],
        roots([p + q for p, q in zip(inverse, inverse[1:], strict=False)]),
    )
    threshold = IP_UPPER * mean_of(present(scaled))
    screened = mean_of([s for s in scaled if s < threshold])
    return _three_sigma(g.y, cl, [screened * v for v in roots(inverse)])


CHARTS = chart_table(globals())


class _Part:
    __slots__ = ("y", "y_sum", "y_length", "y_mean", "y_sd", "n", "base")

    def __init__(self, **columns):
        for name, values in columns.items():
            setattr(self, name, values)


# --- the runs analysis (as runs.py) ---------------------------------------------------------


def analyse_runs(y, cl) -> tuple:
    """As :func:`.runs.analyse_runs`: the figures of the runs analysis and the signal."""
    if y and _same(cl):  # one centre line for the part (every chart type has one)
        centre = cl[0]
        if centre != centre:
            sides = []
        elif _finite(y):  # no missing value, no infinity
            sides = [v > centre for v in y if v != centre]
        else:
            sides = [d > 0 for d in [v - centre for v in y] if d != 0 and d == d]
    else:
        sides = [d > 0 for d in map(sub, y, cl) if d != 0 and d == d]  # True: above the line
    useful = len(sides)
    if useful == 0:
        return len(y), 0, None, None, None, None, False
    changes = list(compress(range(1, useful), map(ne, sides, islice(sides, 1, None))))
    crossings = len(changes)
    longest = max(map(sub, [*changes, useful], [0, *changes]))
    longest_max = longest_run_maximum(useful)
    crossings_min = crossings_minimum(useful)
    signal = longest > longest_max or crossings < crossings_min
    return len(y), useful, longest, longest_max, crossings, crossings_min, signal


# --- input ----------------------------------------------------------------------------------


def _floats(values, *, allow_none: bool) -> list[float] | None:
    """Plain numbers (None as NaN) as floats, or None when the reference must look at them."""
    kinds = set(map(type, values))
    if not kinds <= (_PLAIN_OR_NONE_SET if allow_none else _PLAIN_SET):
        return None
    try:
        if type(None) in kinds:
            floats = [NAN if value is None else float(value) for value in values]
        elif kinds == _FLOAT_ONLY:
            floats = list(values)
        else:
            floats = list(map(float, values))
    except OverflowError:
        return None
    total = sum(floats)
    if total - total == 0:  # no NaN, no infinity
        if -check.MAX_MAGNITUDE <= min(floats) and max(floats) <= check.MAX_MAGNITUDE:
            return floats
        return None
    for value in floats:
        if not abs(value) <= check.MAX_MAGNITUDE and value == value:
            return None
    return floats


def _rows_are_valid(chart: str, y: list[float], n: list[float] | None) -> bool:
    """What :func:`.validation.check_rows` accepts (the reference raises the errors)."""
    if n is None:
        if chart in check.DENOMINATOR_CHARTS:
            return False
    counts = chart in check.COUNT_CHARTS
    proportions = chart in check.PROPORTION_CHARTS
    times = chart == "t"
    if n is None and not counts and not times:
        return True
    if n is None:
        total = sum(y)
        if total - total == 0:  # no missing values
            return min(y) > 0 if times else min(y) >= 0
        n = [NAN] * len(y)
    elif _finite(y) and _finite(n) and min(n) >= 0:  # nothing missing
        if (counts and min(y) < 0) or (times and min(y) <= 0):
            return False
        if proportions:
            return all(map(le, y, n))  # with y >= 0, also y = 0 where n = 0
        return 0 not in n or all(v == 0 for v, d in zip(y, n, strict=True) if d == 0)
    for value, denominator in zip(y, n, strict=True):
        if denominator < 0:
            return False
        if value != value:
            continue
        if (times and value <= 0) or (counts and value < 0):
            return False
        if proportions and value > denominator:
            return False
        if denominator == 0 and value != 0:
            return False
    return True


def _subgroups(keys, y, n, notes):
    """As :func:`.subgroups.aggregate`, over lists."""
    rows = len(keys)
    if sorted(keys) == keys and len(set(keys)) == rows:  # in order, one row per point
        y_sum = y
        complete = _finite(y)  # no missing y
        y_length = [1.0] * rows if complete else [1.0 if v == v else 0.0 for v in y]
        y_sd = [NAN] * rows
        if n is not None:
            n_sum = n if _finite(n) else [d if d == d else 0.0 for d in n]
            y_all = y if complete else [v if v == v else 0.0 for v in y]
            y_plot = divide(y_all, n_sum)
        else:
            n_sum = [NAN] * rows
            y_plot = y
        group_notes = [_combined_notes([note]) for note in notes] if notes else [None] * rows
        return keys, y_plot, y_sum, y_length, y, y_sd, n_sum, group_notes
    if sorted(keys) == keys:  # in order, several rows per point
        order = list(range(rows))
        sorted_keys = keys
    else:
        order = sorted(range(rows), key=keys.__getitem__)
        sorted_keys = [keys[i] for i in order]
    starts = [0, *compress(range(1, rows), map(ne, sorted_keys, islice(sorted_keys, 1, None)))]
    bounds = list(zip(starts, [*starts[1:], rows], strict=True))
    if len(bounds) >= _WHOLE_ARRAY_GROUPS:
        y_sum, y_length, y_mean, y_sd, n_sum, y_all = _subgroup_arrays(order, starts, y, n)
    else:
        y_sum, y_length, y_mean, y_sd, n_sum, y_all = _subgroup_lists(order, bounds, y, n)
    if n is not None:
        y_plot = divide(y_all, n_sum)
    else:
        n_sum = [NAN] * len(bounds)
        y_plot = y_mean
    group_notes = (
        [_combined_notes([notes[order[i]] for i in range(a, b)]) for a, b in bounds]
        if notes
        else [None] * len(bounds)
    )
    keys_out = [sorted_keys[start] for start in starts]
    return keys_out, y_plot, y_sum, y_length, y_mean, y_sd, n_sum, group_notes


def _subgroup_arrays(order, starts, y, n):
    """Subgroup statistics of many subgroups at once (rows padded with NaN)."""
    rows = len(order)
    begin = np.array(starts)
    sizes = np.diff(np.append(begin, rows))
    group = np.repeat(np.arange(len(starts)), sizes)
    slot = np.arange(rows) - np.repeat(begin, sizes)
    ordered = np.array(order)
    matrix = np.full((len(starts), int(sizes.max())), np.nan)
    matrix[group, slot] = np.array(y)[ordered]
    y_sum, y_mean, y_sd = subgroup_rows(matrix)
    y_length = (~np.isnan(matrix)).sum(axis=1).astype(float)
    y_all = y_sum.copy()
    single = sizes == 1
    first = matrix[single, 0]
    y_sum[single] = first
    y_mean[single] = first
    y_sd[single] = np.nan
    y_all[single] = np.where(np.isnan(first), 0.0, first)
    n_sum = None
    if n is not None:
        matrix[group, slot] = np.array(n)[ordered]
        n_sum = fsum_rows(matrix)
        n_sum = n_sum.tolist()
    return y_sum.tolist(), y_length.tolist(), y_mean.tolist(), y_sd.tolist(), n_sum, y_all.tolist()


def _subgroup_lists(order, bounds, y, n):
    y_sum, y_length, y_mean, y_sd, n_sum, y_all = [], [], [], [], [], []
    for start, stop in bounds:
        members = order[start:stop]
        if stop - start == 1:
            value = y[members[0]]
            y_sum.append(value)
            y_length.append(1.0 if value == value else 0.0)
            y_mean.append(value)
            y_sd.append(NAN)
            y_all.append(value if value == value else 0.0)
            if n is not None:
                d = n[members[0]]
                n_sum.append(d if d == d else 0.0)
            continue
        kept = [y[row] for row in members if y[row] == y[row]]
        total = math.fsum(kept)
        y_sum.append(total)
        y_length.append(len(kept))
        mean = mean_of(kept)
        y_mean.append(mean)
        y_sd.append(sd_of(kept, mean))
        y_all.append(total)
        if n is not None:
            n_sum.append(math.fsum([n[row] for row in members if n[row] == n[row]]))
    return y_sum, [float(v) for v in y_length], y_mean, y_sd, n_sum, y_all


def _display(key: float):
    return int(key) if key.is_integer() and abs(key) < 2**53 else key


def _same(values: list) -> bool:
    """Every item is the first (identity counts, so one NaN object repeated is the same)."""
    return values.count(values[0]) == len(values)


def _nullable(values) -> tuple:
    total = sum(values)
    if total - total == 0:  # all finite
        return tuple(values)
    if _same(values):
        first = values[0]
        return (first if first - first == 0 else None,) * len(values)
    return tuple([v if v - v == 0 else None for v in values])


def _finite_or_nan(values) -> list:
    total = sum(values)
    if total - total == 0:
        return values
    if _same(values):
        first = values[0]
        return values if first - first == 0 or first != first else [NAN] * len(values)
    return [v if v - v == 0 else NAN for v in values]


# --- the chart ------------------------------------------------------------------------------


def try_qic_fast(
    x: Sequence,
    y: Sequence,
    n: Sequence | None,
    chart: str,
    freeze: int | None,
    part: Sequence[int] | None,
    exclude: Sequence[int] | None,
    target: float | None,
    notes: Sequence[str | None] | None,
    multiply: float,
) -> ChartResult | None:
    """The chart by the small-series path, or None where the reference path must do it."""
    try:
        return _qic_fast(x, y, n, chart, freeze, part, exclude, target, notes, multiply)
    except (SpcInputError, TypeError, ValueError, OverflowError):
        return None


def _qic_fast(x, y, n, chart, freeze, part, exclude, target, notes, multiply):
    if chart not in CHARTS:
        return None
    rows = len(x)
    if not rows or len(y) != rows or (n is not None and len(n) != rows):
        return None
    if notes is not None and len(notes) != rows:
        return None
    if set(map(type, x)) == _INT_ONLY and -(2**53) < min(x) and max(x) < 2**53:
        keys = list(x)  # ints order and group as their (exact) floats do, and show as given
    else:
        keys = _floats(x, allow_none=False)
        if keys is None or not _finite(keys):
            return None
    y = _floats(y, allow_none=True)
    if y is None:
        return None
    if n is not None:
        n = _floats(n, allow_none=True)
        if n is None:
            return None
    if not _rows_are_valid(chart, y, n):
        return None
    multiply = check.check_multiply(multiply)
    target = check.check_target(target)
    if n is not None and not (_finite(y) and _finite(n)):  # a value is missing
        incomplete = [a != a or b != b for a, b in zip(y, n, strict=True)]
        if any(incomplete):
            y = [NAN if gone else v for v, gone in zip(y, incomplete, strict=True)]
            n = [NAN if gone else v for v, gone in zip(n, incomplete, strict=True)]
    notes = list(notes) if notes is not None else None
    keys, y_plot, y_sum, y_length, y_mean, y_sd, n_sum, group_notes = _subgroups(keys, y, n, notes)
    size = len(keys)
    freeze = check.check_freeze(freeze, size)
    part_starts = check.check_part(part, size)
    excluded = check.check_exclude(exclude, size)
    last_base = freeze if freeze is not None and not part_starts else size
    baseline = [True] * last_base + [False] * (size - last_base)
    if excluded:
        included = [i not in excluded for i in range(1, size + 1)]
        base = [a and b for a, b in zip(baseline, included, strict=True)]
    else:
        included = [True] * size
        base = baseline
    rules = _rules(chart)
    compute = CHARTS[chart]
    bounds = list(zip([0, *part_starts], [*part_starts, size], strict=True))
    y_out, cl_out, lcl_out, ucl_out, part_out, summaries = [], [], [], [], [], []
    for number, (start, stop) in enumerate(bounds, start=1):
        lines = compute(
            _Part(
                y=y_plot[start:stop],
                y_sum=y_sum[start:stop],
                y_length=y_length[start:stop],
                y_mean=y_mean[start:stop],
                y_sd=y_sd[start:stop],
                n=n_sum[start:stop],
                base=base[start:stop],
            )
        )
        py, pcl, plcl, pucl = lines
        if excluded:
            keep = included[start:stop]
            runs = analyse_runs(_picked(py, keep), _picked(pcl, keep))
        else:
            runs = analyse_runs(py, pcl)
        signal = runs[-1] and RULE_LONGEST_RUN in rules
        summaries.append(PartSummary(number, *runs[:-1], runs_signal=signal))
        y_out += py
        cl_out += pcl
        lcl_out += plcl
        ucl_out += pucl
        part_out += [number] * (stop - start)
    if multiply != 1:
        y_out = [v * multiply for v in y_out]
        cl_out = [v * multiply for v in cl_out]
        lcl_out = [v * multiply for v in lcl_out]
        ucl_out = [v * multiply for v in ucl_out]
    lcl_out = _finite_or_nan(lcl_out)
    ucl_out = _finite_or_nan(ucl_out)
    if _same(lcl_out) and lcl_out[0] != lcl_out[0] and _same(ucl_out) and ucl_out[0] != ucl_out[0]:
        sigma = [False] * size  # no limits (run chart)
    else:
        sigma = [v > hi or v < lo for v, lo, hi in zip(y_out, lcl_out, ucl_out, strict=True)]
    columns = PointColumns(
        x=tuple(keys) if type(keys[0]) is int else tuple([_display(key) for key in keys]),
        y=_nullable(y_out),
        cl=_nullable(cl_out),
        ucl=_nullable(ucl_out),
        lcl=_nullable(lcl_out),
        part=tuple(part_out),
        baseline=tuple(baseline),
        included=tuple(included),
        sigma_signal=tuple(sigma),
        n=_nullable(n_sum),
        note=tuple(group_notes),
    )
    return ChartResult(
        chart=chart,
        x_kind=str(XKind.NUMBER),
        columns=columns,
        parts=tuple(summaries),
        rules=rules,
        freeze=freeze if not part_starts else None,
        multiply=multiply,
        target=None if target is None else target * 1.0,
    )


@lru_cache(maxsize=32)
def _rules(chart: str) -> tuple[str, ...]:
    return engine_rules(chart, XKind.NUMBER)
