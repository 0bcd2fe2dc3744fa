"""The benchmarks of ``docs/benchmarks.md`` in one command.

    .venv/bin/python bench/run.py [--scales small,region,national]
        [--skip worklist,indicators,api,import,spc] [--databases postgresql,sqlite]
        [--import-rows 1000000] [--api-seconds 60]

Starts a throw-away PostgreSQL server (as ``scripts/test`` does), makes one database per
scale with ``pasientforlop synth``, runs each benchmark in its own process (the database in
``DATABASE_URL``) and prints every figure, then a Markdown summary. Needs the ``bench``
extra (``.venv/bin/pip install -e '.[bench]'``) and installs Debian's ``wrk`` when missing.

1. worklist: one unit's worklist page (the unit with most open pathways), in-process with
   Django's test client: median and p95 server time and the SQL query count, per scale and
   database (SQLite: small and region only).
2. indicators: all indicators for five years, for the largest municipality and for all
   municipalities in one query (the product's ``indicator_sql``), on PostgreSQL at the
   largest scale given; and the same computed by one SQL query in DuckDB over the same facts
   exported to Parquet, with the ratio and a row-for-row check; the reference in Python
   (``indicator_data.compute_python``) for the record, all municipalities up to 200,000
   pathways.
3. api: reads under ``wrk`` for ``--api-seconds`` on loopback against ``pasientforlop
   serve --workers 2`` (gunicorn): ``/api/`` reads with a nurse's bearer token (or, without
   ``/api/``, the closest pages with a session cookie), region scale.
4. import: ``import_pathways`` of a CSV of ``--import-rows`` / 10 rows and one of
   ``--import-rows``, each in its own
   process: rows per second and peak memory (maxrss).
5. spc: charts per second of the SPC engine (``bench/spc_bench.py`` workload).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pg import Server, free_port  # noqa: E402

PYTHON = sys.executable
SECRET = "benchmark-key-not-secret-0123456789abcdefghijklmnop"
ALL = ("worklist", "indicators", "api", "import", "spc")
DIGITS_ONLY = str.maketrans("", "", ",. \u00a0")


def log(message: str) -> None:
    print(message, flush=True)


def env_for(url: str, data_dir: Path) -> dict:
    env = dict(os.environ)
    env.update(
        PASIENTFORLOP_SECRET_KEY=SECRET,
        PASIENTFORLOP_DATA_DIR=str(data_dir),
        PASIENTFORLOP_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        PASIENTFORLOP_LOG_LEVEL="WARNING",
        # The benchmark reads the API as fast as it can: lift the per-token rate limit.
        PASIENTFORLOP_API_RATE_PER_MINUTE="1000000",
        DJANGO_SETTINGS_MODULE="pasientforlop.settings",
    )
    env.pop("PASIENTFORLOP_DEBUG", None)
    if url:
        env["DATABASE_URL"] = url
    else:
        env.pop("DATABASE_URL", None)
    return env


def task(env: dict, *args: str) -> dict:
    """Run ``bench/tasks.py`` in a new process and return its JSON result."""
    done = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "tasks.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench/tasks.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def prepare(env: dict, scale: str) -> dict:
    """Migrate and fill one database with ``pasientforlop synth``; returns the timing."""
    cli = str(Path(PYTHON).parent / "pasientforlop")
    subprocess.run([cli, "manage", "migrate", "-v", "0"], env=env, cwd=ROOT, check=True)
    started = time.perf_counter()
    out = subprocess.run(
        [cli, "synth", "--scale", scale],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    seconds = time.perf_counter() - started
    generated = float(re.search(r"på ([\d.]+) s", out).group(1))
    rows = int(re.search(r"Skrev ([\d,. ]+) rader", out).group(1).translate(DIGITS_ONLY))
    return {"seconds": seconds, "generate_seconds": generated, "rows": rows}


# --- 3. API load ------------------------------------------------------------------------

LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {%s, ["Host"] = "127.0.0.1"})
end
"""


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    log("Installing wrk (Debian) …")
    root = [] if os.geteuid() == 0 else ["sudo"]
    quiet = {"stdout": subprocess.DEVNULL}
    subprocess.run([*root, "apt-get", "update", "-qq"], check=True, **quiet)
    subprocess.run([*root, "apt-get", "install", "-y", "-qq", "wrk"], check=True, **quiet)
    return shutil.which("wrk")


