"""Centre lines and 3-sigma limits per chart type, as qicharts2 0.8 computes them.

Each function gets one part (phase) of the chart and returns the plotted values with their
centre line and limits (before ``multiply``). ``base`` marks the baseline points that are not
excluded: only those feed the centre line and sigma. The option ``qic.screenedmr`` is TRUE as
qicharts2 sets it when the package is attached.
"""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from .constants import a3, b3, b4
from .rstats import r_divide, r_mean, r_median, r_sd, r_sum

D2 = 1.128  # d2 for moving ranges of two
MR_UPPER = 3.267  # D4 for moving ranges of two (Nelson 1982 screening and MR limit)
IP_UPPER = 3.2665  # qicharts2's screening factor for the I′ chart's scaled moving ranges
T_EXPONENT = 3.6  # Nelson's transformation of exponential times to near-normal


@dataclass(frozen=True)
class PartInput:
    y: np.ndarray
    y_sum: np.ndarray
    y_length: np.ndarray
    y_mean: np.ndarray
    y_sd: np.ndarray
    n: np.ndarray
    base: np.ndarray
    categorical: bool


@dataclass(frozen=True)
class Lines:
    y: np.ndarray
    cl: np.ndarray
    lcl: np.ndarray
    ucl: np.ndarray


def _filled(value: float, like: np.ndarray) -> np.ndarray:
    return np.full(like.shape, value, dtype=float)


def _three_sigma(y: np.ndarray, cl: float, stdev) -> Lines:
    stdev = np.broadcast_to(np.asarray(stdev, dtype=float), y.shape)
    return Lines(y, _filled(cl, y), cl - 3 * stdev, cl + 3 * stdev)


def _clip(values: np.ndarray, *, low: float | None = None, high: float | None = None):
    finite = np.isfinite(values)
    if low is not None:
        values[finite & (values < low)] = low
    if high is not None:
        values[finite & (values > high)] = high
    return values


def screened_average_moving_range(values: np.ndarray) -> float:
    """Average moving range after dropping ranges >= 3.267 x the average (Nelson 1982)."""
    moving_ranges = np.abs(np.diff(values))
    average = r_mean(moving_ranges)
    with np.errstate(invalid="ignore"):
        return r_mean(moving_ranges[moving_ranges < MR_UPPER * average])


def run_chart(d: PartInput) -> Lines:
    nothing = _filled(np.nan, d.y)
    return Lines(d.y, _filled(r_median(d.y[d.base]), d.y), nothing, nothing.copy())


def i_chart(d: PartInput) -> Lines:
    cl = r_mean(d.y[d.base])
    sigma = screened_average_moving_range(d.y[d.base] - cl) / D2
    return _three_sigma(d.y, cl, sigma)


def mr_chart(d: PartInput) -> Lines:
    y = np.concatenate(([np.nan], np.abs(np.diff(d.y))))
    cl = r_mean(y[d.base])
    return Lines(y, _filled(cl, y), _filled(0.0, y), _filled(MR_UPPER * cl, y))


def t_chart(d: PartInput) -> Lines:
    with np.errstate(invalid="ignore"):
        lines = i_chart(replace(d, y=d.y ** (1 / T_EXPONENT)))
        back = {name: getattr(lines, name) ** T_EXPONENT for name in ("y", "cl", "lcl", "ucl")}
    lcl = back["lcl"]
    lcl[np.isnan(lcl) | (lcl < 0)] = 0.0
    return Lines(back["y"], back["cl"], lcl, back["ucl"])


def _pooled_sd(d: PartInput) -> float:
    """Montgomery 6.31 for varying subgroup sizes, else the mean standard deviation (6.29)."""
    if len(np.unique(d.y_length)) > 1:
        sizes, sds = d.y_length[d.base], d.y_sd[d.base]
        return float(np.sqrt(r_divide(r_sum((sizes - 1) * sds**2), r_sum(sizes - 1))))
    return r_mean(d.y_sd[d.base])


def xbar_chart(d: PartInput) -> Lines:
    sizes = d.y_length[d.base]
    cl = r_divide(r_sum(sizes * d.y_mean[d.base]), r_sum(sizes))
    spread = a3(d.y_length) * _pooled_sd(d)
    return Lines(d.y, _filled(cl, d.y), cl - spread, cl + spread)


def s_chart(d: PartInput) -> Lines:
    cl = _pooled_sd(d)
    return Lines(d.y_sd, _filled(cl, d.y), b3(d.y_length) * cl, b4(d.y_length) * cl)


def _proportion_cl(d: PartInput) -> float:
    return r_divide(r_sum(d.y_sum[d.base]), r_sum(d.n[d.base]))


