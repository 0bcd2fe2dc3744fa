"""Benchmark of the SPC engine: 10,000 charts of 60 points, a mix of all chart types.

Run: .venv/bin/python bench/spc_bench.py

Prints charts per second per chart type and overall, and, as a reference measured in the same
run, a plain-numpy loop (mean and standard deviation of each chart's values) with the ratio.
"""

import platform
import time
from pathlib import Path

import numpy as np

from pasientforlop.spc import CHART_TYPES, qic

CHARTS = 10_000
POINTS = 60
SUBGROUP_SIZE = 5  # rows per point for xbar and s charts


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def make_chart_input(chart: str, rng: np.random.Generator) -> dict:
    """Realistic-looking data for one chart of POINTS points."""
    x = list(range(1, POINTS + 1))
    if chart in ("xbar", "s"):
        rows = np.repeat(x, SUBGROUP_SIZE).tolist()
        return {"x": rows, "y": rng.normal(50, 5, len(rows)).tolist()}
    if chart in ("p", "pp"):
        n = rng.integers(80, 400, POINTS)
        return {"x": x, "y": rng.binomial(n, 0.2).tolist(), "n": n.tolist()}
    if chart in ("u", "up"):
        n = rng.uniform(500, 2000, POINTS)
        return {"x": x, "y": rng.poisson(n * 0.01).tolist(), "n": n.tolist()}
    if chart == "c":
        return {"x": x, "y": rng.poisson(12, POINTS).tolist()}
    if chart == "g":
        return {"x": x, "y": rng.geometric(0.05, POINTS).tolist()}
    if chart == "t":
        return {"x": x, "y": rng.exponential(10, POINTS).tolist()}
    return {"x": x, "y": rng.normal(100, 10, POINTS).tolist()}


def main() -> None:
    rng = np.random.default_rng(20261124)
    workload = [(CHART_TYPES[i % len(CHART_TYPES)],) for i in range(CHARTS)]
    inputs = [(chart, make_chart_input(chart, rng)) for (chart,) in workload]

    per_type: dict[str, float] = dict.fromkeys(CHART_TYPES, 0.0)
    counts: dict[str, int] = dict.fromkeys(CHART_TYPES, 0)
    started = time.perf_counter()
    for index, (chart, data) in enumerate(inputs):
        before = time.perf_counter()
        qic(chart=chart, freeze=40 if index % 2 else None, **data)
        per_type[chart] += time.perf_counter() - before
        counts[chart] += 1
    engine_seconds = time.perf_counter() - started

    arrays = [np.asarray(data["y"], dtype=float) for _, data in inputs]
    started = time.perf_counter()
    for values in arrays:
        values.mean()
        values.std()
    reference_seconds = time.perf_counter() - started

    print(f"Python {platform.python_version()} on {platform.platform()}")
    print(f"CPU: {_cpu_model()}")
    print(f"{CHARTS} charts of {POINTS} points (xbar/s: {SUBGROUP_SIZE} rows per point)\n")
    print("| Chart | Charts | Charts per second |")
    print("|---|---:|---:|")
    for chart in CHART_TYPES:
        print(f"| {chart} | {counts[chart]} | {counts[chart] / per_type[chart]:,.0f} |")
    print(f"| **all** | {CHARTS} | **{CHARTS / engine_seconds:,.0f}** |")
    print()
    print(
        f"Engine: {engine_seconds:.2f} s; reference numpy mean+std loop: "
        f"{reference_seconds * 1000:.1f} ms ({CHARTS / reference_seconds:,.0f} per second)"
    )
    print(f"Ratio engine / reference: {engine_seconds / reference_seconds:.0f}x")


if __name__ == "__main__":
    main()
