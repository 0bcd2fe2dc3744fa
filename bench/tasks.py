"""Benchmark tasks that run inside Django, one per process (``bench/run.py`` starts them with
the database in ``DATABASE_URL``). Usage: ``python bench/tasks.py TASK [ARGS…]``; the last
line printed is the result as JSON."""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pasientforlop.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from pasientforlop.accounts.choices import OrganisationKind, Role, UnitKind  # noqa: E402
from pasientforlop.accounts.models import Membership, Organisation  # noqa: E402
from pasientforlop.pathways.models import Pathway  # noqa: E402
from pasientforlop.synth.generate import DEFAULT_END  # noqa: E402

REPORT_DATE = DEFAULT_END
FIRST_MONTH = date(DEFAULT_END.year - 5, DEFAULT_END.month, 1)
LAST_MONTH = date(DEFAULT_END.year, DEFAULT_END.month, 1)
#: The reads of the API benchmark (``{unit}``, ``{patient}``, ``{pathway}`` filled in), with
#: a bearer token of the unit's nurse.
API_ENDPOINTS = (
    "/api/pathways/{pathway}",
    "/api/patients/{patient}",
    "/api/pathways?unit={unit}&open=true&page_size=50",
)
#: Before ``/api/`` existed: the closest read pages, with a session cookie.
PAGE_ENDPOINTS = (
    "/forlop/{pathway}/",
    "/arbeidsliste/?enhet={unit}",
    "/indikatorer/last-ned/json/?municipality={municipality}&unit={unit}"
    "&first=2026-10&last=2026-10&report_date=2026-11-24",
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def busiest_unit() -> Organisation:
    """The home services unit with the most open pathways (the worst worklist)."""
    return (
        Organisation.objects.filter(kind=OrganisationKind.UNIT, unit_kind=UnitKind.HOME_SERVICES)
        .annotate(open=Count("pathways", filter=Q(pathways__closed_on__isnull=True)))
        .order_by("-open", "pk")
        .first()
    )


def nurse_of(unit: Organisation):
    return Membership.objects.filter(organisation=unit, role=Role.CLINICIAN).first().user


def at_synthetic_end(function):
    """Run a task as if today were the synthetic data's end date (noon in Oslo), so overdue
    counts and the chain are those of the data, whatever day the benchmark runs."""
    from datetime import datetime
    from datetime import time as clock
    from unittest import mock

    from django.utils import timezone

    from pasientforlop.lib.dates import OSLO

    moment = datetime.combine(DEFAULT_END, clock(12), tzinfo=OSLO)

    def run(*args):
        with mock.patch.object(timezone, "now", lambda: moment):
            return function(*args)

    return run


@at_synthetic_end
def task_worklist(requests: str = "60") -> dict:
    unit = busiest_unit()
    client = Client()
    client.force_login(nurse_of(unit))
    url = reverse("pathways:worklist") + f"?enhet={unit.pk}"
    for _ in range(3):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(int(requests)):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    rows = response.content.count(b"<tr") - 3  # header row per bucket
    return {
        "database": connection.vendor,
        "unit": unit.name,
        "municipality": unit.parent.name,
        "open_pathways": Pathway.objects.filter(unit=unit, closed_on__isnull=True).count(),
        "all_pathways": Pathway.objects.count(),
        "worklist_rows": rows,
        "requests": len(times),
        "median_ms": statistics.median(times),
        "p95_ms": percentile(times, 0.95),
        "queries": len(queries),
    }


#: Above this many pathways the reference in Python is timed for one municipality only.
PYTHON_ALL_LIMIT = 200_000


def task_indicators(workdir: str) -> dict:
    """The product's indicators in SQL (``indicator_sql``) for the largest municipality and
    for all municipalities in one query, against DuckDB over the same facts; the reference
    in Python (``indicator_data.compute_python``) timed too while it is affordable. Every
    result is compared group by group."""
    from bench.reference import (
        compare,
        export_parquet,
        python_indicators,
        reference_indicators,
        sql_indicators,
        sql_indicators_national,
    )

    municipalities = list(
        Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).order_by("name")
    )
    largest = (
        Pathway.objects.values("municipality")
        .annotate(n=Count("pk"))
        .order_by("-n", "municipality")
        .values_list("municipality", flat=True)
        .first()
    )
    one = next(m for m in municipalities if m.pk == largest)
    pathways = Pathway.objects.count()
    result: dict = {"municipalities": len(municipalities), "pathways": pathways}
    result["one_name"] = one.name
    result["one_pathways"] = Pathway.objects.filter(municipality=one).count()
    args = (FIRST_MONTH, LAST_MONTH, REPORT_DATE)
    sql_indicators(one, *args)  # warm the database's cache as DuckDB's file cache is warm
    started = time.perf_counter()
    rows_one = sql_indicators(one, *args)
    result["one_seconds"] = time.perf_counter() - started
    started = time.perf_counter()
    rows_all = sql_indicators_national(*args)
    result["all_seconds"] = time.perf_counter() - started
    result["rows"] = len(rows_all)

    started = time.perf_counter()
    python_one = python_indicators([one], *args)
    result["python_one_seconds"] = time.perf_counter() - started
    result["agree_python_one"] = compare(rows_one, python_one)
    if pathways <= PYTHON_ALL_LIMIT:
        started = time.perf_counter()
        python_all = python_indicators(municipalities, *args)
        result["python_all_seconds"] = time.perf_counter() - started
        result["agree_python_all"] = compare(rows_all, python_all)

    started = time.perf_counter()
    export = export_parquet(Path(workdir))
    result["export_seconds"] = time.perf_counter() - started
    result["parquet_bytes"] = export["bytes"]
    ref_one, result["duckdb_one_seconds"] = reference_indicators(export, *args, municipality=one.pk)
    ref_all, result["duckdb_all_seconds"] = reference_indicators(export, *args)
    result["agree_one"] = compare(rows_one, ref_one)
    result["agree_all"] = compare(rows_all, ref_all)
    return result


