"""Small-count suppression for what is shown about users of services above one organisation.
Pure: no Django.

The rule (after Statistics Norway's and the Norwegian Directorate of Health's practice for
published tables: no cell may reveal, directly or by subtraction, a count from 1 to 4, and
cells that would let a reader compute a suppressed one are suppressed as well):

1. **Primary suppression.** A count under 5 is shown as ``<5`` (0 included, so a zero cannot
   be told apart from a small number). A period of a team's measure is left out of charts
   when the denominator is under 5, when the numerator is 1–4, or when the complement
   (denominator − numerator) is 1–4: the percentage and the chart's control limits (which
   depend on the denominator) would otherwise let a reader solve for the small count. For a
   count measure, a value under 5 is left out.
2. **Secondary (complementary) suppression.** Within one team and period, two shown measures
   whose denominators differ by 1–4, or two count measures whose values differ by 1–4, could
   be subtracted to reveal a small group: both are left out. Measures with the same
   denominator (the same users, different indicators) whose numerators differ by 1–4 are left
   out for the same reason. Repeated until nothing changes.
3. **Not about users of services, not suppressed:** the size of a team, who attended a
   gathering (staff), population figures and the number of people in a network.

Only counts that describe users of services go through this module.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from itertools import combinations

THRESHOLD = 5
SUPPRESSED = "<5"
RATIO_KINDS = ("proportion", "rate")


def suppress(n: int | None) -> str:
    """``"<5"`` for a count under 5, else the count as text; ``""`` for no count."""
    if n is None:
        return ""
    return SUPPRESSED if n < THRESHOLD else str(n)


def is_suppressed(n: int | None) -> bool:
    return n is not None and n < THRESHOLD


def _small(n) -> bool:
    """A count from 1 to 4."""
    return n is not None and 0 < n < THRESHOLD


@dataclass(frozen=True)
class Cell:
    """One period of one measure: what a chart of it would reveal."""

    measure: Hashable
    period: Hashable
    kind: str  # "proportion", "rate", "count" or anything else (not a count of users)
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None


def primary(cell: Cell) -> bool:
    """True when this cell on its own would reveal a small count."""
    if cell.kind in RATIO_KINDS:
        if cell.denominator is None:
            return False
        if cell.denominator < THRESHOLD:
            return True
        if cell.kind == "proportion" and cell.numerator is not None:
            return _small(cell.numerator) or _small(cell.denominator - cell.numerator)
        return _small(cell.numerator)
    if cell.kind == "count":
        return cell.value is not None and cell.value < THRESHOLD
    return False


def _reveals_by_subtraction(a: Cell, b: Cell) -> bool:
    if a.kind in RATIO_KINDS and b.kind in RATIO_KINDS:
        if a.denominator is None or b.denominator is None:
            return False
        if _small(abs(a.denominator - b.denominator)):
            return True
        if a.denominator == b.denominator and a.numerator is not None and b.numerator is not None:
            return _small(abs(a.numerator - b.numerator))
        return False
    if a.kind == "count" and b.kind == "count" and a.value is not None and b.value is not None:
        return _small(abs(a.value - b.value))
    return False


def hidden_cells(cells: Iterable[Cell]) -> set[tuple[Hashable, Hashable]]:
    """(measure, period) of every cell to leave out: primary, then complementary, for cells
    of one team (pass one team's cells at a time)."""
    cells = list(cells)
    hidden = {(c.measure, c.period) for c in cells if primary(c)}
    by_period: dict[Hashable, list[Cell]] = {}
    for cell in cells:
        by_period.setdefault(cell.period, []).append(cell)
    changed = True
    while changed:
        changed = False
        for period_cells in by_period.values():
            shown = [c for c in period_cells if (c.measure, c.period) not in hidden]
            for a, b in combinations(shown, 2):
                if _reveals_by_subtraction(a, b):
                    for cell in (a, b):
                        if (cell.measure, cell.period) not in hidden:
                            hidden.add((cell.measure, cell.period))
                            changed = True
    return hidden
