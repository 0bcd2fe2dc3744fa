import math

import pytest


def close(expected: float, rel: float = 1e-9):
    """Equality to 1e-9 relative (exact for 0)."""
    return pytest.approx(expected, rel=rel, abs=0 if expected == 0 else None)


def mean(values):
    return math.fsum(values) / len(values)


def moving_ranges(values):
    return [abs(b - a) for a, b in zip(values, values[1:], strict=False)]
