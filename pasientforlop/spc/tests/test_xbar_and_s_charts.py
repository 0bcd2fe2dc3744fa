import math
import statistics

import pytest

from pasientforlop.spc import qic
from pasientforlop.spc.constants import a3, b3, b4, c4

from .helpers import close, mean


def c4_by_gamma(n):
    return math.sqrt(2 / (n - 1)) * math.gamma(n / 2) / math.gamma((n - 1) / 2)


# Montgomery, Introduction to Statistical Quality Control, Appendix Table VI
@pytest.mark.parametrize(
    ("n", "c4_table", "a3_table", "b3_table", "b4_table"),
    [
        (2, 0.7979, 2.659, 0, 3.267),
        (5, 0.9400, 1.427, 0, 2.089),
        (10, 0.9727, 0.975, 0.284, 1.716),
        (25, 0.9896, 0.606, 0.565, 1.435),
    ],
)
def test_the_constants_match_the_published_table(n, c4_table, a3_table, b3_table, b4_table):
    assert round(float(c4([n])[0]), 4) == c4_table
    assert round(float(a3([n])[0]), 3) == a3_table
    assert round(float(b3([n])[0]), 3) == b3_table
    assert round(float(b4([n])[0]), 3) == b4_table


def test_the_constants_follow_c4():
    for n in (2, 3, 7, 30):
        k = c4_by_gamma(n)
        assert c4([n])[0] == close(k)
        assert a3([n])[0] == close(3 / (k * math.sqrt(n)))
        assert b4([n])[0] == close(1 + 3 * math.sqrt(1 - k * k) / k)
    assert math.isnan(c4([1])[0])


SAMPLES = {
    1: [74.030, 74.002, 74.019, 73.992, 74.008],
    2: [73.995, 73.992, 74.001, 74.011, 74.004],
    3: [73.988, 74.024, 74.021, 74.005, 74.002],
    4: [74.002, 73.996, 73.993, 74.015, 74.009],
    5: [73.992, 74.007, 74.015, 73.989, 74.014],
    6: [74.009, 73.994, 73.997, 73.985, 73.993],
}


def _rows(samples):
    x = [k for k, values in samples.items() for _ in values]
    y = [v for values in samples.values() for v in values]
    return x, y


def test_xbar_with_constant_subgroup_size_uses_the_mean_sd():
    x, y = _rows(SAMPLES)
    result = qic(x, y, chart="xbar")
    means = [statistics.mean(v) for v in SAMPLES.values()]
    sbar = mean([statistics.stdev(v) for v in SAMPLES.values()])
    centre = mean(means)
    factor = 3 / (c4_by_gamma(5) * math.sqrt(5))
    assert [p.y for p in result.points] == [close(m) for m in means]
    assert result.points[0].cl == close(centre)
    assert result.points[0].ucl == close(centre + factor * sbar)
    assert result.points[0].lcl == close(centre - factor * sbar)


def test_s_with_constant_subgroup_size():
    x, y = _rows(SAMPLES)
    result = qic(x, y, chart="s")
    sds = [statistics.stdev(v) for v in SAMPLES.values()]
    sbar = mean(sds)
    k = c4_by_gamma(5)
    assert [p.y for p in result.points] == [close(s) for s in sds]
    assert result.points[0].cl == close(sbar)
    assert result.points[0].ucl == close(sbar * (1 + 3 * math.sqrt(1 - k * k) / k))
    assert result.points[0].lcl == 0  # B3 is max(0, ...) = 0 for n = 5


VARIABLE = {
    1: [5.0, 6.0, 7.0],
    2: [4.0, 6.0, 6.0, 8.0],
    3: [5.0, 5.5],
    4: [6.0, 7.0, 5.0, 6.5, 6.0],
}


def test_variable_subgroup_sizes_use_the_pooled_sd_and_weighted_mean():
    x, y = _rows(VARIABLE)
    sizes = [len(v) for v in VARIABLE.values()]
    pooled = math.sqrt(
        sum((len(v) - 1) * statistics.variance(v) for v in VARIABLE.values())
        / sum(n - 1 for n in sizes)
    )
    centre = sum(sum(v) for v in VARIABLE.values()) / sum(sizes)
    xbar = qic(x, y, chart="xbar")
    s = qic(x, y, chart="s")
    for point, n in zip(xbar.points, sizes, strict=True):
        assert point.cl == close(centre)
        assert point.ucl == close(centre + 3 / (c4_by_gamma(n) * math.sqrt(n)) * pooled)
    for point, n in zip(s.points, sizes, strict=True):
        k = c4_by_gamma(n)
        assert point.cl == close(pooled)
        assert point.ucl == close(pooled * (1 + 3 * math.sqrt(1 - k * k) / k))
        assert point.lcl == close(max(0.0, 1 - 3 * math.sqrt(1 - k * k) / k) * pooled)


def test_xbar_freeze_and_missing_values_in_a_subgroup():
    samples = {1: [5.0, 6.0, 7.0], 2: [4.0, 6.0, None], 3: [5.0, 5.5, 6.0], 4: [9.0, 9.5, 9.0]}
    x = [k for k, v in samples.items() for _ in v]
    y = [v for values in samples.values() for v in values]
    result = qic(x, y, chart="xbar", freeze=3)
    base = [[v for v in vals if v is not None] for vals in list(samples.values())[:3]]
    centre = sum(sum(v) for v in base) / sum(len(v) for v in base)
    # sizes 3, 2, 3, 3 vary within the part, so the sd is pooled
    pooled = math.sqrt(
        sum((len(v) - 1) * statistics.variance(v) for v in base) / sum(len(v) - 1 for v in base)
    )
    assert result.points[1].y == close(5.0)
    assert result.points[3].cl == close(centre)
    assert result.points[3].ucl == close(centre + 3 / (c4_by_gamma(3) * math.sqrt(3)) * pooled)
    assert result.points[1].ucl == close(centre + 3 / (c4_by_gamma(2) * math.sqrt(2)) * pooled)
    assert result.points[3].sigma_signal
