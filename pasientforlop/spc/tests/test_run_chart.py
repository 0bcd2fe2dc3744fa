import statistics

from pasientforlop.spc import qic

from .helpers import close


def test_the_centre_line_is_the_median():
    y = [3, 1, 4, 1, 5, 9, 2, 6]
    result = qic(list(range(1, 9)), y)
    assert {p.cl for p in result.points} == {statistics.median(y)}
    assert all(p.ucl is None and p.lcl is None for p in result.points)


def test_it_applies_only_the_anhoej_rules():
    result = qic([1, 2, 3], [1, 2, 3])
    assert result.rules == ("anhoej_longest_run", "anhoej_crossings")


def test_points_on_the_median_are_not_useful():
    # median 3; the two 3s neither break nor extend runs
    y = [1, 2, 3, 4, 5, 3, 6, 2, 1]
    part = qic(list(range(1, 10)), y).parts[0]
    assert part.n_obs == 9
    assert part.n_useful == 7
    # sides: - - + + + - -  -> runs 2, 3, 2
    assert part.longest_run == 3
    assert part.n_crossings == 2


def test_it_signals_an_unusually_long_run():
    y = [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 8, 9, 8, 9, 8, 9, 8, 9, 8, 9]
    part = qic(list(range(1, 21)), y).parts[0]
    assert part.longest_run == 10
    assert part.longest_run_max == round(statistics.fmean([4.321928094887363])) + 3  # log2(20)
    assert part.runs_signal


def test_it_signals_too_few_crossings_without_a_long_run():
    # 30 points in runs of 5 alternating: 5 crossings < qbinom(0.05, 29, 0.5) = 10
    y = ([1] * 5 + [9] * 5) * 3
    part = qic(list(range(1, 31)), y).parts[0]
    assert (part.longest_run, part.longest_run_max) == (5, 8)
    assert (part.n_crossings, part.n_crossings_min) == (5, 10)
    assert part.runs_signal


def test_random_looking_data_gives_no_signal():
    y = [5, 7, 4, 8, 6, 3, 9, 5, 7, 4, 6, 8, 5, 7, 3, 9]
    assert not qic(list(range(1, 17)), y).runs_signal


def test_freeze_takes_the_median_of_the_baseline_and_tests_the_rest_against_it():
    y = [5, 6, 4, 5, 7, 3, 5, 6, 9, 9, 9, 9, 9, 9, 9, 9, 9]
    result = qic(list(range(1, 18)), y, freeze=8)
    assert {p.cl for p in result.points} == {statistics.median(y[:8])}
    assert result.parts[0].longest_run == 10  # 6, then the nine 9s, all above 5
    assert result.parts[0].runs_signal
    assert [p.baseline for p in result.points] == [True] * 8 + [False] * 9


def test_an_even_number_of_values_takes_the_mean_of_the_middle_pair():
    result = qic([1, 2, 3, 4], [0.1, 0.7, 0.2, 0.4])
    assert result.points[0].cl == close((0.2 + 0.4) / 2)
