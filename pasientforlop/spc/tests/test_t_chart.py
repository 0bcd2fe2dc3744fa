import pytest

from pasientforlop.spc import SpcInputError, qic

from .helpers import close, mean, moving_ranges


def test_it_is_an_i_chart_of_transformed_times_back_transformed():
    y = [12, 30, 7, 45, 21, 3, 60, 18, 25, 9, 40, 14]
    result = qic(list(range(1, 13)), y, chart="t")
    t = [v ** (1 / 3.6) for v in y]
    centre = mean(t)
    ranges = moving_ranges([v - centre for v in t])
    kept = [r for r in ranges if r < 3.267 * mean(ranges)]
    sigma = mean(kept) / 1.128
    assert result.points[0].cl == close(centre**3.6)
    assert result.points[0].ucl == close((centre + 3 * sigma) ** 3.6)
    lower = centre - 3 * sigma
    assert result.points[0].lcl == (close(lower**3.6) if lower > 0 else 0)
    assert [p.y for p in result.points] == [close(v) for v in y]


def test_a_negative_transformed_lower_limit_becomes_zero():
    y = [1, 100, 2, 80, 1, 90, 3, 70, 2, 95]
    result = qic(list(range(1, 11)), y, chart="t")
    assert all(p.lcl == 0 for p in result.points)


def test_it_refuses_times_that_are_not_positive():
    with pytest.raises(SpcInputError) as error:
        qic([1, 2, 3], [5, 0, 4], chart="t")
    assert error.value.row == 2
    assert "større enn 0" in error.value.reason