def task_session() -> dict:
    """Credentials for the load generator and the paths it reads: ``API_ENDPOINTS`` with a
    token when ``/api/`` exists, else ``PAGE_ENDPOINTS`` with a session cookie."""
    from django.urls import Resolver404, resolve

    unit = busiest_unit()
    nurse = nurse_of(unit)
    client = Client()
    client.force_login(nurse)
    try:
        resolve("/api/pathways")
        endpoints = API_ENDPOINTS
    except Resolver404:
        endpoints = PAGE_ENDPOINTS
    if endpoints is API_ENDPOINTS:
        from pasientforlop.interop.tokens import create_token

        token = create_token(nurse, "benchmark", ["pathways:read"], 1).plain
        headers = {"Authorization": f"Bearer {token}"}
    else:
        headers = {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}
    pathways = list(
        Pathway.objects.filter(unit=unit, closed_on__isnull=True)
        .order_by("pk")
        .values_list("pk", "patient_id")[:200]
    )
    paths = []
    for index, (pathway, patient) in enumerate(pathways):
        template = endpoints[index % len(endpoints)]
        paths.append(
            template.format(
                pathway=pathway, patient=patient, unit=unit.pk, municipality=unit.parent_id
            )
        )
    reader = Client(headers=headers) if endpoints is API_ENDPOINTS else client
    for path in paths[: len(endpoints)]:
        status = reader.get(path).status_code
        assert status == 200, (path, status)
    return {"headers": headers, "paths": paths, "endpoints": list(endpoints), "unit": unit.name}


def task_import(csv_path: str) -> dict:
    import resource

    from pasientforlop.pathways.imports import import_pathways

    started = time.perf_counter()
    with open(csv_path, encoding="utf-8-sig", newline="") as lines:
        report = import_pathways(lines)
    seconds = time.perf_counter() - started
    assert report.ok, report.errors[:5]
    return {
        "rows": report.rows,
        "seconds": seconds,
        "rows_per_second": report.rows / seconds,
        "new_pathways": report.new_pathways,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def task_synth(scale: str) -> dict:
    from pasientforlop.synth.generate import generate
    from pasientforlop.synth.write import write

    started = time.perf_counter()
    dataset = generate(scale)
    generated = time.perf_counter() - started
    counts = write(dataset)
    return {
        "scale": scale,
        "database": connection.vendor,
        "generate_seconds": generated,
        "total_seconds": time.perf_counter() - started,
        "rows": sum(counts.values()),
        "pathways": dataset.pathway_count,
    }


if __name__ == "__main__":
    task, *args = sys.argv[1:]
    print(json.dumps(globals()[f"task_{task}"](*args)))
