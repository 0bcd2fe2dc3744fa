"""A measure's data per period: stored (manual and imported) or computed on demand.

Automatic measures keep no copies: every page computes them from the pathway indicators
(``pathways.indicator_data``) or the "What matters" data of the measure's organisations, for
each month from the measure's first period to the current one, as known today. Pathway and
"What matters" measures are monthly (pathway indicators are defined per anchor month).
Periods with nothing to count (denominator 0, no value) are left out of the series.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from itertools import chain

from django.utils.translation import gettext_lazy as _

from pasientforlop.accounts.choices import OrganisationKind
from pasientforlop.accounts.models import Organisation
from pasientforlop.improvement import periods
from pasientforlop.improvement.models import Measure, MeasureValue, Source, ValueType
from pasientforlop.lib.dates import OSLO
from pasientforlop.pathways import indicators
from pasientforlop.pathways.indicator_data import INDICATOR_LABELS, indicator_facts, pathways_of
from pasientforlop.pathways.models import Pathway

WM_CONVERSATION_SHARE = "wm_conversation_share"
WM_MEAN_BENEFIT = "wm_mean_benefit"
WM_FULFILMENT = "wm_fulfilment"

WHATMATTERS_LABELS = {
    WM_CONVERSATION_SHARE: _("Pathways started with a documented “What matters” conversation"),
    WM_MEAN_BENEFIT: _("Mean perceived benefit (“What matters” form)"),
    WM_FULFILMENT: _("Programme fulfilment (collaboration checklist)"),
}

#: The kind of value each automatic indicator gives.
AUTOMATIC_VALUE_TYPES = {
    **{str(ind): ValueType.PROPORTION for ind in indicators.RATIO_INDICATORS},
    **{str(ind): ValueType.VALUE for ind in indicators.VALUE_INDICATORS},
    WM_CONVERSATION_SHARE: ValueType.PROPORTION,
    WM_MEAN_BENEFIT: ValueType.VALUE,
    WM_FULFILMENT: ValueType.PROPORTION,
}


def indicator_choices(source: str) -> list[tuple[str, str]]:
    if source == Source.PATHWAY:
        return [(str(key), label) for key, label in INDICATOR_LABELS.items()]
    if source == Source.WHATMATTERS:
        return list(WHATMATTERS_LABELS.items())
    return []


def indicator_label(measure: Measure) -> str:
    labels = {**{str(k): v for k, v in INDICATOR_LABELS.items()}, **WHATMATTERS_LABELS}
    return str(labels.get(measure.indicator, ""))


@dataclass(frozen=True)
class Point:
    period: date
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    value: Decimal | None = None
    version: int | None = None  # stored data: the current version

    @property
    def plotted(self) -> float | None:
        """The share (in percent for proportions), rate or value as charted."""
        if self.denominator is not None:
            if not self.denominator:
                return None
            return float(self.numerator / self.denominator)
        return None if self.value is None else float(self.value)


def _decimal(value) -> Decimal:
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(str(value))


def series(measure: Measure, today: date) -> list[Point]:
    """The measure's points in period order."""
    if measure.source == Source.PATHWAY:
        return pathway_series(measure, today)
    if measure.source == Source.WHATMATTERS:
        return whatmatters_series(measure, today)
    return [
        Point(v.period, v.numerator, v.denominator, v.value, v.version)
        for v in MeasureValue.objects.filter(measure=measure, is_current=True).order_by("period")
    ]


def scopes(organisations: Iterable[Organisation]) -> list[tuple[Organisation, Organisation | None]]:
    """(municipality, unit or None) for each organisation whose pathways are counted."""
    found = []
    for organisation in organisations:
        if organisation.kind == OrganisationKind.MUNICIPALITY:
            found.append((organisation, None))
        elif organisation.kind == OrganisationKind.UNIT and organisation.municipality:
            found.append((organisation.municipality, organisation))
    return found


def _pathways(measure: Measure, last: date | None = None):
    query = Pathway.objects.none()
    for municipality, unit in scopes(measure.organisations.all()):
        query = query | pathways_of(municipality, unit, last)
    return query


