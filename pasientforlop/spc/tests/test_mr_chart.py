from pasientforlop.spc import qic

from .helpers import close, mean, moving_ranges


def test_it_plots_moving_ranges_with_an_upper_limit_only():
    y = [10, 12, 11, 13, 12, 11, 10, 12, 13, 11]
    result = qic(list(range(1, 11)), y, chart="mr")
    ranges = moving_ranges(y)
    assert result.points[0].y is None
    assert [p.y for p in result.points[1:]] == ranges
    assert result.points[1].cl == close(mean(ranges))
    assert result.points[1].ucl == close(3.267 * mean(ranges))
    assert result.points[1].lcl == 0


def test_it_does_not_screen_the_moving_ranges():
    y = [10, 11, 10, 12, 11, 10, 30, 11, 10, 12]
    result = qic(list(range(1, 11)), y, chart="mr")
    assert result.points[1].cl == close(mean(moving_ranges(y)))
    assert [p.index for p in result.sigma_signals] == [7, 8]


def test_it_applies_no_runs_analysis():
    y = [1, 2] * 5 + [1, 5] * 5
    result = qic(list(range(1, 21)), y, chart="mr")
    assert result.rules == ("shewhart_3sigma",)
    assert not result.runs_signal
    assert result.parts[0].longest_run is not None  # computed, but not a signal


def test_freeze_uses_the_baseline_ranges():
    y = [10, 12, 11, 13, 12, 20, 10, 25, 11, 12]
    result = qic(list(range(1, 11)), y, chart="mr", freeze=5)
    assert result.points[-1].cl == close(mean(moving_ranges(y[:5])))
