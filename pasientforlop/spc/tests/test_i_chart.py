import statistics

import pytest

from pasientforlop.spc import qic

from .helpers import close, mean, moving_ranges
from .r_random import RRandom

X10 = list(range(1, 11))


def _vignette_data() -> list[float]:
    """The qicharts2 vignette: set.seed(19); y <- rnorm(24); y[22] <- 4;
    y[13:24] <- rnorm(12, mean = 2)."""
    rng = RRandom(19)
    y = rng.rnorm(24)
    y[21] = 4
    y[12:24] = rng.rnorm(12, mean=2)
    return y


def test_it_matches_the_summary_printed_in_the_qicharts2_vignette():
    # summary(qic(y, chart = 'i')) in vignettes/qicharts2.Rmd, printed to 7 digits:
    # n.obs 24, n.useful 24, longest.run 13 (max 8), n.crossings 4 (min 8), runs.signal 1,
    # aLCL -2.114884, CL 1.057091, aUCL 4.229067, sigma.signal 0
    result = qic(list(range(1, 25)), _vignette_data(), chart="i")
    part = result.parts[0]
    assert (part.n_obs, part.n_useful) == (24, 24)
    assert (part.longest_run, part.longest_run_max) == (13, 8)
    assert (part.n_crossings, part.n_crossings_min) == (4, 8)
    assert part.runs_signal
    assert result.points[0].lcl == pytest.approx(-2.114884, abs=5e-7)
    assert result.points[0].cl == pytest.approx(1.057091, abs=5e-7)
    assert result.points[0].ucl == pytest.approx(4.229067, abs=5e-7)
    assert not result.sigma_signals


def test_the_vignette_data_are_recreated_from_r_random_numbers():
    # R: set.seed(19); rnorm(3) gives -1.1894537  0.3885812 -0.3443333
    assert RRandom(19).rnorm(3) == pytest.approx([-1.1894537, 0.3885812, -0.3443333], abs=5e-8)


def test_it_uses_the_mean_and_the_average_moving_range():
    y = [10, 12, 11, 13, 12, 11, 10, 12, 13, 11]
    result = qic(X10, y, chart="i")
    centre = mean(y)
    sigma = mean(moving_ranges([v - centre for v in y])) / 1.128
    assert result.points[0].cl == close(centre)
    assert result.points[0].ucl == close(centre + 3 * sigma)
    assert result.points[0].lcl == close(centre - 3 * sigma)
    assert result.rules == ("anhoej_longest_run", "anhoej_crossings", "shewhart_3sigma")


def test_it_screens_large_moving_ranges():
    y = [10, 11, 10, 12, 11, 10, 30, 11, 10, 12]
    result = qic(X10, y, chart="i")
    centre = mean(y)
    ranges = moving_ranges([v - centre for v in y])
    kept = [r for r in ranges if r < 3.267 * mean(ranges)]
    assert len(kept) == len(ranges) - 2  # the two ranges around 30 are screened out
    sigma = mean(kept) / 1.128
    assert result.points[0].ucl == close(centre + 3 * sigma)
    assert result.points[6].sigma_signal
    assert [p.index for p in result.sigma_signals] == [7]


def test_excluded_points_leave_the_mean_and_the_moving_ranges():
    y = [10, 11, 10, 12, 11, 10, 30, 11, 10, 12]
    result = qic(X10, y, chart="i", exclude=[7])
    rest = y[:6] + y[7:]
    centre = mean(rest)
    sigma = mean(moving_ranges([v - centre for v in rest])) / 1.128  # 10 -> 11 across the gap
    assert result.points[0].cl == close(centre)
    assert result.points[0].ucl == close(centre + 3 * sigma)
    assert not result.points[6].included
    assert result.parts[0].n_obs == 9


def test_freeze_uses_the_baseline_for_the_limits():
    y = [10, 12, 11, 13, 12, 15, 16, 15, 17, 16]
    result = qic(X10, y, chart="i", freeze=5)
    base = y[:5]
    centre = mean(base)
    sigma = mean(moving_ranges([v - centre for v in base])) / 1.128
    assert all(p.cl == close(centre) for p in result.points)
    assert result.points[-1].ucl == close(centre + 3 * sigma)
    assert [p.index for p in result.sigma_signals] == [
        i + 1 for i, v in enumerate(y) if v > centre + 3 * sigma
    ]


def test_a_missing_value_is_skipped_but_keeps_its_limits():
    y = [10, 12, None, 13, 12, 11, 10, 12, 13, 11]
    result = qic(X10, y, chart="i")
    present = [v for v in y if v is not None]
    centre = mean(present)
    deviations = [None if v is None else v - centre for v in y]
    ranges = [
        abs(b - a)
        for a, b in zip(deviations, deviations[1:], strict=False)
        if a is not None and b is not None
    ]
    sigma = mean(ranges) / 1.128
    assert result.points[2].y is None
    assert result.points[2].cl == close(centre)
    assert result.points[2].ucl == close(centre + 3 * sigma)  # qicharts2 0.8 keeps them
    assert result.parts[0].n_obs == 10
    assert result.parts[0].n_useful == 9


def test_subgroups_are_averaged():
    result = qic([1, 1, 2, 2, 3, 3], [1, 3, 5, 7, 2, 2], chart="i")
    assert [p.y for p in result.points] == [2, 6, 2]
    assert result.points[0].cl == close(statistics.mean([2, 6, 2]))
