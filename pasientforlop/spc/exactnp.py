"""Row-wise sums, means and standard deviations of 2-D arrays, exactly as :mod:`.rstats`.

The reference reductions are exact: :func:`math.fsum` (the correctly rounded sum) and the
correctly rounded mean. Here each row is summed in long double (64-bit significand on x86-64
Linux), which is within a known bound of the exact sum; where the whole interval around it
rounds to one double, that double is the correctly rounded result. The few rows that come too
close to a rounding boundary (and rows with a zero, tiny, huge or non-finite result) are
computed by the exact reference functions one by one. Where long double is no wider than a
double, every row takes the exact route: slower, never different.

NaN is a missing value (R's ``na.rm = TRUE``) throughout.
"""

import math

import numpy as np

from .rstats import mean_of

LONG = np.longdouble
_LONG_BITS = np.finfo(LONG).nmant
_WIDE = _LONG_BITS >= 63
_EPS = float(np.finfo(LONG).eps)
_UNIT = _EPS / 2  # unit roundoff of long double
_SPLIT = 134217729.0  # 2**27 + 1, Veltkamp's splitter for doubles
_MARGIN = 1 - 2**-20


def _certified(total: np.ndarray, bound: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The doubles nearest ``total`` (long double) and where that is certain within ``bound``.

    Certain when ``total`` is farther than ``bound`` from both midpoints between the nearest
    double and its neighbours (the gap below a power of two is half the gap above).
    """
    nearest = total.astype(float)
    size = np.abs(nearest)
    gap = np.spacing(size)
    gap[np.frexp(size)[0] == 0.5] *= 0.5  # powers of two: the smaller gap below
    error = np.abs(total - nearest) + bound
    sure = (error < gap / 2) & (size > 1e-290) & (size < 1e290)
    return nearest, sure


def _prepare(values: np.ndarray):
    values = np.asarray(values, dtype=float)
    kept = ~np.isnan(values)
    zeroed = np.where(kept, values, 0.0)
    count = kept.sum(axis=1)
    magnitude = np.abs(zeroed).sum(axis=1)
    total = zeroed.astype(LONG).sum(axis=1)
    # Any order of summation: |error| <= gamma_n * sum|x|, gamma_n = n u / (1 - n u);
    # sum|x| itself is computed in doubles (relative error below n * 2**-52).
    terms = values.shape[1] + 1
    gamma = terms * _UNIT / (1 - terms * _UNIT)
    bound = (magnitude * (1 + terms * 2.0**-52)).astype(LONG) * (1.01 * gamma)
    return values, kept, count, total, bound


def fsum_rows(values: np.ndarray) -> np.ndarray:
    """``math.fsum`` of the non-NaN values of each row (0 for none)."""
    with np.errstate(all="ignore"):
        values, kept, count, total, bound = _prepare(values)
        return _sums(values, kept, total, bound)


def _sums(values, kept, total, bound) -> np.ndarray:
    result, sure = _certified(total, bound + 2 * _UNIT * np.abs(total))
    sure &= np.isfinite(bound) & _WIDE
    for row in np.flatnonzero(~sure):
        result[row] = math.fsum(values[row][kept[row]].tolist())
    return result


def mean_rows(values: np.ndarray) -> np.ndarray:
    """The correctly rounded mean of the non-NaN values of each row (NaN for none)."""
    with np.errstate(all="ignore"):
        values, kept, count, total, bound = _prepare(values)
        return _means(values, kept, count, total, bound)


def _means(values, kept, count, total, bound) -> np.ndarray:
    mean = total / count
    bound = bound / count + 3 * _UNIT * np.abs(mean)
    result, sure = _certified(mean, bound)
    sure &= (count > 0) & np.isfinite(bound) & _WIDE
    for row in np.flatnonzero(~sure):
        result[row] = mean_list(values[row][kept[row]].tolist())
    return result


def subgroup_rows(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """fsum, correctly rounded mean and R's sd of the non-NaN values of each row at once."""
    values = np.asarray(values, dtype=float)
    if _WIDE and values.shape[1] > 1 and not np.isnan(values).any():
        with np.errstate(all="ignore"):
            return _full_rows(values)
    with np.errstate(all="ignore"):
        values, kept, count, total, bound = _prepare(values)
        sums = _sums(values, kept, total, bound)
        means = _means(values, kept, count, total, bound)
        deviations = values - means[:, None]
        squares, kept, _, total, bound = _prepare(deviations * deviations)
        sds = np.sqrt(_sums(squares, kept, total, bound) / (count - 1))
    sds[count < 2] = np.nan
    return sums, means, sds


def mean_list(kept: list[float]) -> float:
    """The correctly rounded mean of ``kept`` (no NaN), equal to :func:`.rstats.mean_of`.

    ``m = fsum / n`` is the nearest double to the exact mean unless the exact mean lies at
    (or within rounding of) a midpoint between m and a neighbour. The residual
    ``sum - m * n`` is computed exactly (m split in halves of 26 bits, whose products with n
    are exact) and rounded once by fsum; when it leaves no doubt, m is the answer; otherwise m
    is corrected once by the residual and checked again, and only then does the exact
    rational mean decide.
    """
    count = len(kept)
    if not count:
        return math.nan
    try:
        total = math.fsum(kept)
    except (ValueError, OverflowError):
        return mean_of(kept)
    mean = total / count
    work = list(kept)
    for _ in range(2):
        if not 1e-290 < abs(mean) < 1e290 or count >= 2**25:  # zero, tiny, huge or not finite
            return mean_of(kept)
        scaled = _SPLIT * mean
        high = scaled - (scaled - mean)
        low = mean - high
        work.append(-high * count)
        work.append(-low * count)
        residual = math.fsum(work)
        del work[-2:]
        above = (math.nextafter(mean, math.inf) - mean) * count / 2
        below = (mean - math.nextafter(mean, -math.inf)) * count / 2
        if -below * _MARGIN < residual < above * _MARGIN:
            return mean
        mean = mean + residual / count
    return mean_of(kept)


def sd_rows(values: np.ndarray, means: np.ndarray) -> np.ndarray:
    """R's ``sd()`` of the non-NaN values of each row, given their exact means (NaN below 2)."""
    values = np.asarray(values, dtype=float)
    deviations = values - means[:, None]
    count = (~np.isnan(values)).sum(axis=1)
    with np.errstate(all="ignore"):
        result = np.sqrt(fsum_rows(deviations * deviations) / (count - 1))
    result[count < 2] = np.nan
    return result


def _full_rows(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`subgroup_rows` of rows without missing values, in fewer array operations."""
    rows, size = values.shape
    terms = size + 1
    factor = 1.01 * terms * _UNIT / (1 - terms * _UNIT) * (1 + terms * 2.0**-52)
    total = values.astype(LONG).sum(axis=1)
    bound = np.abs(values).sum(axis=1).astype(LONG) * factor
    mean = total / size
    both = np.concatenate([total, mean])
    bounds = np.concatenate(
        [bound + 2 * _UNIT * np.abs(total), bound / size + 3 * _UNIT * np.abs(mean)]
    )
    nearest, sure = _certified(both, bounds)
    sums, means = nearest[:rows], nearest[rows:]
    for row in np.flatnonzero(~sure[:rows]):
        sums[row] = math.fsum(values[row].tolist())
    for row in np.flatnonzero(~sure[rows:]):
        means[row] = mean_list(values[row].tolist())
    deviations = values - means[:, None]
    squares = deviations * deviations
    square_total = squares.astype(LONG).sum(axis=1)
    square_sums, sure = _certified(square_total, square_total * factor + 2 * _UNIT * square_total)
    for row in np.flatnonzero(~sure):
        square_sums[row] = math.fsum(squares[row].tolist())
    return sums, means, np.sqrt(square_sums / (size - 1))
