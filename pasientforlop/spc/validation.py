"""Parsing and checking the inputs of :func:`qic` (reasons in Norwegian bokmål)."""

import math
from collections.abc import Sequence

import numpy as np

from .errors import SpcInputError
from .xvalues import parse_decimal

CHART_TYPES = ("run", "i", "mr", "xbar", "s", "t", "p", "pp", "u", "up", "c", "g", "ip")
DENOMINATOR_CHARTS = frozenset({"p", "pp", "u", "up"})
PROPORTION_CHARTS = frozenset({"p", "pp"})
COUNT_CHARTS = frozenset({"p", "pp", "u", "up", "c", "g"})
# Squares and sums of squares of larger values overflow a double (sqrt of the largest double
# is about 1.3e154); such input gets a clear refusal rather than infinite limits.
MAX_MAGNITUDE = 1e150


def _number(value: object, name: str, row: int | None) -> float:
    """A finite float, NaN for a missing value; refuses anything else."""
    if value is None:
        return math.nan
    if isinstance(value, bool):
        raise SpcInputError(f"{name} er ikke et tall ({value!r})", row)
    if isinstance(value, int | float | np.integer | np.floating):
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if math.isnan(number):
            return math.nan
        if not math.isfinite(number):
            raise SpcInputError(f"{name} er ikke et endelig tall ({value!r})", row)
        return _within_range(number, name, row)
    text = str(value).strip()
    if not text:
        return math.nan
    number = parse_decimal(text)
    if number is None:
        raise SpcInputError(f"{name} er ikke et tall ('{text}')", row)
    return _within_range(number, name, row)


def _within_range(number: float, name: str, row: int | None) -> float:
    if abs(number) > MAX_MAGNITUDE:
        raise SpcInputError(
            f"{name} er for stort til å regne med ({number:g}); "
            f"største tillatte tallverdi er {MAX_MAGNITUDE:g}",
            row,
        )
    return number


def numbers(values: Sequence, name: str) -> np.ndarray:
    """Floats (NaN for missing) from numbers, numeric text or None."""
    array = None
    if all(type(value) in (int, float) for value in values):  # fast path, bool excluded
        try:
            array = np.array(values, dtype=float)
        except OverflowError:  # an int beyond the range of a double
            array = None
        if array is not None and not np.isfinite(array[~np.isnan(array)]).all():
            array = None
    if array is None:
        array = np.array([_number(v, name, row) for row, v in enumerate(values, start=1)], float)
    _check_magnitude(array, name)
    return array


def _check_magnitude(array: np.ndarray, name: str) -> None:
    with np.errstate(invalid="ignore"):
        too_large = np.flatnonzero(np.abs(array) > MAX_MAGNITUDE)
    if too_large.size:
        row = int(too_large[0]) + 1
        _within_range(float(array[row - 1]), name, row)


def check_chart(chart: str) -> str:
    if chart not in CHART_TYPES:
        raise SpcInputError(
            f"ukjent diagramtype '{chart}'; gyldige typer er {', '.join(CHART_TYPES)}"
        )
    return chart


def check_lengths(x: Sequence, **others: Sequence | None) -> None:
    if len(x) == 0:
        raise SpcInputError("ingen data: x er tom")
    for name, values in others.items():
        if values is not None and len(values) != len(x):
            raise SpcInputError(f"{name} har {len(values)} verdier, men x har {len(x)}")


def check_rows(chart: str, y: np.ndarray, n: np.ndarray | None) -> None:
    """Row checks: denominators, counts and the T chart's positive times."""
    if n is None and chart in DENOMINATOR_CHARTS:
        raise SpcInputError(f"{chart}-diagram krever nevner (kolonnen n)")
    for row in range(1, len(y) + 1):
        value = y[row - 1]
        denominator = math.nan if n is None else n[row - 1]
        if denominator < 0:
            raise SpcInputError(f"nevneren n er negativ ({denominator:g})", row)
        if math.isnan(value):
            continue
        if chart == "t" and value <= 0:
            raise SpcInputError(f"tid mellom hendelser må være større enn 0 (y = {value:g})", row)
        if chart in COUNT_CHARTS and value < 0:
            raise SpcInputError(f"y kan ikke være negativ i et {chart}-diagram ({value:g})", row)
        if chart in PROPORTION_CHARTS and value > denominator:
            raise SpcInputError(
                f"telleren y ({value:g}) er større enn nevneren n ({denominator:g})", row
            )
        if denominator == 0 and value != 0:
            raise SpcInputError(f"nevneren n er 0, men y er {value:g}", row)


def _point_number(value: object, option: str, low: int, high: int, n_points: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise SpcInputError(f"{option} må være et helt punktnummer ({value!r})")
    if not low <= value <= high:
        raise SpcInputError(
            f"{option} ({value}) er utenfor dataene: tillatt er {low}–{high} ({n_points} punkter)"
        )
    return int(value)


def check_freeze(freeze: int | None, n_points: int) -> int | None:
    if freeze is None:
        return None
    return _point_number(freeze, "freeze", 1, n_points, n_points)


def check_part(part: Sequence[int] | None, n_points: int) -> list[int]:
    return sorted({_point_number(k, "part", 1, n_points - 1, n_points) for k in part or ()})


def check_exclude(exclude: Sequence[int] | None, n_points: int) -> set[int]:
    return {_point_number(k, "exclude", 1, n_points, n_points) for k in exclude or ()}


def check_multiply(multiply: float) -> float:
    value = _number(multiply, "multiply", None)
    if not value > 0:
        raise SpcInputError(f"multiply må være et positivt tall ({multiply!r})")
    return value


def check_target(target: float | None) -> float | None:
    if target is None:
        return None
    value = _number(target, "target", None)
    return None if math.isnan(value) else value
