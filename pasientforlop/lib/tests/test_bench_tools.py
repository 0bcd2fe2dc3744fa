"""The benchmark command's own parsing and reporting (bench/run.py), without running it."""

import importlib.util
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[3] / "bench" / "run.py"

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8000
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    10.00ms   2.00ms  30.00ms   62.50%
    Req/Sec   400.00     50.00   500.00     99.00%
  Latency Distribution
     50%    9.50ms
     75%   11.00ms
     90%   13.00ms
     99%    1.25s
  4000 requests in 5.00s, 1.00MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    800.00
"""


@pytest.fixture(scope="module")
def run():
    spec = importlib.util.spec_from_file_location("bench_run", RUN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_percentiles_come_from_the_latency_distribution_not_the_stdev_column(run):
    parsed = run.parse_wrk(WRK_OUTPUT)
    assert parsed["p50_ms"] == 9.5
    assert parsed["p99_ms"] == 1250
    assert parsed["rps"] == 800
    assert parsed["errors"] == 3


def test_summary_says_met_or_not_met_for_every_target(run):
    results = {
        "worklist": [{"scale": "region", "p95_ms": 42.0}, {"scale": "small", "p95_ms": 90.0}],
        "indicators": {"all_seconds": 9.0, "duckdb_all_seconds": 3.0, "one_seconds": 0.5},
        "import": [
            {"rows_per_second": 25_000, "peak_mib": 100},
            {"rows_per_second": 21_000, "peak_mib": 150},
        ],
        "spc": {"per_second": 20_000},
    }
    table = run.summary_table(results)
    rows = {line.split("|")[1].strip(): line for line in table.splitlines()[2:]}
    assert len(rows) == len(run.TARGETS)
    assert rows["worklist p95, region"].endswith("| met |")
    # 9 s is under 10 s but three times DuckDB: not met.
    assert "3.0x DuckDB" in rows["national indicators"]
    assert rows["national indicators"].endswith("| not met |")
    assert rows["one municipality's indicators"].endswith("| met |")
    assert rows["pathway import"].endswith("| met |")
    assert "+50%" in rows["import peak memory, 10x the rows"]
    assert rows["import peak memory, 10x the rows"].endswith("| not met |")
    assert rows["GET /api/pathways/<id> p99"].endswith("| not run | — |")
    assert rows["SPC, charts of 60 points"].endswith("| met |")