def api_load(env: dict, seconds: int) -> dict:
    wrk = ensure_wrk()
    session = task(env, "session")
    port = free_port()
    cli = str(Path(PYTHON).parent / "pasientforlop")
    server_log = Path(tempfile.mkdtemp()) / "server.log"
    server = subprocess.Popen(
        [cli, "serve", "--workers", "2", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=server_log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/helse/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        # The whole duration on the mix of endpoints, then a share of it on each endpoint.
        runs = {"all": session["paths"]}
        for index, template in enumerate(session["endpoints"]):
            runs[template] = session["paths"][index :: len(session["endpoints"])]
        out = {}
        for name, paths in runs.items():
            duration = seconds if name == "all" else max(5, seconds // len(session["endpoints"]))
            out[name] = run_wrk(wrk, port, paths, session["headers"], duration)
            time.sleep(10)  # let the workers finish what the last run left queued
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    statuses: dict[str, int] = {}
    for line in server_log.read_text(errors="replace").splitlines():
        found = re.search(r'" (\d{3}) ', line)
        if found:
            statuses[found.group(1)] = statuses.get(found.group(1), 0) + 1
    problems = [
        line for line in server_log.read_text(errors="replace").splitlines() if "Error" in line
    ]
    return {
        **parse_wrk(out["all"]),
        "per_endpoint": {name: parse_wrk(text) for name, text in out.items() if name != "all"},
        "endpoints": session["endpoints"],
        "statuses": statuses,
        "server_errors": problems[:5],
        "raw": out["all"],
    }


def run_wrk(wrk: str, port: int, paths: list[str], headers: dict, seconds: int) -> str:
    script = Path(tempfile.mkdtemp()) / "paths.lua"
    lua_headers = ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items())
    script.write_text(LUA % (", ".join(json.dumps(p) for p in paths), lua_headers))
    return subprocess.run(
        [wrk, "-t2", "-c8", f"-d{seconds}s", "--timeout", "10s", "--latency", "-s", str(script)]
        + [f"http://127.0.0.1:{port}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def _latency_percentile(out: str, share: str) -> str:
    """A percentile from wrk's "Latency Distribution" block (``--latency``), not from the
    thread statistics above it, whose "+/- Stdev" column also ends in a percent sign."""
    block = out.split("Latency Distribution", 1)[1]
    return re.search(rf"^\s*{share}%\s+(\S+)\s*$", block, re.MULTILINE).group(1)


def parse_wrk(out: str) -> dict:
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    return {
        "requests": requests,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(_latency_percentile(out, "50")),
        "p99_ms": _ms(_latency_percentile(out, "99")),
        "errors": (int(bad.group(1)) if bad else 0)
        + (sum(int(n) for n in sockets.groups()) if sockets else 0),
    }


# --- 4. import --------------------------------------------------------------------------


def import_bench(env: dict, rows: int) -> list[dict]:
    from import_csv import write_csv

    results = []
    directory = Path(tempfile.mkdtemp(prefix="pf-bench-import-"))
    try:
        for size, prefix in ((rows // 10, "BENCH-A"), (rows, "BENCH-B")):
            path = directory / f"pathways-{size}.csv"
            written = write_csv(path, size, prefix, seed=size)
            result = task(env, "import", str(path))
            result["file_mib"] = path.stat().st_size / 2**20
            result["written"] = written
            results.append(result)
            path.unlink()
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return results


# --- 5. SPC -----------------------------------------------------------------------------


def spc_bench(charts: int = 500, batch: int = 10_000) -> dict:
    """Single charts (``per_second``, all types, wall-clock) and ``batch_per_second``."""
    from spc_bench import report
    from spc_bench import spc_bench as measure

    result = measure(charts=charts, batch=batch)
    log(report(result, f"bench/run.py (spc_bench(charts={charts}, batch={batch}))"))
    return result


# --- the run ----------------------------------------------------------------------------


def machine() -> str:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores ({model}), {memory:.0f} GiB, Python "
        f"{platform.python_version()}, {platform.platform()}"
    )


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min)"


#: The targets of docs/benchmarks.md: (figure, target text, value function, test).
def _worklist_p95(results: dict) -> float | None:
    region = [w["p95_ms"] for w in results.get("worklist", []) if w["scale"] == "region"]
    return max(region) if region else None


def _api(results: dict, endpoint: str, key: str) -> float | None:
    api = results.get("api")
    return api["per_endpoint"].get(endpoint, {}).get(key) if api else None


def _indicators(results: dict, key: str) -> float | None:
    return results.get("indicators", {}).get(key)


def _import(results: dict, key: str) -> float | None:
    runs = results.get("import") or []
    if not runs:
        return None
    if key == "rows_per_second":
        return min(r["rows_per_second"] for r in runs)
    return runs[-1]["peak_mib"] / runs[0]["peak_mib"] - 1 if len(runs) > 1 else None


TARGETS = (
    ("worklist p95, region", "< 50 ms", lambda r: _worklist_p95(r), lambda v: v < 50, "ms"),
    (
        "GET /api/pathways/<id> p99",
        "< 100 ms",
        lambda r: _api(r, "/api/pathways/{pathway}", "p99_ms"),
        lambda v: v < 100,
        "ms",
    ),
    (
        "GET /api/pathways list of 50",
        ">= 300 req/s",
        lambda r: _api(r, "/api/pathways?unit={unit}&open=true&page_size=50", "rps"),
        lambda v: v >= 300,
        "req/s",
    ),
    (
        "national indicators",
        "< 10 s and <= 2x DuckDB",
        lambda r: _indicators(r, "all_seconds"),
        lambda v: v < 10,
        "s",
    ),
    (
        "one municipality's indicators",
        "< 1 s",
        lambda r: _indicators(r, "one_seconds"),
        lambda v: v < 1,
        "s",
    ),
    (
        "pathway import",
        ">= 20,000 rows/s",
        lambda r: _import(r, "rows_per_second"),
        lambda v: v >= 20_000,
        "rows/s",
    ),
    (
        "import peak memory, 10x the rows",
        "flat (within 20 %)",
        lambda r: _import(r, "memory_growth"),
        lambda v: abs(v) <= 0.2,
        "growth",
    ),
    (
        "SPC, charts of 60 points",
        ">= 18,000 charts/s",
        lambda r: r.get("spc", {}).get("per_second"),
        lambda v: v >= 18_000,
        "charts/s",
    ),
    (
        "SPC batch",
        ">= 200,000 charts/s",
        lambda r: r.get("spc", {}).get("batch_per_second"),
        lambda v: v >= 200_000,
        "charts/s",
    ),
)


def summary_table(results: dict) -> str:
    """Every target with its measured figure and whether it is met, as Markdown."""
    ratio = None
    if results.get("indicators"):
        i = results["indicators"]
        ratio = i["all_seconds"] / i["duckdb_all_seconds"]
    lines = ["| figure | target | measured | met? |", "|---|---|---|---|"]
    for name, target, value_of, met, unit in TARGETS:
        value = value_of(results)
        if value is None:
            lines.append(f"| {name} | {target} | not run | — |")
            continue
        ok = met(value)
        if name == "national indicators" and ratio is not None:
            ok = ok and ratio <= 2
            shown = f"{value:,.2f} {unit} ({ratio:.1f}x DuckDB)"
        elif unit == "growth":
            shown = f"{value:+.0%}"
        else:
            shown = f"{value:,.1f} {unit}"
        lines.append(f"| {name} | {target} | {shown} | {'met' if ok else 'not met'} |")
    return "\n".join(lines)


def ensure_bench_extra() -> None:
    """DuckDB comes with the ``bench`` extra of pyproject.toml; install it when missing."""
    try:
        import duckdb  # noqa: F401
    except ImportError:
        log("Installing the bench extra (pip install -e '.[bench]') …")
        subprocess.run([PYTHON, "-m", "pip", "install", "-q", "-e", f"{ROOT}[bench]"], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--scales", default="small,region,national")
    parser.add_argument("--skip", default="", help="comma-separated: " + ",".join(ALL))
    parser.add_argument("--databases", default="postgresql,sqlite")
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    parser.add_argument("--api-seconds", type=int, default=60)
    args = parser.parse_args(argv)
    scales = [s for s in args.scales.split(",") if s]
    skip = {s for s in args.skip.split(",") if s}
    databases = [d for d in args.databases.split(",") if d]
    started = time.perf_counter()
    command = f"bench/run.py {' '.join(argv if argv is not None else sys.argv[1:])}"
    log(f"Machine: {machine()}\nDate: {date.today()}\nCommand: {command}\nLoad: {load()}")
    results: dict = {
        "synth": {},
        "worklist": [],
        "machine": machine(),
        "date": str(date.today()),
        "command": command,
        "load_before": os.getloadavg(),
    }
    if "indicators" not in skip:
        ensure_bench_extra()
    work = Path(tempfile.mkdtemp(prefix="pf-bench-"))
    with Server() as server:
        envs = {}
        for scale in scales:
            for database in databases:
                if database == "sqlite" and scale == "national":
                    continue  # the national scale is for PostgreSQL
                data_dir = work / f"{scale}-{database}"
                data_dir.mkdir()
                url = server.create_database(scale) if database == "postgresql" else ""
                env = envs[(scale, database)] = env_for(url, data_dir)
                log(f"\n== synth {scale} on {database} …")
                synth = results["synth"][f"{scale}/{database}"] = prepare(env, scale)
                log(
                    f"   {synth['rows']:,} rows in {synth['seconds']:.1f} s "
                    f"(generating {synth['generate_seconds']:.1f} s)"
                )
                if "worklist" in skip or scale == "national":
                    continue
                result = task(env, "worklist")
                results["worklist"].append({"scale": scale, **result})
                log(
                    f"   worklist ({result['unit']}, {result['open_pathways']} open pathways, "
                    f"{result['worklist_rows']} rows): median {result['median_ms']:.1f} ms, "
                    f"p95 {result['p95_ms']:.1f} ms, {result['queries']} SQL queries"
                )
        biggest = scales[-1]
        if "indicators" not in skip and (biggest, "postgresql") in envs:
            log(f"\n== indicators ({biggest}, PostgreSQL and DuckDB) …")
            r = results["indicators"] = task(
                envs[(biggest, "postgresql")], "indicators", str(work / "parquet")
            )
            r["scale"] = biggest
            log(
                f"   one municipality ({r['one_pathways']:,} pathways): {r['one_seconds']:.2f} s, "
                f"DuckDB {r['duckdb_one_seconds']:.3f} s, ratio "
                f"{r['one_seconds'] / r['duckdb_one_seconds']:.1f}x, agree: {r['agree_one']['agree']}"
            )
            log(
                f"   all {r['municipalities']} municipalities ({r['pathways']:,} pathways): "
                f"{r['all_seconds']:.2f} s, DuckDB {r['duckdb_all_seconds']:.3f} s, ratio "
                f"{r['all_seconds'] / r['duckdb_all_seconds']:.1f}x, agree: {r['agree_all']['agree']} "
                f"({r['agree_all']['groups']} groups)"
            )
            log(
                f"   DuckDB's Parquet export (not in the ratios): {r['export_seconds']:.1f} s, "
                f"{r['parquet_bytes'] / 2**20:.0f} MiB"
            )
            log(
                f"   reference in Python: largest municipality ({r['one_name']}) "
                f"{r['python_one_seconds']:.2f} s, agree: {r['agree_python_one']['agree']}"
                + (
                    f"; all municipalities {r['python_all_seconds']:.2f} s, "
                    f"agree: {r['agree_python_all']['agree']}"
                    if "python_all_seconds" in r
                    else " (all municipalities: not timed at this scale)"
                )
            )
        api_scale = "region" if "region" in scales else scales[0]
        if "api" not in skip and (api_scale, "postgresql") in envs:
            log(
                f"\n== API reads with wrk for {args.api_seconds} s ({api_scale}, gunicorn 2 workers) …"
            )
            r = results["api"] = api_load(envs[(api_scale, "postgresql")], args.api_seconds)
            log(
                f"   {r['rps']:.0f} requests/s, p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, "
                f"{r['errors']} errors, {r['requests']} requests (mix of the endpoints)"
            )
            for name, e in r["per_endpoint"].items():
                log(
                    f"   {name}: {e['rps']:.0f}/s, p50 {e['p50_ms']:.1f} ms, p99 {e['p99_ms']:.1f} ms, "
                    f"{e['errors']} errors"
                )
        if "import" not in skip:
            url = server.create_database("importbench")
            env = env_for(url, work / "import")
            (work / "import").mkdir()
            log("\n== pathway import (PostgreSQL) …")
            prepare(env, "small")
            results["import"] = import_bench(env, args.import_rows)
            for r in results["import"]:
                log(
                    f"   {r['rows']:,} rows ({r['file_mib']:.0f} MiB): {r['seconds']:.1f} s, "
                    f"{r['rows_per_second']:,.0f} rows/s, peak {r['peak_mib']:.0f} MiB"
                )
    if "spc" not in skip:
        log("\n== SPC engine …")
        r = results["spc"] = spc_bench()
        log(f"   {r['charts']} charts: {r['per_second']:,.0f} per second")
    results["total_seconds"] = time.perf_counter() - started
    results["load_after"] = os.getloadavg()
    shutil.rmtree(work, ignore_errors=True)
    log(f"\nDone in {results['total_seconds'] / 60:.1f} minutes. Load: {load()}")
    log("\n" + summary_table(results))
    out = Path(tempfile.gettempdir()) / "pasientforlop-bench.json"
    out.write_text(json.dumps(results, indent=2, default=str))
    log(f"The results are in {out}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
