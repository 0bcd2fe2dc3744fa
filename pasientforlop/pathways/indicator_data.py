"""Pathway indicators from the database, and their formats.

:func:`compute` runs the indicators in SQL (``indicator_sql``, one query per scope).
:func:`compute_python` is the reference implementation kept for the tests: the facts in one
query, the rules in ``indicators.py``.

``indicator_facts`` reads pathways joined with their step records in one ``values()`` query
(ordered by pathway, streamed), and turns each pathway into ``indicators.IndicatorFacts``.
The anchor comes from ``deadlines.anchor`` over the home_services_start record and the
last intermediate stay (a subquery annotation), so it agrees with the pathway's timeline.

Output formats:

* ``json``: a list of ``{"month", "unit", "indicator", "numerator", "denominator"}``
  (``"value"`` and ``"count"`` instead for the median).
* ``csv`` from the command: machine-readable, the JSON keys as header
  (``month,unit,indicator,numerator,denominator,value,count``), empty cells where a key
  does not apply.
* ``csv`` from the page and ``xlsx`` (page and command): for people, with Norwegian headers
  and indicator names and the share in percent.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from fractions import Fraction

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pasientforlop.accounts.choices import OrganisationKind
from pasientforlop.accounts.models import Organisation
from pasientforlop.lib import tables
from pasientforlop.pathways import deadlines, indicators
from pasientforlop.pathways.choices import WHAT_MATTERS_CONVERSATION
from pasientforlop.pathways.indicators import Indicator, IndicatorFacts, IndicatorRow
from pasientforlop.pathways.models import (
    IntermediateStay,
    Pathway,
    StepRecord,
    WhatMattersConversation,
)
from pasientforlop.whatmatters.models import Conversation
from pasientforlop.whatmatters.scoring import format_number, format_percent

INDICATOR_LABELS = {
    Indicator.NEEDS_MAPPING_BY_DAY_3: gettext_lazy("Needs mapped by day 3"),
    Indicator.PRIMARY_CONTACT_BY_DAY_3: gettext_lazy("Primary contact appointed by day 3"),
    Indicator.GP_VISIT_BY_DAY_14: gettext_lazy("GP visit by day 14"),
    Indicator.EVALUATION_BY_DAY_28: gettext_lazy("Plan evaluated by day 28"),
    Indicator.WHAT_MATTERS_BY_DAY_28: gettext_lazy("“What matters” conversation by day 28"),
    Indicator.READMISSION_WITHIN_30_DAYS: gettext_lazy("Readmitted within 30 days"),
    Indicator.MEDIAN_DAYS_DISCHARGE_READY_TO_HOME: gettext_lazy(
        "Median days from discharge-ready to home"
    ),
}
MACHINE_HEADER = ["month", "unit", "indicator", "numerator", "denominator", "value", "count"]
CHUNK = 5000


def indicator_facts(pathways) -> Iterator[IndicatorFacts]:
    """IndicatorFacts for each pathway of the queryset ``pathways``, in one query."""
    last_stay = IntermediateStay.objects.filter(pathway=OuterRef("pk")).order_by("-start", "-pk")
    # The user's first "what matters" conversation, wherever it was recorded: the step on
    # any of their pathways, a conversation event, or a scoring conversation of their form.
    first_step = StepRecord.objects.filter(
        pathway__patient=OuterRef("patient"),
        step=WHAT_MATTERS_CONVERSATION,
        not_applicable=False,
        done_on__isnull=False,
    ).order_by("done_on")
    first_event = WhatMattersConversation.objects.filter(patient=OuterRef("patient")).order_by(
        "held_on"
    )
    first_scoring = Conversation.objects.filter(form__patient=OuterRef("patient")).order_by(
        "held_on"
    )
    rows = (
        pathways.annotate(
            last_stay_start=Subquery(last_stay.values("start")[:1]),
            last_stay_end=Subquery(last_stay.values("end")[:1]),
            first_step=Subquery(first_step.values("done_on")[:1]),
            first_event=Subquery(first_event.values("held_on")[:1]),
            first_scoring=Subquery(first_scoring.values("held_on")[:1]),
        )
        .order_by("pk")
        .values_list(
            "pk",
            "unit__name",
            "start_type",
            "start_date",
            "readmission_on",
            "last_stay_start",
            "last_stay_end",
            "first_step",
            "first_event",
            "first_scoring",
            "records__step",
            "records__done_on",
            "records__done_at",
            "records__not_applicable",
        )
    )
    current = None
    steps: dict[str, deadlines.StepRecord] = {}
    for (
        pk,
        unit,
        start_type,
        start_date,
        readmission,
        stay_start,
        stay_end,
        *conversations,
        step,
        done_on,
        done_at,
        not_applicable,
    ) in rows.iterator(chunk_size=CHUNK):
        if current is None or current[0] != pk:
            if current is not None:
                yield _facts(current, steps)
            first = min((day for day in conversations if day is not None), default=None)
            current, steps = (
                (pk, unit, start_type, start_date, readmission, stay_start, stay_end, first),
                {},
            )
        if step is not None:
            steps[step] = deadlines.StepRecord(
                done_on=done_on, done_at=done_at, not_applicable=not_applicable
            )
    if current is not None:
        yield _facts(current, steps)


def _facts(pathway: tuple, steps: dict[str, deadlines.StepRecord]) -> IndicatorFacts:
    pk, unit, start_type, start_date, readmission, stay_start, stay_end, first = pathway
    start = deadlines.StartType(start_type)
    stays = (deadlines.IntermediateStay(start=stay_start, end=stay_end),) if stay_start else ()
    anchor = deadlines.anchor(
        deadlines.PathwayFacts(start, start_date, steps=steps, intermediate_stays=stays)
    )
    conversation = steps.get(WHAT_MATTERS_CONVERSATION)
    ready = steps.get(deadlines.Step.DISCHARGE_READY)
    return IndicatorFacts(
        pathway_id=pk,
        unit=unit,
        start_type=start,
        anchor=anchor,
        done={
            deadlines.Step(step): record.done_date
            for step, record in steps.items()
            if step in deadlines.CHAIN and record.done_date is not None
        },
        not_applicable=frozenset(
            deadlines.Step(step)
            for step, record in steps.items()
            if record.not_applicable and step in deadlines.CHAIN
        ),
        what_matters_first_on=first,
        what_matters_not_applicable=bool(conversation and conversation.not_applicable),
        readmission_on=readmission,
        discharge_ready_on=ready.done_date if ready else None,
    )


def pathways_of(municipality: Organisation, unit: Organisation | None = None, last=None):
    """The pathways counted for a municipality (and unit); ``last`` = last month's first day
    (a pathway that starts after that month cannot be anchored in the range)."""
    pathways = Pathway.objects.filter(municipality=municipality)
    if unit is not None:
        pathways = pathways.filter(unit=unit)
    if last is not None:
        following = date(last.year + last.month // 12, last.month % 12 + 1, 1)
        pathways = pathways.filter(start_date__lt=following)
    return pathways


def compute(
    municipality: Organisation,
    unit: Organisation | None,
    first: date,
    last: date,
    report_date: date,
) -> list[IndicatorRow]:
    """Indicator rows per anchor month and unit for ``first``..``last`` (first days), from
    one SQL query (``indicator_sql``): what the pages, the API, the downloads, the FHIR
    export and the command show."""
    from pasientforlop.pathways import indicator_sql

    return indicator_sql.compute(municipality, unit, first, last, report_date)


def compute_python(
    municipality: Organisation,
    unit: Organisation | None,
    first: date,
    last: date,
    report_date: date,
) -> list[IndicatorRow]:
    """The same rows from the pure rules over :func:`indicator_facts`: the reference
    implementation the tests compare :func:`compute` with."""
    facts = indicator_facts(pathways_of(municipality, unit, last))
    return indicators.compute_indicators(facts, report_date, months=(first, last))


# --- formats -------------------------------------------------------------------------------


def share(row: IndicatorRow) -> str:
    """The row's share in percent (one decimal, decimal comma) or its median value."""
    if row.indicator in indicators.VALUE_INDICATORS:
        return (
            format_number(Fraction(row.value).limit_denominator(1000), 1)
            if row.value is not None
            else "–"
        )
    if not row.denominator:
        return "–"
    return format_percent(Fraction(100 * row.numerator, row.denominator), 1)


