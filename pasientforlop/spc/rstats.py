"""Reductions that reproduce R's numerics (``na.rm = TRUE`` unless stated).

R accumulates sums in long double and corrects its mean with a second pass. Exact summation
(:func:`math.fsum`) plus the same second pass gives the same doubles for the data sizes SPC
charts use, so decisions such as "is this point on the centre line" come out as in R.
"""

import math

import numpy as np

NA = math.nan


def present(values) -> list[float]:
    """The values that are not NA/NaN (R's ``na.rm``; infinities are kept, as in R)."""
    return [value for value in np.asarray(values, dtype=float).tolist() if value == value]


def mean_of(kept: list[float]) -> float:
    """R's two-pass mean of values without NA; NaN for none."""
    if not kept:
        return NA
    count = len(kept)
    mean = math.fsum(kept) / count
    if math.isfinite(mean):
        mean += math.fsum([value - mean for value in kept]) / count
    return mean


def sd_of(kept: list[float]) -> float:
    """R's ``sd()`` of values without NA; NA for fewer than two."""
    if len(kept) < 2:
        return NA
    mean = mean_of(kept)
    return math.sqrt(math.fsum([(value - mean) ** 2 for value in kept]) / (len(kept) - 1))


def r_sum(values) -> float:
    """``sum(x, na.rm = TRUE)``: 0 for no values."""
    return math.fsum(present(values))


def r_mean(values) -> float:
    """``mean(x, na.rm = TRUE)``: NaN for no values."""
    return mean_of(present(values))


def r_median(values) -> float:
    """``median(x, na.rm = TRUE)``: the mean of the two middle values for an even count."""
    kept = sorted(present(values))
    count = len(kept)
    if count == 0:
        return NA
    half = (count + 1) // 2
    if count % 2 == 1:
        return kept[half - 1]
    return mean_of(kept[half - 1 : half + 1])


def r_sd(values, *, na_rm: bool = True) -> float:
    """``sd(x, na.rm = na_rm)``: NA for fewer than two values, or for any NA without na_rm."""
    values = np.asarray(values, dtype=float)
    if not na_rm and np.isnan(values).any():
        return NA
    return sd_of(present(values))


def r_divide(numerator, denominator):
    """R's division for floats or arrays: x/0 is NaN for x = 0 and +-Inf otherwise."""
    with np.errstate(divide="ignore", invalid="ignore"):
        result = np.divide(numerator, denominator)
    return float(result) if np.ndim(result) == 0 else result
