"""Figures the reliability tests report (writes acknowledged and found, requests served,
inputs tried). The test run prints them at the end; ``docs/reliability.md`` records a run."""

from collections import defaultdict

FIGURES: dict[str, dict[str, int]] = defaultdict(dict)


def report(test: str, **figures: int) -> None:
    for name, value in figures.items():
        FIGURES[test][name] = FIGURES[test].get(name, 0) + value
