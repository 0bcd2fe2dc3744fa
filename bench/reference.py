"""The indicator benchmark's reference: the same indicators computed by one SQL query in
DuckDB over the pathway facts exported from PostgreSQL to Parquet, and the check that both
agree row for row.

The export is four tables (pathways, step records with the Oslo calendar day of each step,
intermediate stays, and every "what matters" conversation of each user: the conversation
step of any pathway, the conversation events and the scoring conversations), written by
PostgreSQL ``COPY … TO STDOUT`` as CSV and turned into Parquet by DuckDB. The SQL restates
``pathways/indicators.py`` (see ``docs/rules.md``).

The product's figures come from ``pathways/indicator_sql.py`` (one query per scope); the
pure rules over ``indicator_data.indicator_facts`` (``indicator_data.compute_python``) are
timed too where that is affordable.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from django.db import connection

from pasientforlop.pathways import indicator_data, indicator_sql
from pasientforlop.pathways.indicators import Indicator
from pasientforlop.pathways.models import Pathway

EXPORTS = {
    "pathways": """
        SELECT p.id, p.patient_id, p.municipality_id, u.name AS unit, p.start_type,
               p.start_date, p.readmission_on
        FROM pathways_pathway p JOIN accounts_organisation u ON u.id = p.unit_id""",
    "records": """
        SELECT pathway_id, step,
               coalesce((done_at AT TIME ZONE 'Europe/Oslo')::date, done_on) AS done_day,
               not_applicable
        FROM pathways_steprecord""",
    "stays": 'SELECT id, pathway_id, start, "end" FROM pathways_intermediatestay',
    "talks": """
        SELECT q.patient_id, c.done_on AS held_on
        FROM pathways_steprecord c JOIN pathways_pathway q ON q.id = c.pathway_id
        WHERE c.step = 'what_matters_conversation' AND NOT c.not_applicable
          AND c.done_on IS NOT NULL
        UNION ALL SELECT patient_id, held_on FROM pathways_whatmattersconversation
        UNION ALL SELECT f.patient_id, c.held_on FROM whatmatters_conversation c
        JOIN whatmatters_whatmattersform f ON f.id = c.form_id""",
}

STEP_DAYS = {
    "needs_mapping_by_day_3": ("needs_mapping", 3),
    "primary_contact_by_day_3": ("primary_contact", 3),
    "gp_visit_by_day_14": ("gp_visit", 14),
    "evaluation_by_day_28": ("evaluation", 28),
}


def _by_group(result: dict, municipality_pk, rows) -> dict:
    for row in rows:
        key = (municipality_pk, row.month, row.unit)
        pair = (
            (row.value, row.count)
            if row.indicator == Indicator.MEDIAN_DAYS_DISCHARGE_READY_TO_HOME
            else (row.numerator, row.denominator)
        )
        result.setdefault(key, {})[str(row.indicator)] = pair
    return result


def python_indicators(municipalities, first: date, last: date, report: date) -> dict:
    """The reference in Python (``indicator_data.compute_python``), one call per
    municipality, as ``{(municipality id, month, unit): {indicator: (a, b)}}``."""
    result: dict = {}
    for municipality in municipalities:
        rows = indicator_data.compute_python(municipality, None, first, last, report)
        _by_group(result, municipality.pk, rows)
    return result


def sql_indicators(municipality, first: date, last: date, report: date) -> dict:
    """The product's computation for one municipality (``indicator_sql.compute``, what the
    pages, the API and the command run), in the shape of :func:`python_indicators`."""
    rows = indicator_sql.compute(municipality, None, first, last, report)
    return _by_group({}, municipality.pk, rows)


def sql_indicators_national(first: date, last: date, report: date) -> dict:
    """Every municipality in one SQL query (``indicator_sql.grouped``)."""
    pathways = Pathway.objects.filter(start_date__lt=indicator_sql.following_month(last))
    groups = indicator_sql.grouped(pathways, report, first, last, by_municipality=True)
    return {
        key: {str(indicator): pair for indicator, pair in item.items()}
        for key, item in groups.items()
    }


def export_parquet(directory: Path) -> dict:
    import duckdb

    directory.mkdir(parents=True, exist_ok=True)
    files, size = {}, 0
    db = duckdb.connect()
    with connection.cursor() as cursor:
        for name, query in EXPORTS.items():
            csv_path, parquet = directory / f"{name}.csv", directory / f"{name}.parquet"
            with open(csv_path, "wb") as out:
                with cursor.cursor.copy(
                    f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER)"
                ) as copy:
                    for block in copy:
                        out.write(block)
            db.execute(
                f"COPY (SELECT * FROM read_csv('{csv_path}', header=true)) "
                f"TO '{parquet}' (FORMAT parquet)"
            )
            csv_path.unlink()
            files[name] = str(parquet)
            size += parquet.stat().st_size
    db.close()
    return {"files": files, "bytes": size}


REFERENCE_SQL = """
WITH last_stay AS (
    SELECT pathway_id, "end" AS stay_end FROM (
        SELECT pathway_id, "end",
               row_number() OVER (PARTITION BY pathway_id ORDER BY start DESC, id DESC) AS n
        FROM read_parquet('{stays}')
    ) WHERE n = 1
), steps AS (
    SELECT pathway_id,
        max(done_day) FILTER (WHERE step = 'home_services_start') AS home,
        max(done_day) FILTER (WHERE step = 'discharge_ready') AS ready,
        bool_or(not_applicable) FILTER (WHERE step = 'what_matters_conversation') AS talk_na,
        {step_columns}
    FROM read_parquet('{records}') GROUP BY pathway_id
), first_talk AS (
    SELECT patient_id, min(CAST(held_on AS DATE)) AS talk
    FROM read_parquet('{talks}') WHERE CAST(held_on AS DATE) <= DATE '{report}'
    GROUP BY patient_id
), facts AS (
    SELECT p.municipality_id, p.unit, p.start_type, p.readmission_on, s.*, ft.talk,
        CASE WHEN s.home IS NULL THEN NULL
             WHEN ls.pathway_id IS NOT NULL THEN coalesce(ls.stay_end, s.home)
             ELSE s.home END AS anchor
    FROM read_parquet('{pathways}') p
    JOIN steps s ON s.pathway_id = p.id
    LEFT JOIN last_stay ls ON ls.pathway_id = p.id
    LEFT JOIN first_talk ft ON ft.patient_id = p.patient_id
    WHERE {where}
), anchored AS (
    SELECT *, strftime(anchor, '%Y-%m') AS month FROM facts
    WHERE anchor IS NOT NULL AND anchor <= DATE '{report}'
      AND strftime(anchor, '%Y-%m') BETWEEN '{first}' AND '{last}'
)
SELECT municipality_id, month, unit,
    {ratio_columns},
    count(*) FILTER (WHERE start_type = 'hospital_discharge'
        AND (readmission_on <= DATE '{report}' AND readmission_on BETWEEN anchor AND anchor + 30))
        AS readmission_n,
    count(*) FILTER (WHERE start_type = 'hospital_discharge'
        AND ((readmission_on <= DATE '{report}' AND readmission_on BETWEEN anchor AND anchor + 30)
             OR anchor + 30 < DATE '{report}')) AS readmission_d,
    median(date_diff('day', ready, anchor)) FILTER (
        WHERE start_type = 'hospital_discharge' AND ready IS NOT NULL) AS median_value,
    count(*) FILTER (WHERE start_type = 'hospital_discharge' AND ready IS NOT NULL)
        AS median_count
