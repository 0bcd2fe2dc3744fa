"""``pasientforlop synth --scale tiny|small|region|national [--seed N] [--end-date D]``."""

from __future__ import annotations

import sys
import time
from datetime import date

from pasientforlop.synth.generate import DEFAULT_END, DEFAULT_SEED, SCALES, generate


def command(scale: str, seed: int = DEFAULT_SEED, end: str = "") -> int:
    from pasientforlop.synth.write import SynthExists, write

    try:
        end_date = date.fromisoformat(end) if end else DEFAULT_END
    except ValueError:
        print("Oppgi --end-date som ÅÅÅÅ-MM-DD.", file=sys.stderr)
        return 2
    started = time.perf_counter()
    dataset = generate(scale, seed, end_date)
    generated = time.perf_counter() - started
    print(
        f"Generert {dataset.pathway_count:,} forløp i {len(dataset.municipalities)} kommuner "
        f"på {generated:.1f} s (skala {scale}, frø {seed}, sluttdato {end_date}).",
        flush=True,
    )
    try:
        counts = write(dataset, log=lambda message: print(f"  {message}", flush=True))
    except SynthExists as error:
        print(f"{error} Bruk en tom database for en ny skala eller et nytt frø.", file=sys.stderr)
        return 1
    total = time.perf_counter() - started
    print(f"Skrev {sum(counts.values()):,} rader; {total:.1f} s i alt.")
    return 0


SCALE_NAMES = list(SCALES)