def human_header() -> list[str]:
    return [
        _("Month"),
        _("Unit"),
        _("Indicator"),
        _("Numerator"),
        _("Denominator"),
        _("Share or value"),
        _("Count"),
    ]


def _share_cell(row: IndicatorRow) -> tables.Shown:
    """The share as text for pages and CSV, as a number (a fraction shown in percent, or the
    median) in Excel."""
    if row.indicator in indicators.VALUE_INDICATORS:
        number = None if row.value is None else float(row.value)
        return tables.Shown(share(row), number, "0.0")
    number = float(Fraction(row.numerator, row.denominator)) if row.denominator else None
    return tables.Shown(share(row), number, "0.0 %")


def human_rows(rows: Iterable[IndicatorRow]) -> Iterator[list]:
    """Rows for people: label, n, d, share (or value) and count."""
    for row in rows:
        value = row.indicator in indicators.VALUE_INDICATORS
        yield [
            row.month,
            row.unit or "",
            str(INDICATOR_LABELS[row.indicator]),
            None if value else row.numerator,
            None if value else row.denominator,
            _share_cell(row),
            row.count if value else None,
        ]


def to_json(rows: Iterable[IndicatorRow]) -> str:
    return json.dumps(indicators.to_json_rows(rows), ensure_ascii=False, indent=2) + "\n"


