"""Control chart constants from c4, computed exactly as qicharts2 (>= 0.5.1) does."""

import math

import numpy as np


def _per_subgroup(function, sizes) -> np.ndarray:
    return np.array([function(float(size)) for size in np.asarray(sizes)], dtype=float)


def _c4(n: float) -> float:
    if not n > 1:
        return math.nan
    return math.sqrt(2 / (n - 1)) * math.exp(math.lgamma(n / 2) - math.lgamma((n - 1) / 2))


def _c5(n: float) -> float:
    return math.sqrt(1 - _c4(n) ** 2) if n > 1 else math.nan


def c4(sizes) -> np.ndarray:
    """Bias correction of the sample standard deviation; NA for sizes <= 1."""
    return _per_subgroup(_c4, sizes)


def a3(sizes) -> np.ndarray:
    """Xbar limit factor ``3 / (c4 * sqrt(n))``."""
    return _per_subgroup(lambda n: 3 / (_c4(n) * math.sqrt(n)) if n > 1 else math.nan, sizes)


def b3(sizes) -> np.ndarray:
    """Lower S limit factor ``max(0, 1 - 3 * c5 / c4)``."""
    return _per_subgroup(lambda n: max(0.0, 1 - 3 * _c5(n) / _c4(n)) if n > 1 else math.nan, sizes)


def b4(sizes) -> np.ndarray:
    """Upper S limit factor ``1 + 3 * c5 / c4``."""
    return _per_subgroup(lambda n: 1 + 3 * _c5(n) / _c4(n) if n > 1 else math.nan, sizes)
