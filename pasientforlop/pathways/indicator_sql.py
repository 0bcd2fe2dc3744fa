"""Pathway indicators computed by the database: one SQL query per scope.

The rules are those of ``pathways/indicators.py`` (see ``docs/rules.md``); that module and
``indicator_data.indicator_facts`` stay the reference implementation, and
``pathways/tests/test_indicator_sql.py`` checks on random pathways that both give the same
rows on SQLite and PostgreSQL.

The query, for the pathways of a queryset (``p``):

1. ``r``: a per-pathway pivot of the step records (conditional aggregation): the day each
   step was done (the Europe/Oslo calendar day of ``done_at`` when set, else ``done_on``)
   and whether it is ``not_applicable``.
2. ``ls``: the end of the last intermediate stay (by start, then id), which is the anchor
   when set; otherwise the anchor is the day home services started.
3. ``talks``: the user's first "what matters" conversation known on the report date, from
   the conversation step of any of the user's pathways, the conversation events and the
   scoring conversations of the user's forms.
4. ``f``: the anchored pathways in the months asked for, with the group (month, unit and,
   for national figures, municipality) and every fact as known on the report date.
5. The ratios by conditional aggregation per group, and the median of the days from
   discharge-ready to home by window functions (mean of the middle two for an even count).

Dates are compared as dates on PostgreSQL and as ISO text on SQLite (where ``date(x, '+k
days')`` does the arithmetic); the Oslo day of a timestamp comes from the backend's own
``datetime_cast_date_sql`` (on SQLite a Django function using zoneinfo).
"""

from __future__ import annotations

from datetime import date

from django.db import connections, transaction

from pasientforlop.accounts.models import Organisation
from pasientforlop.pathways.choices import WHAT_MATTERS_CONVERSATION
from pasientforlop.pathways.deadlines import (
    DAYS_AFTER_ANCHOR,
    OSLO,
    READMISSION_WINDOW_DAYS,
    StartType,
    Step,
)
from pasientforlop.pathways.indicators import (
    RATIO_INDICATORS,
    STEP_INDICATORS,
    WHAT_MATTERS_DAYS,
    Indicator,
    IndicatorRow,
)

#: The columns of the pathway subquery ``p``.
PATHWAY_COLUMNS = ("id", "patient_id", "municipality_id", "unit_id", "start_type", "readmission_on")
#: Short column names for the steps of the ratio indicators.
STEP_COLUMNS = {
    Step.PRIMARY_CONTACT: "pc",
    Step.NEEDS_MAPPING: "nm",
    Step.GP_VISIT: "gp",
    Step.EVALUATION: "ev",
}
#: The step records the pivot reads (the others do not enter any indicator).
PIVOT_STEPS = (
    Step.HOME_SERVICES_START,
    Step.DISCHARGE_READY,
    *STEP_COLUMNS,
    WHAT_MATTERS_CONVERSATION,
)
RATIO_COLUMNS = {
    **{indicator: STEP_COLUMNS[step] for indicator, step in STEP_INDICATORS.items()},
    Indicator.WHAT_MATTERS_BY_DAY_28: "wm",
    Indicator.READMISSION_WITHIN_30_DAYS: "ra",
}


def following_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