def pathway_series(measure: Measure, today: date) -> list[Point]:
    last = periods.start_of(today, periods.MONTH)
    first = periods.start_of(measure.first_period, periods.MONTH)
    facts = chain.from_iterable(
        indicator_facts(pathways_of(municipality, unit, last))
        for municipality, unit in scopes(measure.organisations.all())
    )
    rows = indicators.compute_indicators(facts, today, months=(first, last), by_unit=False)
    points = []
    for row in rows:
        if str(row.indicator) != measure.indicator:
            continue
        period = date(int(row.month[:4]), int(row.month[5:7]), 1)
        if row.indicator in indicators.VALUE_INDICATORS:
            if row.value is not None:
                points.append(Point(period, value=_decimal(row.value)))
        elif row.denominator:
            points.append(Point(period, Decimal(row.numerator), Decimal(row.denominator)))
    return points


def _month(day) -> date:
    if hasattr(day, "astimezone"):
        day = day.astimezone(OSLO).date()
    return periods.start_of(day, periods.MONTH)


def _in_range(period: date, measure: Measure, today: date) -> bool:
    return periods.start_of(measure.first_period, periods.MONTH) <= period <= _month(today)


def whatmatters_series(measure: Measure, today: date) -> list[Point]:
    compute = {
        WM_CONVERSATION_SHARE: _conversation_share,
        WM_MEAN_BENEFIT: _mean_benefit,
        WM_FULFILMENT: _fulfilment,
    }.get(measure.indicator)
    if compute is None:
        return []
    return [p for p in compute(measure, today) if _in_range(p.period, measure, today)]


def _conversation_share(measure: Measure, today: date) -> Iterator[Point]:
    """Pathways started in the month; numerator: their user had a "what matters" conversation
    recorded (held on or before today)."""
    from pasientforlop.whatmatters.models import Conversation

    pathways = list(_pathways(measure).values_list("start_date", "patient_id"))
    talked = set(
        Conversation.objects.filter(
            form__patient_id__in={p for _d, p in pathways}, held_on__lte=today
        ).values_list("form__patient_id", flat=True)
    )
    counts: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for start, patient in pathways:
        pair = counts[_month(start)]
        pair[0] += patient in talked
        pair[1] += 1
    for period in sorted(counts):
        yield Point(period, Decimal(counts[period][0]), Decimal(counts[period][1]))


def _patients(measure: Measure):
    from pasientforlop.pathways.models import Patient

    return Patient.objects.filter(pk__in=_pathways(measure).values("patient_id"))


def _mean_benefit(measure: Measure, today: date) -> Iterator[Point]:
    """Mean first-to-latest benefit of the default form version's forms with two or more
    conversations, in the month of the latest conversation (versions are never mixed)."""
    from pasientforlop.whatmatters import scoring
    from pasientforlop.whatmatters.models import FormVersion, WhatMattersForm

    version = FormVersion.default()
    forms = WhatMattersForm.objects.filter(
        patient__in=_patients(measure), form_version=version
    ).prefetch_related("activities", "conversations__scores")
    benefits: dict[date, list[Fraction]] = defaultdict(list)
    for form in forms:
        rule = form.as_rule()
        held = [c for c in rule.conversations if c.held_on <= today]
        if len(held) < 2:
            continue
        gain = scoring.benefit(rule.version, held[0], held[-1])
        if gain is not None:
            benefits[_month(held[-1].held_on)].append(gain)
    for period in sorted(benefits):
        values = benefits[period]
        yield Point(period, value=_decimal(sum(values, Fraction(0)) / len(values)))


def _fulfilment(measure: Measure, today: date) -> Iterator[Point]:
    """Points over maximum points of the collaboration checklists last changed in the month
    (items holding a conversation's mean count as done once it is recorded)."""
    from pasientforlop.whatmatters.models import Checklist
    from pasientforlop.whatmatters.summary import checklist_rows, latest_form, summarise

    counts: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    checklists = Checklist.objects.filter(patient__in=_patients(measure)).select_related(
        "template", "patient"
    )
    for checklist in checklists:
        form = latest_form(checklist.patient)
        _rows, result = checklist_rows(
            checklist.template, checklist, summarise(form) if form else None
        )
        pair = counts[_month(checklist.updated_at)]
        pair[0] += result.points
        pair[1] += result.max_points
    for period in sorted(counts):
        if counts[period][1]:
            yield Point(period, Decimal(counts[period][0]), Decimal(counts[period][1]))
