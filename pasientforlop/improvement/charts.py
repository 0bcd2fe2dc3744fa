"""A measure's run or control chart with the SPC engine: baseline freeze, phases at changes,
target line and notes from annotations and PDSA cycles; the signals in words.

Proportions are charted in percent (``multiply=100``); the target is given in the unit shown.
As in qicharts2, a freeze is ignored once a new phase starts (each phase has its own lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from pasientforlop.improvement import periods
from pasientforlop.improvement.measures import Point
from pasientforlop.improvement.models import CHARTS_FOR, ChartType, Measure, ValueType
from pasientforlop.spc import ChartResult, SpcInputError, qic, render_svg


@dataclass
class Chart:
    measure: Measure
    points: list[Point]
    result: ChartResult | None = None
    svg: str = ""  # a standalone SVG document
    error: str = ""
    signals: list[str] = field(default_factory=list)

    def inline(self, prefix: str) -> str:
        """The SVG for embedding in a page, with ids unique to ``prefix``."""
        body = re.sub(r"^<\?xml[^>]*\?>\s*", "", self.svg)
        return body.replace("spc-tittel", f"{prefix}-tittel").replace(
            "spc-beskrivelse", f"{prefix}-beskrivelse"
        )


def chart_type(measure: Measure) -> str:
    allowed = CHARTS_FOR.get(ValueType(measure.value_type), (ChartType.RUN,))
    return measure.chart_type if measure.chart_type in allowed else ChartType.RUN


def _count_before(points: list[Point], day: date) -> int:
    return sum(1 for p in points if p.period < day)


def options(measure: Measure, points: list[Point], annotations) -> dict:
    """``freeze``, ``part`` and ``notes`` for ``qic`` from the measure and its annotations."""
    n = len(points)
    freeze = None
    if measure.freeze_at is not None:
        freeze = sum(1 for p in points if p.period <= measure.freeze_at) or None
        if freeze is not None and freeze >= n:
            freeze = None
    part = sorted(
        {
            k
            for a in annotations
            if a.starts_phase and 1 <= (k := _count_before(points, a.period)) <= n - 1
        }
    )
    notes_at: dict[date, list[str]] = {}
    for a in annotations:
        notes_at.setdefault(periods.start_of(a.period, measure.period), []).append(a.label)
    notes = [" | ".join(notes_at[p.period]) if p.period in notes_at else None for p in points]
    return {"freeze": freeze, "part": part or None, "notes": notes}


def signal_texts(result: ChartResult, label) -> list[str]:
    texts = []
    for part in result.parts:
        where = _(" (phase %(part)s)") % {"part": part.part} if len(result.parts) > 1 else ""
        if part.longest_run_max is not None and (part.longest_run or 0) > part.longest_run_max:
            texts.append(_("Unusually long run") + where)
        if part.n_crossings_min is not None and (part.n_crossings or 0) < part.n_crossings_min:
            texts.append(_("Unusually few crossings") + where)
    for point in result.sigma_signals:
        texts.append(_("Point outside the control limits: %(period)s") % {"period": label(point)})
    return texts


def build(
    measure: Measure,
    points: list[Point],
    annotations,
    *,
    width: int = 860,
    height: int = 420,
) -> Chart:
    chart = Chart(measure, points)
    if not points:
        chart.error = _("No data yet.")
        return chart
    kind = chart_type(measure)
    ratio = measure.value_type in (ValueType.PROPORTION, ValueType.RATE)
    x = [p.period.isoformat() for p in points]
    y = [float(p.numerator if ratio else p.value) for p in points]
    n = [float(p.denominator) for p in points] if ratio else None
    try:
        chart.result = qic(
            x,
            y,
            n,
            chart=kind,
            target=float(measure.target) if measure.target is not None else None,
            multiply=100 if measure.value_type == ValueType.PROPORTION else 1,
            **options(measure, points, annotations),
        )
    except SpcInputError as error:
        chart.error = _("The chart cannot be drawn: %(reason)s") % {"reason": error.reason}
        return chart
    by_x = {p.period.isoformat(): p.period for p in points}

    def label(point) -> str:
        day = by_x.get(str(point.x)) or date.fromisoformat(str(point.x)[:10])
        return periods.label(day, measure.period)

    chart.signals = signal_texts(chart.result, label)
    y_label = _("Percent") if measure.value_type == ValueType.PROPORTION else measure.unit
    x_label = _("Week") if measure.period == periods.WEEK else _("Month")
    chart.svg = render_svg(
        chart.result,
        title=measure.name,
        y_label=y_label,
        x_label=x_label,
        width=width,
        height=height,
    )
    return chart