def to_machine_csv(rows: Iterable[IndicatorRow]) -> str:
    records = indicators.to_json_rows(rows)
    return tables.csv_text(
        MACHINE_HEADER,
        ([record.get(key) for key in MACHINE_HEADER] for record in records),
        dialect="machine",
    )


def to_human_csv(rows: Iterable[IndicatorRow]) -> str:
    """Norwegian Excel CSV (with the byte order mark) through the shared writer."""
    return tables.csv_text(human_header(), human_rows(rows))


def to_xlsx(rows: Iterable[IndicatorRow], title: str) -> bytes:
    return tables.xlsx_bytes(_("Indicators"), human_header(), human_rows(rows), preamble=[title])


# --- the command ---------------------------------------------------------------------------


def _month(text: str) -> date | None:
    parts = text.split("-")
    if len(parts) != 2 or len(parts[0]) != 4 or len(parts[1]) != 2:
        return None
    try:
        return date(int(parts[0]), int(parts[1]), 1)
    except ValueError:
        return None


def command(args) -> int:
    """``pasientforlop indicators --municipality NNNN [--unit NAME] --from YYYY-MM
    --to YYYY-MM [--report-date YYYY-MM-DD] [--format json|csv|xlsx] [--output FILE]``."""
    from pasientforlop.lib.dates import today_oslo
    from pasientforlop.pathways.imports import parse_date

    municipality = Organisation.objects.filter(
        kind=OrganisationKind.MUNICIPALITY, number=args.municipality
    ).first()
    if municipality is None:
        return _fail(f"Fant ingen kommune med nummer «{args.municipality}».")
    unit = None
    if args.unit:
        unit = Organisation.objects.filter(
            kind=OrganisationKind.UNIT, parent=municipality, name=args.unit
        ).first()
        if unit is None:
            return _fail(f"Fant ingen enhet «{args.unit}» i {municipality.name}.")
    first, last = _month(args.first), _month(args.last)
    if first is None or last is None or last < first:
        return _fail("Oppgi --from og --to som ÅÅÅÅ-MM, med --to ikke før --from.")
    report_date = parse_date(args.report_date) if args.report_date else today_oslo()
    if report_date is None:
        return _fail("Oppgi --report-date som ÅÅÅÅ-MM-DD.")
    rows = compute(municipality, unit, first, last, report_date)
    if args.format == "xlsx":
        data = to_xlsx(rows, f"{municipality.name} {args.first}–{args.last}")
    elif args.format == "csv":
        data = to_machine_csv(rows).encode()
    else:
        data = to_json(rows).encode()
    if args.output:
        with open(args.output, "wb") as out:
            out.write(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2
