"""The Anhøj rules: unusually long runs and unusually few crossings (qicharts2's runs.analysis)."""

from dataclasses import dataclass

import numpy as np

from .binom import crossings_minimum, longest_run_maximum


@dataclass(frozen=True)
class RunsAnalysis:
    n_obs: int  # included points of the part, missing values counted as qicharts2 does
    n_useful: int  # points not on the centre line (and not missing)
    longest_run: int | None
    longest_run_max: int | None
    n_crossings: int | None
    n_crossings_min: int | None
    signal: bool


def analyse_runs(y: np.ndarray, cl: np.ndarray) -> RunsAnalysis:
    """Runs analysis of the included points ``y`` against their centre line ``cl``."""
    with np.errstate(invalid="ignore"):
        sides = np.sign(y - cl)
    sides = sides[~np.isnan(sides) & (sides != 0)]
    n_useful = len(sides)
    if n_useful == 0:
        return RunsAnalysis(len(y), 0, None, None, None, None, False)
    run_ends = np.flatnonzero(sides[1:] != sides[:-1]) + 1
    run_lengths = np.diff(np.concatenate(([0], run_ends, [n_useful])))
    longest_run = int(run_lengths.max())
    n_crossings = len(run_ends)
    longest_run_max = longest_run_maximum(n_useful)
    n_crossings_min = crossings_minimum(n_useful)
    signal = longest_run > longest_run_max or n_crossings < n_crossings_min
    return RunsAnalysis(
        len(y), n_useful, longest_run, longest_run_max, n_crossings, n_crossings_min, signal
    )
