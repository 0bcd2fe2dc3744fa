"""Writes docs/img/spc-sample.svg and docs/img/spc-sample.png for the README.

Run: .venv/bin/python bench/make_sample_chart.py

A P chart of the monthly share of patients with a completed pathway plan: a 12-month frozen
baseline, then an improvement after an intervention (runs signal) and one unusual month
(outside the 3-sigma limits).
"""

from pathlib import Path

from pasientforlop.spc import qic, render_svg
from pasientforlop.spc.png import to_png

OUT = Path(__file__).resolve().parent.parent / "docs" / "img"

MONTHS = [f"{2024 + (m - 1) // 12}-{(m - 1) % 12 + 1:02d}" for m in range(1, 25)]
# fmt: off
PLANS = [31, 28, 35, 30, 27, 33, 29, 32, 26, 30, 34, 29,
         38, 41, 39, 44, 40, 43, 36, 45, 42, 46, 44, 47]
PATIENTS = [80, 76, 84, 79, 75, 82, 78, 81, 74, 77, 83, 78,
            80, 82, 79, 84, 78, 83, 81, 85, 80, 84, 82, 86]
# fmt: on


def main() -> None:
    notes = [None] * len(MONTHS)
    notes[12] = "Ny sjekkliste"
    notes[18] = "Sykefravær i juli"
    result = qic(
        MONTHS, PLANS, n=PATIENTS, chart="p", freeze=12, multiply=100, target=50, notes=notes
    )
    svg = render_svg(
        result,
        title="Andel pasienter med forløpsplan (P-diagram)",
        y_label="Prosent",
        x_label="Måned",
    )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "spc-sample.svg").write_text(svg, encoding="utf-8")
    (OUT / "spc-sample.png").write_bytes(to_png(svg, scale=1.5))
    print(f"Wrote {OUT / 'spc-sample.svg'} and {OUT / 'spc-sample.png'}")


if __name__ == "__main__":
    main()
