import math
import statistics

from pasientforlop.spc import qic

from .helpers import close, mean, moving_ranges

X = list(range(1, 11))
Y = [4, 7, 3, 9, 5, 6, 2, 8, 5, 21]
N = [1.2, 1.5, 0.9, 1.8, 1.1, 1.3, 0.8, 1.6, 1.0, 1.4]


def test_u_uses_the_pooled_rate_and_poisson_sigma():
    result = qic(X, Y, n=N, chart="u")
    u = sum(Y) / sum(N)
    for point, y, n in zip(result.points, Y, N, strict=True):
        assert point.y == close(y / n)
        assert point.ucl == close(u + 3 * math.sqrt(u / n))
        assert point.lcl == close(max(0.0, u - 3 * math.sqrt(u / n)))
    assert [p.index for p in result.sigma_signals] == [10]


def test_u_prime_multiplies_sigma_by_laneys_factor():
    result = qic(X, Y, n=N, chart="up")
    u = sum(Y) / sum(N)
    z = [(y / n - u) / math.sqrt(u / n) for y, n in zip(Y, N, strict=True)]
    ranges = moving_ranges(z)
    factor = mean([r for r in ranges if r < 3.267 * mean(ranges)]) / 1.128
    assert result.points[2].ucl == close(u + 3 * math.sqrt(u / N[2]) * factor)
    assert result.points[2].lcl == close(max(0.0, u - 3 * math.sqrt(u / N[2]) * factor))


def test_u_with_parts_gives_each_part_its_own_lines():
    result = qic(X, Y, n=N, chart="u", part=[5])
    first = sum(Y[:5]) / sum(N[:5])
    second = sum(Y[5:]) / sum(N[5:])
    assert [p.part for p in result.points] == [1] * 5 + [2] * 5
    assert result.points[0].cl == close(first)
    assert result.points[9].cl == close(second)
    assert [s.part for s in result.parts] == [1, 2]
    assert [s.n_obs for s in result.parts] == [5, 5]


def test_c_uses_the_mean_count_and_clips_the_lower_limit():
    result = qic(X, Y, chart="c")
    c = mean(Y)
    assert result.points[0].cl == close(c)
    assert result.points[0].ucl == close(c + 3 * math.sqrt(c))
    assert result.points[0].lcl == close(max(0.0, c - 3 * math.sqrt(c)))


def test_c_sums_subgroups_and_keeps_a_missing_single_count_missing():
    result = qic([1, 1, 2, 3, 4], [2, 3, None, 4, 6], chart="c")
    assert [p.y for p in result.points] == [5, None, 4, 6]
    assert result.points[0].cl == close(mean([5, 4, 6]))


def test_c_exclusion_and_freeze():
    result = qic(X, Y, chart="c", freeze=8, exclude=[4])
    base = [Y[i] for i in range(8) if i != 3]
    assert result.points[-1].cl == close(mean(base))


def test_g_limits_come_from_the_mean_and_the_centre_line_is_the_median():
    y = [12, 30, 7, 45, 21, 3, 60, 18, 25, 9, 40, 140]
    result = qic(list(range(1, 13)), y, chart="g")
    m = mean(y)
    assert result.points[0].cl == close(statistics.median(y))
    assert result.points[0].ucl == close(m + 3 * math.sqrt(m * (m + 1)))
    assert result.points[0].lcl == 0
    assert [p.index for p in result.sigma_signals] == [12]