FROM anchored GROUP BY ALL
"""


def _known(column: str, report: str) -> str:
    return f"(CASE WHEN {column} <= DATE '{report}' THEN {column} END)"


def reference_sql(files: dict, first: date, last: date, report: date, municipality=None) -> str:
    report_text = report.isoformat()
    step_columns = ",\n        ".join(
        f"max(done_day) FILTER (WHERE step = '{step}') AS {step}_day, "
        f"bool_or(not_applicable) FILTER (WHERE step = '{step}') AS {step}_na"
        for step, _days in STEP_DAYS.values()
    )
    ratios = []
    for indicator, (step, days) in STEP_DAYS.items():
        done = _known(f"{step}_day", report_text)
        counted = f"coalesce(NOT {step}_na, true) AND ({done} IS NOT NULL OR anchor + {days} < DATE '{report_text}')"
        ratios.append(
            f"count(*) FILTER (WHERE {counted} AND {done} <= anchor + {days}) AS {indicator}_n"
        )
        ratios.append(f"count(*) FILTER (WHERE {counted}) AS {indicator}_d")
    talk = _known("talk", report_text)
    counted = f"coalesce(NOT talk_na, true) AND ({talk} IS NOT NULL OR anchor + 28 < DATE '{report_text}')"
    ratios.append(
        f"count(*) FILTER (WHERE {counted} AND {talk} <= anchor + 28) AS what_matters_by_day_28_n"
    )
    ratios.append(f"count(*) FILTER (WHERE {counted}) AS what_matters_by_day_28_d")
    return REFERENCE_SQL.format(
        stays=files["stays"],
        records=files["records"],
        talks=files["talks"],
        pathways=files["pathways"],
        step_columns=step_columns,
        ratio_columns=",\n    ".join(ratios),
        where="true" if municipality is None else f"p.municipality_id = {int(municipality)}",
        report=report_text,
        first=f"{first:%Y-%m}",
        last=f"{last:%Y-%m}",
    )


def reference_indicators(export: dict, first, last, report, municipality=None):
    """(rows in the shape of :func:`python_indicators`, seconds for the query)."""
    import duckdb

    db = duckdb.connect()
    sql = reference_sql(export["files"], first, last, report, municipality)
    started = time.perf_counter()
    cursor = db.execute(sql)
    names = [d[0] for d in cursor.description]
    fetched = cursor.fetchall()
    seconds = time.perf_counter() - started
    db.close()
    result = {}
    for values in fetched:
        row = dict(zip(names, values, strict=True))
        item = {
            indicator: (row[f"{indicator}_n"], row[f"{indicator}_d"])
            for indicator in (*STEP_DAYS, "what_matters_by_day_28", "readmission_within_30_days")
            if f"{indicator}_n" in row
        }
        item["readmission_within_30_days"] = (row["readmission_n"], row["readmission_d"])
        value = row["median_value"]
        item["median_days_discharge_ready_to_home"] = (
            None if value is None else float(value),
            row["median_count"],
        )
        result[(row["municipality_id"], row["month"], row["unit"])] = item
    return result, seconds


def compare(python: dict, reference: dict) -> dict:
    """Row-for-row agreement: the same groups, and the same numbers in each."""
    differing = [key for key in python.keys() & reference.keys() if python[key] != reference[key]]
    return {
        "groups": len(python),
        "only_python": len(python.keys() - reference.keys()),
        "only_reference": len(reference.keys() - python.keys()),
        "differing": len(differing),
        "example": repr(differing[:1] and (python[differing[0]], reference[differing[0]])),
        "agree": python == reference,
    }
