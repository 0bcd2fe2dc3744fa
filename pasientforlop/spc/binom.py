"""R's ``qbinom()`` and the Anhøj limits built on it, in pure Python.

R returns the smallest ``y`` with ``pbinom(y, size, prob) >= p``, after shrinking ``p`` by
``1 - 64 * DBL_EPSILON`` "to ensure left continuity" (src/nmath/qbinom.c). R evaluates
``pbinom`` in floating point; here the cumulative probabilities are exact fractions, so only a
cumulative probability within 1e-14 of ``p`` could be decided differently. For the Anhøj
crossings limit (p = 0.05, prob = 0.5) the cumulative probabilities are dyadic fractions that
never come that close to 0.05, so the results are R's exactly.
"""

import math
import sys
from fractions import Fraction
from functools import lru_cache

_LEFT_CONTINUITY_FUZZ = 1 - 64 * sys.float_info.epsilon


@lru_cache(maxsize=4096)
def qbinom(p: float, size: int, prob: float) -> int:
    """The ``p`` quantile of the binomial distribution, as R's ``qbinom(p, size, prob)``."""
    if not 0 <= p <= 1 or not 0 <= prob <= 1 or size < 0 or int(size) != size:
        raise ValueError(f"qbinom: ugyldige argumenter p={p}, size={size}, prob={prob}")
    size = int(size)
    if size == 0 or p == 0 or prob == 0:
        return 0
    if p == 1 or prob == 1:
        return size
    target = Fraction(p * _LEFT_CONTINUITY_FUZZ)
    success = Fraction(prob)
    failure = 1 - success
    cumulative = Fraction(0)
    for k in range(size + 1):
        cumulative += math.comb(size, k) * success**k * failure ** (size - k)
        if cumulative >= target:
            return k
    return size


def crossings_minimum(n_useful: int) -> int:
    """Fewest expected crossings: ``qbinom(0.05, max(n - 1, 0), 0.5)`` (Chen 2010)."""
    return qbinom(0.05, max(n_useful - 1, 0), 0.5)


def longest_run_maximum(n_useful: int) -> int:
    """Longest expected run: ``round(log2(n)) + 3`` (Schilling 2012), R's half-even rounding."""
    return round(math.log2(n_useful)) + 3
