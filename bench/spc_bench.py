"""Benchmark of the SPC engine: charts of 60 points, one at a time and in batches.

Run: .venv/bin/python bench/spc_bench.py [--charts 1000] [--batch 10000] [--repeat 3]

Single charts: ``qic()`` (which takes the small-series path) for every chart type, with the
reference path (``qic_reference``) and a plain-numpy loop (mean and standard deviation of each
chart's values) measured in the same run. Batch: ``chart_block`` (a 2-D array of equal-length
series) and ``qic_many`` (a list of series) per chart type. Each figure is the best of
``--repeat`` runs, as wall-clock and as CPU time of this process (the machine may be shared:
the load average is printed). Ends with the targets and whether they are met.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pasientforlop.spc import CHART_TYPES, qic, qic_many  # noqa: E402
from pasientforlop.spc.batch import VECTOR_CHARTS, chart_block  # noqa: E402
from pasientforlop.spc.engine import qic_reference  # noqa: E402

POINTS = 60
SUBGROUP_SIZE = 5  # rows per point for xbar and s charts
SINGLE_TARGET = 18_000  # charts per second, every chart type (issue 16)
BATCH_TARGET = 200_000  # charts per second, many series at once


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min)"


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


def _best(run, repeat: int) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds of ``repeat`` calls of ``run``."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def _single(chart: str, inputs: list[dict], engine) -> None:
    for index, data in enumerate(inputs):
        engine(chart=chart, freeze=40 if index % 2 else None, **data)


def _reference(chart: str, inputs: list[dict]) -> None:
    for index, d in enumerate(inputs):
        freeze = 40 if index % 2 else None
        qic_reference(d["x"], d["y"], d.get("n"), chart, freeze, None, None, None, None, 1)


def spc_bench(charts: int = 1000, batch: int = 10_000, repeat: int = 3, quiet=True) -> dict:
    """The figures of this benchmark; ``per_second``: single charts, all types (wall-clock)."""
    rng = np.random.default_rng(20261124)
    result: dict = {"points": POINTS, "load_before": os.getloadavg(), "per_type": {}}
    total_wall = total_cpu = 0.0
    reference_wall = reference_cpu = 0.0
    reference_charts = max(charts // 5, 20)
    for chart in CHART_TYPES:
        inputs = [make_chart_input(chart, rng) for _ in range(charts)]
        wall, cpu = _best(lambda c=chart, i=inputs: _single(c, i, qic), repeat)
        sample = inputs[:reference_charts]
        ref_wall, ref_cpu = _best(lambda c=chart, i=sample: _reference(c, i), 1)
        total_wall += wall
        total_cpu += cpu
        reference_wall += ref_wall * charts / reference_charts
        reference_cpu += ref_cpu * charts / reference_charts
        result["per_type"][chart] = {
            "per_second": charts / wall,
            "cpu_per_second": charts / cpu,
            "reference_per_second": reference_charts / ref_wall,
        }
        if not quiet:
            print(f"   single {chart}: {charts / wall:,.0f}/s", flush=True)
    all_charts = charts * len(CHART_TYPES)
    result.update(
        charts=all_charts,
        seconds=total_wall,
        per_second=all_charts / total_wall,
        cpu_per_second=all_charts / total_cpu,
        reference_per_second=all_charts / reference_wall,
        reference_cpu_per_second=all_charts / reference_cpu,
    )
    arrays = [np.asarray(make_chart_input("i", rng)["y"]) for _ in range(charts)]
    numpy_wall, _ = _best(lambda: [(a.mean(), a.std()) for a in arrays], repeat)
    result["numpy_loop_per_second"] = charts / numpy_wall

    result["batch_per_type"] = {}
    block_wall = block_cpu = many_wall = 0.0
    block_charts = 0
    for chart in CHART_TYPES:
        inputs = [make_chart_input(chart, rng) for _ in range(batch)]
        figures = {}
        if chart in VECTOR_CHARTS:
            y = np.array([d["y"] for d in inputs], dtype=float)
            n = np.array([d["n"] for d in inputs], dtype=float) if "n" in inputs[0] else None
            wall, cpu = _best(lambda c=chart, y=y, n=n: chart_block(c, y, n, freeze=40), repeat)
            figures.update(block_per_second=batch / wall, block_cpu_per_second=batch / cpu)
            block_wall += wall
            block_cpu += cpu
            block_charts += batch
        size = batch if chart in VECTOR_CHARTS else max(batch // 20, 20)
        wall, cpu = _best(lambda c=chart, i=inputs[:size]: qic_many(c, i, freeze=40), repeat)
        figures.update(many_per_second=size / wall, many_cpu_per_second=size / cpu)
        many_wall += wall * batch / size
        result["batch_per_type"][chart] = figures
        if not quiet:
            print(f"   batch {chart}: {figures}", flush=True)
    result.update(
        batch_charts=block_charts,
        batch_per_second=block_charts / block_wall,
        batch_cpu_per_second=block_charts / block_cpu,
        many_per_second=batch * len(CHART_TYPES) / many_wall,
        load_after=os.getloadavg(),
    )
    return result


def targets(result: dict) -> list[tuple[str, str, float, bool]]:
    """(figure, target, measured, met) for the SPC targets of issue 16.

    Wall-clock is what counts; the CPU-time rows say what an idle machine would give when
    other work shares it (the load average is in the report).
    """
    rows = []
    for clock, suffix in (("per_second", ""), ("cpu_per_second", " (CPU time)")):
        slowest = min(result["per_type"].items(), key=lambda item: item[1][clock])
        rows += [
            ("single charts, all types together" + suffix, SINGLE_TARGET, result[clock]),
            (f"single charts, slowest type ({slowest[0]}){suffix}", SINGLE_TARGET,
             slowest[1][clock]),
        ]  # fmt: skip
    for clock, suffix in (("block_per_second", ""), ("block_cpu_per_second", " (CPU time)")):
        vector = {c: f for c, f in result["batch_per_type"].items() if clock in f}
        slowest = min(vector.items(), key=lambda item: item[1][clock])
        total = result["batch_per_second" if not suffix else "batch_cpu_per_second"]
        rows += [
            ("batch (chart_block), one-row-per-point types" + suffix, BATCH_TARGET, total),
            (f"batch (chart_block), slowest type ({slowest[0]}){suffix}", BATCH_TARGET,
             slowest[1][clock]),
        ]  # fmt: skip
    return [(name, f">= {wanted:,}/s", value, value >= wanted) for name, wanted, value in rows]


def report(result: dict, command: str) -> str:
    lines = [
        f"Command: `{command}`",
        f"Python {platform.python_version()} on {platform.platform()}; CPU: {_cpu_model()}, "
        f"{os.cpu_count()} cores",
        "Load before: {:.2f} / {:.2f} / {:.2f}; after: {:.2f} / {:.2f} / {:.2f} "
        "(1 / 5 / 15 min)".format(*result["load_before"], *result["load_after"]),
        f"Charts of {POINTS} points (xbar/s: {SUBGROUP_SIZE} rows per point); best of the "
        "repeats; wall-clock and CPU time of this process.",
        "",
        "| chart | qic() charts/s | CPU charts/s | reference path charts/s | "
        "batch block charts/s | block CPU | qic_many charts/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for chart in CHART_TYPES:
        single = result["per_type"][chart]
        batch = result["batch_per_type"][chart]
        block = f"{batch['block_per_second']:,.0f}" if "block_per_second" in batch else "—"
        block_cpu = (
            f"{batch['block_cpu_per_second']:,.0f}" if "block_cpu_per_second" in batch else "—"
        )
        lines.append(
            f"| {chart} | {single['per_second']:,.0f} | {single['cpu_per_second']:,.0f} | "
            f"{single['reference_per_second']:,.0f} | {block} | {block_cpu} | "
            f"{batch['many_per_second']:,.0f} |"
        )
    lines += [
        f"| **all** | **{result['per_second']:,.0f}** | {result['cpu_per_second']:,.0f} | "
        f"{result['reference_per_second']:,.0f} | **{result['batch_per_second']:,.0f}** | "
        f"{result['batch_cpu_per_second']:,.0f} | {result['many_per_second']:,.0f} |",
        "",
        f"Reference in the same run: plain numpy mean + std per chart "
        f"{result['numpy_loop_per_second']:,.0f}/s; the reference path "
        f"{result['reference_per_second']:,.0f}/s (qic() is "
        f"{result['per_second'] / result['reference_per_second']:.1f}x faster).",
        "",
        "| target | wanted | measured | met? |",
        "|---|---|---:|---|",
    ]
    for name, wanted, value, met in targets(result):
        lines.append(f"| {name} | {wanted} | {value:,.0f}/s | {'met' if met else 'not met'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--charts", type=int, default=1000, help="single charts per type")
    parser.add_argument("--batch", type=int, default=10_000, help="charts per batch")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    result = spc_bench(args.charts, args.batch, args.repeat, quiet=False)
    command = "python bench/spc_bench.py " + " ".join(argv if argv is not None else sys.argv[1:])
    print()
    print(report(result, command.strip()))


if __name__ == "__main__":
    main()