def _laney_sigma_z(d: PartInput, cl: float, stdev: np.ndarray) -> float:
    """Laney's between-subgroup factor: screened MR of z-scores / 1.128, or sd(z)."""
    z = (d.y[d.base] - cl) / stdev[d.base]
    if d.categorical:
        return r_sd(z, na_rm=False)
    return screened_average_moving_range(z) / D2


def _p_limits(d: PartInput, laney: bool) -> Lines:
    cl = _proportion_cl(d)
    with np.errstate(divide="ignore", invalid="ignore"):
        stdev = np.sqrt(cl * (1 - cl) / d.n)
        if laney:
            stdev = stdev * _laney_sigma_z(d, cl, stdev)
    lines = _three_sigma(d.y, cl, stdev)
    return Lines(lines.y, lines.cl, _clip(lines.lcl, low=0.0), _clip(lines.ucl, high=1.0))


def _u_limits(d: PartInput, laney: bool) -> Lines:
    cl = _proportion_cl(d)
    with np.errstate(divide="ignore", invalid="ignore"):
        stdev = np.sqrt(cl / d.n)
        if laney:
            stdev = stdev * _laney_sigma_z(d, cl, stdev)
    lines = _three_sigma(d.y, cl, stdev)
    return Lines(lines.y, lines.cl, _clip(lines.lcl, low=0.0), lines.ucl)


def p_chart(d: PartInput) -> Lines:
    return _p_limits(d, laney=False)


def pp_chart(d: PartInput) -> Lines:
    return _p_limits(d, laney=True)


def u_chart(d: PartInput) -> Lines:
    return _u_limits(d, laney=False)


def up_chart(d: PartInput) -> Lines:
    return _u_limits(d, laney=True)


def c_chart(d: PartInput) -> Lines:
    cl = r_mean(d.y_sum[d.base])
    lines = _three_sigma(d.y_sum, cl, np.sqrt(cl))
    return Lines(lines.y, lines.cl, _clip(lines.lcl, low=0.0), lines.ucl)


def g_chart(d: PartInput) -> Lines:
    """Limits from the mean (geometric model); centre line at the median of the baseline."""
    mean = r_mean(d.y[d.base])
    lines = _three_sigma(d.y, mean, np.sqrt(mean * (mean + 1)))
    lcl = lines.lcl
    lcl[lcl < 0] = 0.0
    return Lines(lines.y, _filled(r_median(d.y[d.base]), d.y), lcl, lines.ucl)


def ip_chart(d: PartInput) -> Lines:
    """I′ chart (Anhøj, Taylor and Mohammed): an I chart of rates with limits by denominator.

    Without denominators each subgroup's size is its number of values. The centre line is
    the denominator-weighted mean of the baseline; sigma comes from the screened mean of the
    scaled moving ranges sqrt(pi/2) |y[i+1] - y[i]| / sqrt(1/n[i] + 1/n[i+1]) over the part.
    """
    n = d.y_length if np.isnan(d.n).all() else d.n
    cl = r_divide(r_sum(d.y[d.base] * n[d.base]), r_sum(n[d.base]))
    with np.errstate(divide="ignore", invalid="ignore"):
        scaled = np.sqrt(np.pi / 2) * np.abs(np.diff(d.y)) / np.sqrt(1 / n[:-1] + 1 / n[1:])
        average = r_mean(scaled)
        screened = r_mean(scaled[scaled < IP_UPPER * average])
        stdev = screened * np.sqrt(1 / n)
    return _three_sigma(d.y, cl, stdev)


CHART_NAMES = ("run", "i", "mr", "xbar", "s", "t", "p", "pp", "u", "up", "c", "g", "ip")


def chart_table(
    functions: Mapping[str, Callable], names: Collection[str] = CHART_NAMES
) -> dict[str, Callable]:
    """The chart functions of one computation path by chart type, in :data:`CHART_NAMES` order.

    ``functions`` is the module's ``globals()``, where the function of chart ``c`` is named
    ``c_chart``; ``names`` limits the table to the charts the path computes.
    """
    return {name: functions[f"{name}_chart"] for name in CHART_NAMES if name in names}


def ratio_charts(ratio_limits: Callable) -> tuple[Callable, Callable, Callable, Callable]:
    """The P, P′, U and U′ chart functions from ``ratio_limits(d, laney=, proportion=)``."""
    return (
        partial(ratio_limits, laney=False, proportion=True),
        partial(ratio_limits, laney=True, proportion=True),
        partial(ratio_limits, laney=False, proportion=False),
        partial(ratio_limits, laney=True, proportion=False),
    )


CHART_FUNCTIONS: dict[str, Callable[[PartInput], Lines]] = chart_table(globals())
