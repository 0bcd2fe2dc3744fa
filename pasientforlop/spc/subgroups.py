"""Aggregating input rows into one subgroup per distinct x (qicharts2's ``qic.agg``)."""

import math
from dataclasses import dataclass

import numpy as np

from .rstats import mean_of, r_divide, sd_of


@dataclass(frozen=True)
class Subgroups:
    """Per-subgroup statistics, in x order (arrays of equal length)."""

    keys: list
    y: np.ndarray  # sum(y)/sum(n) with a denominator, else mean(y)
    y_sum: np.ndarray  # NA for a single missing row, as qicharts2 0.7.4+
    y_length: np.ndarray  # number of non-missing y
    y_mean: np.ndarray
    y_sd: np.ndarray
    n: np.ndarray  # sum(n); NA without a denominator
    notes: list[str | None]

    def __len__(self) -> int:
        return len(self.keys)


def _combined_notes(notes: list[str | None]) -> str | None:
    unique = list(dict.fromkeys(note.strip() for note in notes if note and note.strip()))
    return " | ".join(unique) if unique else None


def aggregate(keys: list, y: np.ndarray, n: np.ndarray | None, notes: list | None) -> Subgroups:
    """Group rows by x key (sorted, stable) and summarise each group as qicharts2 does.

    One row per x is the common case and is handled with whole-array operations; only
    subgroups of several rows go through the R-compatible reductions one by one.
    """
    order = sorted(range(len(keys)), key=keys.__getitem__)
    sorted_keys = [keys[i] for i in order]
    starts = [0] + [i for i in range(1, len(order)) if sorted_keys[i] != sorted_keys[i - 1]]
    bounds = list(zip(starts, [*starts[1:], len(order)], strict=True))
    first = np.array(order)[starts]
    missing = np.isnan(y[first])
    y_sum = y[first].copy()
    y_length = (~missing).astype(float)
    y_mean = y[first].copy()
    y_sd = np.full(len(starts), np.nan)
    n_sum = n[first].copy() if n is not None else np.full(len(starts), np.nan)
    if n is not None:
        n_sum[np.isnan(n_sum)] = 0.0  # sum(NA, na.rm = TRUE)
        y_sum_all = np.where(missing, 0.0, y_sum)
    y_list = y.tolist()
    n_list = n.tolist() if n is not None else None
    for group, (start, stop) in enumerate(bounds):
        if stop - start == 1:
            continue
        rows = order[start:stop]
        kept = [y_list[row] for row in rows if y_list[row] == y_list[row]]
        y_sum[group] = math.fsum(kept)
        y_length[group] = len(kept)
        y_mean[group] = mean_of(kept)
        y_sd[group] = sd_of(kept)
        if n_list is not None:
            n_sum[group] = math.fsum([n_list[row] for row in rows if n_list[row] == n_list[row]])
            y_sum_all[group] = y_sum[group]
    y_plotted = r_divide(y_sum_all, n_sum) if n is not None else y_mean
    grouped_notes = (
        [_combined_notes([notes[order[i]] for i in range(a, b)]) for a, b in bounds]
        if notes
        else [None] * len(starts)
    )
    return Subgroups(
        keys=[sorted_keys[start] for start in starts],
        y=y_plotted,
        y_sum=y_sum,
        y_length=y_length,
        y_mean=y_mean,
        y_sd=y_sd,
        n=n_sum,
        notes=grouped_notes,
    )
