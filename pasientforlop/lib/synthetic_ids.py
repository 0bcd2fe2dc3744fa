"""Synthetic Norwegian national identity numbers (fødselsnummer) for generated test data.

Pure functions, no Django. A fødselsnummer is ``DDMMYY`` + a 3-digit individual number +
two mod-11 check digits. The individual number also fixes the century; we only use 000–499
(born 1900–1999), so any birth date in the 1900s works.

These numbers are *ordinary valid numbers computed from a random seed*, not the Tax
Administration's synthetic series (month + 80), which ``python-stdnum`` rejects. They are
random, not taken from any person, but a real person may hold the same number by chance:
data made with them is always marked as synthetic (``is_demo``) and never leaves a test or
benchmark database.
"""

from __future__ import annotations

from datetime import date

import numpy as np

K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def check_digits(first_nine: str) -> str | None:
    """The two check digits for ``DDMMYYIII``, or None when no valid number exists
    (a check digit would be 10)."""
    digits = [int(c) for c in first_nine]
    k1 = (11 - sum(w * d for w, d in zip(K1_WEIGHTS, digits, strict=True)) % 11) % 11
    if k1 == 10:
        return None
    k2 = (11 - sum(w * d for w, d in zip(K2_WEIGHTS, [*digits, k1], strict=True)) % 11) % 11
    if k2 == 10:
        return None
    return f"{k1}{k2}"


def national_id(birth: date, individual: int) -> str | None:
    """The fødselsnummer for a birth date in 1900–1999 and an individual number 0–499,
    or None when that combination has no valid check digits."""
    if not 1900 <= birth.year <= 1999 or not 0 <= individual <= 499:
        raise ValueError("birth year 1900–1999 and individual number 000–499 only")
    first_nine = f"{birth:%d%m}{birth.year % 100:02d}{individual:03d}"
    check = check_digits(first_nine)
    return None if check is None else first_nine + check


def synthetic_national_ids(
    count: int,
    seed: int,
    born_from: date = date(1925, 1, 1),
    born_to: date = date(1995, 12, 31),
) -> list[str]:
    """``count`` distinct valid numbers, the same for the same seed and range.

    Vectorised with numpy (a million numbers in about a second); the check digits are the
    same sums as :func:`check_digits`."""
    rng = np.random.default_rng(seed)
    days = (born_to - born_from).days + 1
    base = np.datetime64(born_from.isoformat(), "D")
    found: list[np.ndarray] = []
    seen = np.empty(0, dtype=np.int64)
    while seen.size < count:
        want = int((count - seen.size) * 1.25) + 16
        births = base + rng.integers(0, days, want)
        years = births.astype("datetime64[Y]").astype(int) + 1970
        months = births.astype("datetime64[M]").astype(int) % 12 + 1
        mdays = (births - births.astype("datetime64[M]")).astype(int) + 1
        individual = rng.integers(0, 500, want)
        digits = np.stack(
            [
                mdays // 10,
                mdays % 10,
                months // 10,
                months % 10,
                (years % 100) // 10,
                years % 10,
                individual // 100,
                (individual // 10) % 10,
                individual % 10,
            ],
            axis=1,
        )
        k1 = (11 - (digits @ np.array(K1_WEIGHTS)) % 11) % 11
        k2 = (11 - (digits @ np.array(K2_WEIGHTS[:9]) + 2 * k1) % 11) % 11
        valid = (k1 < 10) & (k2 < 10)
        numbers = (digits[valid] @ (10 ** np.arange(10, 1, -1))) + k1[valid] * 10 + k2[valid]
        # Keep the first occurrence of each new number, in drawing order.
        _unique, first = np.unique(numbers, return_index=True)
        numbers = numbers[np.sort(first)]
        numbers = numbers[~np.isin(numbers, seen)]
        found.append(numbers)
        seen = np.concatenate([seen, numbers])
    return [f"{n:011d}" for n in np.concatenate(found)[:count].tolist()]