class _Dialect:
    """The few expressions that differ between SQLite and PostgreSQL."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.sqlite = connection.vendor == "sqlite"

    @property
    def inline(self) -> str:
        """PostgreSQL materialises a CTE used more than once, hiding the pathway filter's
        statistics from the planner (and so the indexes); inline it there."""
        return "" if self.sqlite else "NOT MATERIALIZED"

    def day(self, value: date) -> str:
        """A date literal (dates are safe to inline: ``isoformat`` of a ``date``)."""
        text = date.fromordinal(value.toordinal()).isoformat()
        return f"'{text}'" if self.sqlite else f"DATE '{text}'"

    def plus(self, column: str, days: int) -> str:
        if self.sqlite:
            return f"date({column}, '+{int(days)} days')"
        return f"({column} + {int(days)})"

    def days_between(self, later: str, earlier: str) -> str:
        if self.sqlite:
            return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
        return f"({later} - {earlier})"

    def month(self, column: str) -> str:
        if self.sqlite:
            return f"strftime('%%Y-%%m', {column})"
        return f"to_char({column}, 'YYYY-MM')"

    def oslo_day(self, column: str) -> tuple[str, tuple]:
        return self.connection.ops.datetime_cast_date_sql(column, (), str(OSLO))


def _known(column: str, report: str) -> str:
    return f"(CASE WHEN {column} <= {report} THEN {column} END)"


def build_sql(
    pathways, report_date: date, first: date | None, last: date | None, by_unit, by_municipality
) -> tuple[str, list]:
    """The query and its parameters for the pathways of the queryset ``pathways``."""
    connection = connections[pathways.db]
    sql = _Dialect(connection)
    subquery, sub_params = pathways.order_by().values(*PATHWAY_COLUMNS).query.sql_with_params()
    params: list = list(sub_params)
    report = sql.day(report_date)
    oslo, oslo_params = sql.oslo_day("s.done_at")
    # Only timed records (discharge-ready) pay for the time zone conversion.
    done_day = f"CASE WHEN s.done_at IS NULL THEN s.done_on ELSE {oslo} END"

    pivot = [
        f"MAX(CASE WHEN s.step = '{Step.HOME_SERVICES_START}' THEN {done_day} END) AS home",
        f"MAX(CASE WHEN s.step = '{Step.DISCHARGE_READY}' THEN {done_day} END) AS ready",
        f"MAX(CASE WHEN s.step = '{WHAT_MATTERS_CONVERSATION}' AND s.not_applicable "
        "THEN 1 ELSE 0 END) AS wm_na",
    ]
    # Every use of the Oslo day repeats its parameters (the time zone on PostgreSQL).
    pivot_params = [*oslo_params, *oslo_params]
    for step, column in STEP_COLUMNS.items():
        pivot.append(f"MAX(CASE WHEN s.step = '{step}' THEN {done_day} END) AS {column}_day")
        pivot.append(
            f"MAX(CASE WHEN s.step = '{step}' AND s.not_applicable THEN 1 ELSE 0 END) "
            f"AS {column}_na"
        )
        pivot_params.extend(oslo_params)
    params.extend(pivot_params)

    # The user's first conversation known on the report date (filtering each source by the
    # report date first gives the same minimum as taking the minimum and then filtering).
    talks = f"""
        SELECT x.patient_id, MIN(x.held_on) AS first_on FROM (
            SELECT q.patient_id, c.done_on AS held_on
            FROM pathways_steprecord c JOIN pathways_pathway q ON q.id = c.pathway_id
            WHERE c.step = '{WHAT_MATTERS_CONVERSATION}' AND NOT c.not_applicable
              AND c.done_on IS NOT NULL AND c.done_on <= {report}
              AND q.patient_id IN (SELECT patient_id FROM p)
            UNION ALL
            SELECT w.patient_id, w.held_on FROM pathways_whatmattersconversation w
            WHERE w.held_on <= {report} AND w.patient_id IN (SELECT patient_id FROM p)
            UNION ALL
            SELECT fm.patient_id, sc.held_on
            FROM whatmatters_conversation sc
            JOIN whatmatters_whatmattersform fm ON fm.id = sc.form_id
            WHERE sc.held_on <= {report} AND fm.patient_id IN (SELECT patient_id FROM p)
        ) x GROUP BY x.patient_id"""

    where = ["a.anchor IS NOT NULL", f"a.anchor <= {report}"]
    if first is not None:
        where.append(f"a.anchor >= {sql.day(first.replace(day=1))}")
    if last is not None:
        where.append(f"a.anchor < {sql.day(following_month(last))}")
    unit_key = "u.name" if by_unit else "''"
    municipality_key = "a.municipality_id" if by_municipality else "0"

    facts = [
        f"{municipality_key} AS mun",
        f"{sql.month('a.anchor')} AS month",
        f"{unit_key} AS unit",
        "a.anchor",
        f"CASE WHEN a.start_type = '{StartType.HOSPITAL_DISCHARGE}' THEN 1 ELSE 0 END AS hosp",
        "a.ready",
        f"{_known('a.readmission_on', report)} AS readmission",
        "a.wm_na",
        f"{_known('t.first_on', report)} AS wm_day",
    ]
    for column in STEP_COLUMNS.values():
        facts.append(f"a.{column}_na")
        facts.append(f"{_known(f'a.{column}_day', report)} AS {column}_day")

    ratios = []
    for step in STEP_INDICATORS.values():  # in the order of RATIO_INDICATORS
        column = STEP_COLUMNS[step]
        deadline = sql.plus("anchor", DAYS_AFTER_ANCHOR[step])
        counted = f"{column}_na = 0 AND ({column}_day IS NOT NULL OR {deadline} < {report})"
        ratios.append(f"SUM(CASE WHEN {counted} AND {column}_day <= {deadline} THEN 1 ELSE 0 END)")
        ratios.append(f"SUM(CASE WHEN {counted} THEN 1 ELSE 0 END)")
    deadline = sql.plus("anchor", WHAT_MATTERS_DAYS)
    counted = f"wm_na = 0 AND (wm_day IS NOT NULL OR {deadline} < {report})"
    ratios.append(f"SUM(CASE WHEN {counted} AND wm_day <= {deadline} THEN 1 ELSE 0 END)")
    ratios.append(f"SUM(CASE WHEN {counted} THEN 1 ELSE 0 END)")
    window = sql.plus("anchor", READMISSION_WINDOW_DAYS)
    readmitted = f"readmission >= anchor AND readmission <= {window}"
    ratios.append(f"SUM(CASE WHEN hosp = 1 AND {readmitted} THEN 1 ELSE 0 END)")
    ratios.append(
        f"SUM(CASE WHEN hosp = 1 AND ({readmitted} OR {window} < {report}) THEN 1 ELSE 0 END)"
    )
    ratio_names = [
        f"{RATIO_COLUMNS[indicator]}_{part}" for indicator in RATIO_INDICATORS for part in "nd"
    ]
    ratio_sql = ",\n            ".join(
        f"{expression} AS {name}" for expression, name in zip(ratios, ratio_names, strict=True)
    )

    query = f"""
    WITH p ({", ".join(PATHWAY_COLUMNS)}) AS {sql.inline} ({subquery}),
    r AS (
        SELECT s.pathway_id, {", ".join(pivot)}
        FROM pathways_steprecord s JOIN p ON p.id = s.pathway_id
        WHERE s.step IN ({", ".join(f"'{step}'" for step in PIVOT_STEPS)})
        GROUP BY s.pathway_id
    ),
    ls AS (
        SELECT pathway_id, stay_end FROM (
            SELECT st.pathway_id, st."end" AS stay_end,
                   ROW_NUMBER() OVER (
                       PARTITION BY st.pathway_id ORDER BY st.start DESC, st.id DESC
                   ) AS n
            FROM pathways_intermediatestay st JOIN p ON p.id = st.pathway_id
        ) ranked WHERE n = 1
    ),
    talks AS ({talks}),
    a AS (
        SELECT p.patient_id, p.municipality_id, p.unit_id, p.start_type, p.readmission_on,
               r.*,
               CASE WHEN r.home IS NULL THEN NULL ELSE COALESCE(ls.stay_end, r.home) END
                   AS anchor
        FROM p JOIN r ON r.pathway_id = p.id
        LEFT JOIN ls ON ls.pathway_id = p.id
    ),
    f AS (
        SELECT {", ".join(facts)}
        FROM a
        JOIN accounts_organisation u ON u.id = a.unit_id
        LEFT JOIN talks t ON t.patient_id = a.patient_id
        WHERE {" AND ".join(where)}
    ),
    g AS (
        SELECT mun, month, unit,
            {ratio_sql}
        FROM f GROUP BY mun, month, unit
    ),
    m AS (
        SELECT mun, month, unit, AVG(days) AS median_value, MAX(n) AS median_count FROM (
            SELECT mun, month, unit, {sql.days_between("anchor", "ready")} AS days,
                   ROW_NUMBER() OVER (
                       PARTITION BY mun, month, unit ORDER BY {sql.days_between("anchor", "ready")}
                   ) AS rn,
                   COUNT(*) OVER (PARTITION BY mun, month, unit) AS n
            FROM f WHERE hosp = 1 AND ready IS NOT NULL
        ) ranked WHERE rn = (n + 1) / 2 OR rn = (n + 2) / 2
        GROUP BY mun, month, unit
    )
    SELECT g.*, m.median_value, m.median_count
    FROM g LEFT JOIN m ON m.mun = g.mun AND m.month = g.month AND m.unit = g.unit
    ORDER BY g.mun, g.month, g.unit"""
    return query, params


def grouped(
    pathways,
    report_date: date,
    first: date | None = None,
    last: date | None = None,
    by_unit: bool = True,
    by_municipality: bool = False,
) -> dict[tuple, dict[Indicator, tuple]]:
    """``{(municipality id or 0, month, unit or None): {indicator: (n, d) or (value,
    count)}}`` for the pathways of the queryset ``pathways``, in one query."""
    query, params = build_sql(pathways, report_date, first, last, by_unit, by_municipality)
    result: dict[tuple, dict[Indicator, tuple]] = {}
    connection = connections[pathways.db]
    with transaction.atomic(using=pathways.db), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Compiling the query costs more than it saves (about 0.4 s per query).
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(query, params)
        names = [column[0] for column in cursor.description]
        for values in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            item: dict[Indicator, tuple] = {
                indicator: (
                    int(row[f"{RATIO_COLUMNS[indicator]}_n"] or 0),
                    int(row[f"{RATIO_COLUMNS[indicator]}_d"] or 0),
                )
                for indicator in RATIO_INDICATORS
            }
            value = row["median_value"]
            item[Indicator.MEDIAN_DAYS_DISCHARGE_READY_TO_HOME] = (
                None if value is None else float(value),
                int(row["median_count"] or 0),
            )
            unit = row["unit"] if by_unit else None
            result[(row["mun"], row["month"], unit)] = item
    return result


def rows_of(groups: dict[tuple, dict[Indicator, tuple]]) -> list[IndicatorRow]:
    """Indicator rows sorted as ``indicators.compute_indicators`` sorts them."""
    rows = []
    for _mun, month, unit in sorted(groups, key=lambda key: (key[0], key[1], key[2] or "")):
        item = groups[(_mun, month, unit)]
        for indicator in RATIO_INDICATORS:
            numerator, denominator = item[indicator]
            rows.append(
                IndicatorRow(month, unit, indicator, numerator=numerator, denominator=denominator)
            )
        value, count = item[Indicator.MEDIAN_DAYS_DISCHARGE_READY_TO_HOME]
        rows.append(
            IndicatorRow(
                month, unit, Indicator.MEDIAN_DAYS_DISCHARGE_READY_TO_HOME, value=value, count=count
            )
        )
    return rows


def compute_pathways(
    pathways,
    report_date: date,
    months: tuple[date, date] | None = None,
    by_unit: bool = True,
) -> list[IndicatorRow]:
    """``indicators.compute_indicators`` over the pathways of a queryset, in the database."""
    first, last = months if months else (None, None)
    return rows_of(grouped(pathways, report_date, first, last, by_unit=by_unit))


def compute(
    municipality: Organisation,
    unit: Organisation | None,
    first: date,
    last: date,
    report_date: date,
) -> list[IndicatorRow]:
    """Indicator rows per anchor month and unit for ``first``..``last`` (first days): the
    same rows as ``indicator_data.compute``, from one SQL query."""
    from pasientforlop.pathways.indicator_data import pathways_of

    return compute_pathways(
        pathways_of(municipality, unit, last), report_date, months=(first, last)
    )


__all__ = ["build_sql", "compute", "compute_pathways", "following_month", "grouped", "rows_of"]
