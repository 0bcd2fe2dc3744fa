import math
import statistics

import pytest

from pasientforlop.spc import SpcInputError, qic

from .helpers import close, mean, moving_ranges

X = list(range(1, 13))
Y = [12, 15, 9, 20, 14, 11, 16, 13, 30, 12, 10, 14]
N = [100, 110, 95, 120, 105, 98, 112, 101, 115, 99, 90, 104]


def test_p_uses_the_pooled_proportion_and_binomial_sigma():
    result = qic(X, Y, n=N, chart="p")
    p = sum(Y) / sum(N)
    for point, y, n in zip(result.points, Y, N, strict=True):
        sigma = math.sqrt(p * (1 - p) / n)
        assert point.y == close(y / n)
        assert point.cl == close(p)
        assert point.ucl == close(p + 3 * sigma)
        assert point.lcl == close(p - 3 * sigma)
    assert [pt.index for pt in result.sigma_signals] == [9]


def test_p_limits_are_clipped_to_zero_and_one():
    low = qic([1, 2, 3, 4], [0, 1, 0, 1], n=[5, 5, 5, 5], chart="p")
    assert 0.1 - 3 * math.sqrt(0.1 * 0.9 / 5) < 0
    assert all(p.lcl == 0 and p.ucl == close(0.1 + 3 * math.sqrt(0.09 / 5)) for p in low.points)
    high = qic([1, 2, 3, 4], [5, 4, 5, 4], n=[5, 5, 5, 5], chart="p")
    assert all(p.ucl == 1 and p.lcl == close(0.9 - 3 * math.sqrt(0.09 / 5)) for p in high.points)


def test_p_with_multiply_gives_percent():
    result = qic(X, Y, n=N, chart="p", multiply=100)
    p = sum(Y) / sum(N)
    assert result.points[0].cl == close(p * 100)
    assert result.points[0].y == close(Y[0] / N[0] * 100)
    assert result.points[0].ucl == close((p + 3 * math.sqrt(p * (1 - p) / N[0])) * 100)


def test_p_subgroups_are_summed():
    result = qic([1, 1, 2, 2], [1, 2, 3, 4], n=[10, 10, 20, 20], chart="p")
    assert [p.y for p in result.points] == [close(3 / 20), close(7 / 40)]
    assert result.points[0].cl == close(10 / 60)


def test_p_missing_value_has_no_point_and_no_limits():
    y = list(Y)
    y[3] = None
    result = qic(X, y, n=N, chart="p")
    p = (sum(Y) - Y[3]) / (sum(N) - N[3])
    assert result.points[3].y is None
    assert result.points[3].ucl is None and result.points[3].lcl is None
    assert result.points[0].cl == close(p)
    assert result.parts[0].n_obs == 12


def test_p_exclude_and_freeze():
    result = qic(X, Y, n=N, chart="p", freeze=10, exclude=[9])
    keep = [i for i in range(10) if i != 8]
    p = sum(Y[i] for i in keep) / sum(N[i] for i in keep)
    assert result.points[-1].cl == close(p)


def _laney_sigma_z(y, n, p):
    z = [(yi / ni - p) / math.sqrt(p * (1 - p) / ni) for yi, ni in zip(y, n, strict=True)]
    ranges = moving_ranges(z)
    kept = [r for r in ranges if r < 3.267 * mean(ranges)]
    return mean(kept) / 1.128


def test_p_prime_scales_sigma_by_laneys_screened_factor():
    big_n = [n * 1000 for n in N]
    big_y = [y * 1000 + (i % 3) * 400 for i, y in enumerate(Y)]
    result = qic(X, big_y, n=big_n, chart="pp")
    p = sum(big_y) / sum(big_n)
    factor = _laney_sigma_z(big_y, big_n, p)
    for point, n in zip(result.points, big_n, strict=True):
        sigma = math.sqrt(p * (1 - p) / n) * factor
        assert point.cl == close(p)
        assert point.ucl == close(p + 3 * sigma)
        assert point.lcl == close(p - 3 * sigma)


def test_p_prime_screening_drops_the_outlying_ranges():
    y = Y[:8] + [70] + Y[9:]
    result = qic(X, y, n=N, chart="pp")
    p = sum(y) / sum(N)
    z = [(a / n - p) / math.sqrt(p * (1 - p) / n) for a, n in zip(y, N, strict=True)]
    unscreened = mean(moving_ranges(z)) / 1.128
    screened = _laney_sigma_z(y, N, p)
    assert screened < unscreened
    assert result.points[0].ucl == close(p + 3 * math.sqrt(p * (1 - p) / N[0]) * screened)
    assert result.points[8].sigma_signal


def test_p_prime_for_categories_uses_the_sd_of_z():
    units = ["A", "B", "C", "D", "E"]
    y, n = [30, 45, 25, 60, 38], [300, 400, 280, 450, 350]
    result = qic(units, y, n=n, chart="pp")
    p = sum(y) / sum(n)
    z = [(a / b - p) / math.sqrt(p * (1 - p) / b) for a, b in zip(y, n, strict=True)]
    factor = statistics.stdev(z)
    assert result.points[0].ucl == close(p + 3 * math.sqrt(p * (1 - p) / n[0]) * factor)
    assert result.rules == ("shewhart_3sigma",)


def test_p_refuses_a_numerator_above_the_denominator():
    with pytest.raises(SpcInputError) as error:
        qic([1, 2], [3, 12], n=[10, 10], chart="p")
    assert error.value.row == 2
    assert "større enn nevneren" in error.value.reason


def test_p_requires_a_denominator():
    with pytest.raises(SpcInputError, match="krever nevner"):
        qic([1, 2], [3, 4], chart="p")
