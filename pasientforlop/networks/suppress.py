"""Small-count suppression for everything shown above one organisation. Pure: no Django.

Any count under 5 (0 included, so a zero cannot be told apart from a small number) is shown
as ``<5``; counts of 5 and more are shown as they are.
"""

THRESHOLD = 5
SUPPRESSED = "<5"


def suppress(n: int | None) -> str:
    """``"<5"`` for a count under 5, else the count as text; ``""`` for no count."""
    if n is None:
        return ""
    return SUPPRESSED if n < THRESHOLD else str(n)


def is_suppressed(n: int | None) -> bool:
    return n is not None and n < THRESHOLD
