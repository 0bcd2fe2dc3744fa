import numpy as np

from pasientforlop.spc import qic
from pasientforlop.spc.runs import analyse_runs


def test_it_counts_runs_and_crossings_of_useful_points():
    y = np.array([1, 2, 5, 5, 3, 6, 7, 8, 1, 0, 5, 9], dtype=float)
    # against 5: - - 0 0 - + + + - - 0 + -> useful 9; runs (---)(+++)(--)(+)
    runs = analyse_runs(y, np.full(12, 5.0))
    assert (runs.n_obs, runs.n_useful) == (12, 9)
    assert (runs.longest_run, runs.n_crossings) == (3, 3)
    assert (runs.longest_run_max, runs.n_crossings_min) == (round(3.1699250014423126) + 3, 2)
    assert not runs.signal


def test_missing_values_count_as_observations_but_not_as_useful():
    runs = analyse_runs(np.array([1.0, np.nan, 3.0]), np.full(3, 2.0))
    assert (runs.n_obs, runs.n_useful, runs.n_crossings) == (3, 2, 1)


def test_no_useful_observations_gives_no_limits_and_no_signal():
    runs = analyse_runs(np.array([2.0, 2.0]), np.full(2, 2.0))
    assert runs.n_useful == 0
    assert runs.longest_run is None and runs.n_crossings_min is None
    assert not runs.signal


def test_each_part_is_analysed_on_its_own():
    y = [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 9, 8, 9, 8, 9, 8, 9, 8, 9, 8, 9]
    whole = qic(list(range(1, 23)), y)
    split = qic(list(range(1, 23)), y, part=[11])
    assert whole.parts[0].runs_signal
    assert not any(part.runs_signal for part in split.parts)
    # each part has 11 points and its own median (1, then 9): six points on each median
    assert [part.n_useful for part in split.parts] == [5, 5]
