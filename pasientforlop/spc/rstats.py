"""Reductions that reproduce R's numerics (``na.rm = TRUE`` unless stated).

R accumulates sums in long double and corrects its mean with a second pass, which gives the
correctly rounded mean for the data sizes SPC charts use. The mean here is computed exactly
(rational arithmetic, one rounding) and sums with :func:`math.fsum`, so decisions such as "is
this point on the centre line" come out as in R.
"""

import math

import numpy as np

NA = math.nan


def present(values) -> list[float]:
    """The values that are not NA/NaN (R's ``na.rm``; infinities are kept, as in R)."""
    return [value for value in np.asarray(values, dtype=float).tolist() if value == value]


def exact_mean(kept: list[float]) -> float:
    """The mean of finite doubles, correctly rounded (exact rational sum, one rounding).

    R's ``mean`` sums in long double and adds a second-pass correction, which for chart data
    gives the double nearest the exact mean; a plain ``sum / n`` can be one unit in the last
    place off, enough to move a point off (or onto) the centre line.
    """
    ratios = [value.as_integer_ratio() for value in kept]
    scale = max(denominator for _, denominator in ratios)  # powers of two: a common multiple
    total = sum(numerator * (scale // denominator) for numerator, denominator in ratios)
    return total / (scale * len(kept))  # int / int is correctly rounded


def mean_of(kept: list[float]) -> float:
    """R's mean of values without NA, correctly rounded; NaN for none."""
    if not kept:
        return NA
    if all(math.isfinite(value) for value in kept):
        return exact_mean(kept)
    return sum(kept) / len(kept)  # infinities: +-Inf or NaN, as in R


def sd_of(kept: list[float]) -> float:
    """R's ``sd()`` of values without NA; NA for fewer than two.

    Squares are products, as in R's ``var()`` (C code ``xm * xm``): the C library's
    ``pow(x, 2)`` is not correctly rounded everywhere and can differ in the last place.
    """
    if len(kept) < 2:
        return NA
    mean = mean_of(kept)
    deviations = [value - mean for value in kept]
    return math.sqrt(math.fsum([d * d for d in deviations]) / (len(kept) - 1))


def r_sum(values) -> float:
    """``sum(x, na.rm = TRUE)``: 0 for no values."""
    return math.fsum(present(values))


def r_mean(values) -> float:
    """``mean(x, na.rm = TRUE)``: NaN for no values."""
    return mean_of(present(values))


def r_median(values) -> float:
    """``median(x, na.rm = TRUE)``: the mean of the two middle values for an even count."""
    return median_of_sorted(sorted(present(values)))


def median_of_sorted(kept: list[float], mean=mean_of) -> float:
    """The median of sorted values without NA (NaN for none), as :func:`r_median`.

    ``mean`` is a correctly rounded mean such as :func:`mean_of`, for an even count.
    """
    count = len(kept)
    if count == 0:
        return NA
    half = (count + 1) // 2
    if count % 2 == 1:
        return kept[half - 1]
    return mean(kept[half - 1 : half + 1])


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
