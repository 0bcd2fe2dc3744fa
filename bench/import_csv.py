"""A pathway CSV for the import benchmark (``docs/imports.md`` format), made from synthetic
data: whole pathways of the first synthetic municipality until ``rows`` rows are written."""

from __future__ import annotations

import csv
from pathlib import Path

from pasientforlop.synth.generate import (
    EVENT_STEPS,
    NONE,
    START_TYPES,
    Scale,
    generate,
    municipality_number,
    to_date,
)

UNIT = "Hjemmetjenesten sone 1"
HEADER = ["pathway_ref", "start_type", "municipality", "unit", "step", "date", "status", "reason"]


def write_csv(path: Path, rows: int, prefix: str, seed: int = 1) -> int:
    """Write at least ``rows`` rows (whole pathways); returns the number written."""
    data = generate(Scale(1, rows // 6 + 100), seed=seed)
    number = municipality_number(0)
    p, e, s = data.pathways, data.events, data.stays
    stays = dict(
        zip(
            s["pathway"].tolist(),
            zip(s["start"].tolist(), s["end"].tolist(), strict=True),
            strict=True,
        )
    )
    written = 0
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        events = zip(
            e["pathway"].tolist(),
            e["step"].tolist(),
            e["day"].tolist(),
            e["not_applicable"].tolist(),
            strict=True,
        )
        current, start_type = -1, ""
        for i, step, day, na in events:
            if i != current:
                if written >= rows:
                    break
                current, start_type = i, START_TYPES[p["start_type"][i]]
                ref = f"{prefix}-{i + 1:07d}"
                base = [ref, start_type, number, UNIT]
                if i in stays:
                    start, end = stays[i]
                    writer.writerow([*base, "intermediate_stay_start", to_date(start), "", ""])
                    written += 1
                    if end != NONE:
                        writer.writerow([*base, "intermediate_stay_end", to_date(end), "", ""])
                        written += 1
                if p["readmission"][i] != NONE:
                    writer.writerow([*base, "readmission", to_date(p["readmission"][i]), "", ""])
                    written += 1
            name = EVENT_STEPS[step]
            if na:
                writer.writerow([*base, name, "", "not_applicable", "Ikke aktuelt"])
            else:
                writer.writerow([*base, name, to_date(day), "done", ""])
            written += 1
    return written
