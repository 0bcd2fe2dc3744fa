"""A measure's run or control chart with the SPC engine: baseline freeze, phases at changes,
target line and notes from annotations and PDSA cycles; the signals in words.

Proportions are charted in percent (``multiply=100``); the target is given in the unit shown.

PDSA cycles linked to a measure appear on its chart at their start, numbered with the
annotations in date order; the numbers stand on the chart and the texts in a legend below it,
so labels never overlap. A phase starts at an annotation or PDSA cycle marked as a new phase
and is named after the change it follows ("Før", "Etter …").

Baseline freeze with phases (qicharts2 ignores ``freeze`` when ``part`` is given): the freeze
applies to the phase that contains the freeze period. That phase's centre line and limits are
computed from its own periods up to and including the freeze period, exactly as ``qic`` run on
that phase alone with the freeze; the other phases use all their periods. A freeze on the last
period of its phase changes nothing.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pasientforlop.improvement import periods
from pasientforlop.improvement.measures import Point
from pasientforlop.improvement.models import CHARTS_FOR, Better, ChartType, Measure, ValueType
from pasientforlop.spc import ChartResult, SpcInputError, qic, render_svg
from pasientforlop.spc.svg import Words


@dataclass(frozen=True)
class Marker:
    """A numbered note on the chart: an annotation or a linked PDSA cycle."""

    number: int
    period: date
    text: str
    is_pdsa: bool = False


@dataclass(frozen=True)
class PhaseName:
    number: int
    name: str
    starts: date


@dataclass(frozen=True)
class Summary:
    """What the chart says, as the NHS "Making Data Count" icons do.

    ``variation``: ``common`` (only random variation), ``improving``, ``worsening`` or
    ``special`` (special cause in neither or both directions). ``assurance``: ``pass`` (the
    limits lie on the right side of the target: it will be met reliably), ``fail`` (it will
    not be met without change), ``hit_or_miss`` (the target lies between the limits) or
    ``""`` (no target, or a run chart without limits).
    """

    variation: str
    variation_text: str
    assurance: str
    assurance_text: str


@dataclass
class Chart:
    measure: Measure
    points: list[Point]
    result: ChartResult | None = None
    svg: str = ""  # a standalone SVG document
    error: str = ""
    signals: list[str] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    phases: list[PhaseName] = field(default_factory=list)
    summary: Summary | None = None
    baseline_note: str = ""

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


def _pdsa_label(cycle) -> str:
    span = cycle.starts_on.strftime("%d.%m.%Y")
    if cycle.ends_on:
        span += "–" + cycle.ends_on.strftime("%d.%m.%Y")
    return f"PDSA: {cycle.title} ({span})"


def markers(measure: Measure, points: list[Point], annotations, cycles) -> list[Marker]:
    """Annotations and linked PDSA cycles inside the chart's periods, numbered by date."""
    if not points:
        return []
    first, last = points[0].period, points[-1].period
    cycle_ids = {c.pk for c in cycles}
    found = []
    for a in annotations:
        if a.pdsa_id is not None and a.pdsa_id in cycle_ids and not a.text:
            continue  # the linked cycle is shown already
        day = periods.start_of(a.period, measure.period)
        if first <= day <= last:
            found.append((day, a.label, a.pdsa_id is not None))
    for cycle in cycles:
        day = periods.start_of(cycle.starts_on, measure.period)
        if first <= day <= last:
            found.append((day, _pdsa_label(cycle), True))
    found.sort(key=lambda item: item[0])
    return [Marker(i, day, text, pdsa) for i, (day, text, pdsa) in enumerate(found, start=1)]


def phase_starts(measure: Measure, points: list[Point], annotations, cycles) -> dict[int, str]:
    """Point count before each new phase -> the change it follows."""
    n = len(points)
    found: dict[int, str] = {}
    changes = [
        (a.period, a.text or (a.pdsa.title if a.pdsa_id else ""))
        for a in annotations
        if a.starts_phase
    ]
    changes += [
        (c.starts_on, c.change_idea.title if c.change_idea_id else c.title)
        for c in cycles
        if c.starts_phase
    ]
    for day, name in sorted(changes, key=lambda item: item[0]):
        k = _count_before(points, periods.start_of(day, measure.period))
        if 1 <= k <= n - 1:
            found.setdefault(k, name)
    return found


def _freeze_in_phase(result: ChartResult, freeze: int, run) -> ChartResult:
    """Recompute the phase that holds point ``freeze`` with the freeze (the documented rule)."""
    part_no = result.points[freeze - 1].part
    members = [p for p in result.points if p.part == part_no]
    first, last = members[0].index, members[-1].index
    if freeze >= last:
        return result
    sub = run(first, last, freeze - first + 1)
    shift = first - 1
    points = list(result.points)
    for p in sub.points:
        points[p.index - 1 + shift] = dataclasses.replace(p, index=p.index + shift, part=part_no)
    parts = [
        dataclasses.replace(sub.parts[0], part=part_no) if s.part == part_no else s
        for s in result.parts
    ]
    return _with_points(result, points, tuple(parts))


def _with_points(result: ChartResult, points: list, parts: tuple) -> ChartResult:
    """A copy of ``result`` with other points and part summaries (whichever way the result
    stores its points: as point objects or as columns)."""
    names = {f.name for f in dataclasses.fields(result)}
    if "points" in names:
        return dataclasses.replace(result, points=tuple(points), parts=parts)
    from pasientforlop.spc.result import PointColumns

    columns = PointColumns(
        **{
            f.name: tuple(getattr(p, f.name) for p in points)
            for f in dataclasses.fields(PointColumns)
        }
    )
    return dataclasses.replace(result, columns=columns, parts=parts)


def _longest_run(points) -> tuple[int, int, object]:
    """(length, side, first point) of the longest run on one side of the centre line."""
    best = (0, 0, None)
    length, side, start = 0, 0, None
    for p in points:
        if p.y is None or p.cl is None or not p.included or p.y == p.cl:
            continue
        here = 1 if p.y > p.cl else -1
        if here == side:
            length += 1
        else:
            length, side, start = 1, here, p
        if length >= best[0]:
            best = (length, side, start)
    return best


def summarise(result: ChartResult, better: str, label, is_run: bool) -> tuple[Summary, list[str]]:
    """The variation and assurance summary and the run signal in words (last phase)."""
    last_part = result.points[-1].part
    points = [p for p in result.points if p.part == last_part]
    part = next(s for s in result.parts if s.part == last_part)
    higher = better == Better.HIGHER
    texts, sides = [], []
    if part.longest_run_max is not None and (part.longest_run or 0) > part.longest_run_max:
        length, side, start = _longest_run(points)
        if start is not None:
            where = _("the median") if is_run else _("the centre line")
            above = _("%(n)s points in a row above %(line)s from %(period)s: a shift")
            below = _("%(n)s points in a row below %(line)s from %(period)s: a shift")
            texts.append(
                (above if side > 0 else below)
                % {"n": length, "line": where, "period": label(start)}
            )
            sides.append(side)
    sides += [1 if p.y > p.cl else -1 for p in points if p.sigma_signal and p.cl is not None]
    if part.runs_signal and not sides:
        sides.append(0)
    good = {1 if higher else -1}
    if not sides:
        variation, vtext = "common", _("Common cause variation: no signals of change.")
    elif set(sides) <= good:
        variation, vtext = "improving", _("Special cause variation: improvement.")
    elif set(sides) <= {-1 if higher else 1}:
        variation, vtext = "worsening", _("Special cause variation: worsening.")
    else:
        variation, vtext = "special", _("Special cause variation in both or neither direction.")
    assurance, atext = "", ""
    last = points[-1]
    if result.target is not None and (last.ucl is not None or last.lcl is not None):
        lo = last.lcl if last.lcl is not None else float("-inf")
        hi = last.ucl if last.ucl is not None else float("inf")
        target = result.target
        if lo <= target <= hi:
            assurance = "hit_or_miss"
            atext = _("The target lies between the limits: it will be met some periods only.")
        elif (lo > target) == higher:
            assurance = "pass"
            atext = _("The limits lie on the right side of the target: it will be met reliably.")
        else:
            assurance = "fail"
            atext = _("The target lies outside the limits: it will not be met without change.")
    elif result.target is not None:
        atext = _("A control chart is needed to judge whether the target will be met.")
    return Summary(variation, vtext, assurance, atext), texts


def _period_words(day: date, period: str) -> str:
    if period == periods.WEEK:
        return periods.label(day, period)
    return date_format(day, "F Y")


def _short(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def chart_words() -> Words:
    """Every word on a chart in the active language, lines written out in full."""
    return Words(
        cl=_("Centre line"),
        ucl=_("Upper control limit"),
        lcl=_("Lower control limit"),
        target=_("Target value"),
        sigma=_("Point outside the control limits"),
        runs=_("Run signal (Anhøj)"),
        excluded=_("Left out of the calculations"),
        phase=_("Phase {number}"),
        baseline=_("Baseline period"),
        after_baseline=_("After the baseline period"),
        value=_("{label}: {value}"),
        point=_("Point {index}, x = {x}: {y}"),
        summary=_("{name} with {points} points in {parts} phase(s)."),
        cl_last=_("{label} {value} in the last phase."),
        sigma_points=_("{count} point(s) outside the control limits: {points}."),
        no_sigma=_("No points outside the control limits."),
        runs_in=_("{label} in phase {parts}."),
        no_runs=_("No run signal."),
        notes=_("Notes: {notes}."),
        chart_names={
            "run": _("Run chart"),
            "i": _("I chart (individual values)"),
            "mr": _("MR chart (moving range)"),
            "xbar": _("X̄ chart (averages)"),
            "s": _("S chart (standard deviation)"),
            "t": _("T chart (time between events)"),
            "p": _("P chart (proportion)"),
            "pp": _("P′ chart (Laney)"),
            "u": _("U chart (rate)"),
            "up": _("U′ chart (Laney)"),
            "c": _("C chart (count)"),
            "g": _("G chart (opportunities between events)"),
            "ip": _("I′ chart (individual values with varying denominators)"),
        },
    )


def _decorate(svg: str, chart: Chart, width: int, height: int) -> str:
    """Numbers for the notes, phase names, and a legend of both below the chart."""
    svg = re.sub(r">\[\d+\] ([^<]*)</text>", r">\1</text>", svg)
    words = chart_words()
    for phase in chart.phases:
        svg = svg.replace(
            f">{escape(words.phase.format(number=phase.number))}</text>",
            f">{escape(_short(phase.name, 28))}</text>",
            1,
        )
    lines = [f"{m.number}  {m.text}" for m in chart.markers]
    if len(chart.phases) > 1:
        lines.append(_("Phases") + ": " + " · ".join(f"{p.number} {p.name}" for p in chart.phases))
    if chart.baseline_note:
        lines.append(chart.baseline_note)
    if not lines:
        return svg
    chars = max(40, width // 6)
    extra = 16 * len(lines) + 8
    total = height + extra
    svg = svg.replace(
        f'height="{height}" viewBox="0 0 {width} {height}"',
        f'height="{total}" viewBox="0 0 {width} {total}"',
        1,
    )
    svg = svg.replace(
        f'<rect x="0" y="0" width="{width}" height="{height}"',
        f'<rect x="0" y="0" width="{width}" height="{total}"',
        1,
    )
    legend = ['<g class="merknader" font-size="11">']
    for i, line in enumerate(lines):
        legend.append(
            f'<text x="16" y="{height + 14 + 16 * i}">{escape(_short(line, chars))}</text>'
        )
    legend.append("</g>")
    svg = svg.replace("</desc>", escape(" " + "; ".join(lines) + ".") + "</desc>", 1)
    return svg.replace("</svg>", "\n".join(legend) + "\n</svg>", 1)


def build(
    measure: Measure,
    points: list[Point],
    annotations,
    *,
    width: int = 860,
    height: int = 420,
    cycles=None,
) -> Chart:
    """The chart; ``cycles`` are the PDSA cycles shown on it (by default those linked to the
    measure)."""
    chart = Chart(measure, points)
    if not points:
        chart.error = _("No data yet.")
        return chart
    if cycles is None:
        cycles = (
            list(measure.pdsa_cycles.select_related("change_idea").order_by("starts_on", "id"))
            if measure.pk
            else []
        )
    kind = chart_type(measure)
    ratio = measure.value_type in (ValueType.PROPORTION, ValueType.RATE)
    x = [p.period.isoformat() for p in points]
    y = [float(p.numerator if ratio else p.value) for p in points]
    n = [float(p.denominator) for p in points] if ratio else None
    opts = options(measure, points, annotations)
    chart.markers = markers(measure, points, annotations, cycles)
    numbers: dict[date, list[str]] = {}
    for m in chart.markers:
        numbers.setdefault(m.period, []).append(str(m.number))
    opts["notes"] = [",".join(numbers[p.period]) if p.period in numbers else None for p in points]
    starts = phase_starts(measure, points, annotations, cycles)
    opts["part"] = sorted(starts) or None
    target = float(measure.target) if measure.target is not None else None
    multiply = 100 if measure.value_type == ValueType.PROPORTION else 1

    def run(first: int, last: int, freeze: int | None):
        return qic(
            x[first - 1 : last],
            y[first - 1 : last],
            n[first - 1 : last] if n is not None else None,
            chart=kind,
            target=target,
            multiply=multiply,
            freeze=freeze,
            notes=opts["notes"][first - 1 : last],
        )

    try:
        chart.result = qic(x, y, n, chart=kind, target=target, multiply=multiply, **opts)
        if opts["part"] and opts["freeze"]:
            frozen = _freeze_in_phase(chart.result, opts["freeze"], run)
            if frozen is not chart.result:
                chart.baseline_note = _(
                    "Baseline: phase %(phase)s's centre line and limits are computed from its "
                    "periods up to %(period)s."
                ) % {
                    "phase": frozen.points[opts["freeze"] - 1].part,
                    "period": periods.label(points[opts["freeze"] - 1].period, measure.period),
                }
            chart.result = frozen
    except SpcInputError as error:
        chart.error = _("The chart cannot be drawn: %(reason)s") % {"reason": error.reason}
        return chart
    by_x = {p.period.isoformat(): p.period for p in points}

    def label(point) -> str:
        day = by_x.get(str(point.x)) or date.fromisoformat(str(point.x)[:10])
        return periods.label(day, measure.period)

    def words(point) -> str:
        day = by_x.get(str(point.x)) or date.fromisoformat(str(point.x)[:10])
        return _period_words(day, measure.period)

    if opts["part"]:
        bounds = [0, *opts["part"]]
        chart.phases = [PhaseName(1, _("Before"), points[0].period)] + [
            PhaseName(i, _("After %(change)s") % {"change": starts[k]}, points[k].period)
            for i, k in enumerate(bounds[1:], start=2)
        ]
    chart.signals = signal_texts(chart.result, label)
    chart.summary, run_texts = summarise(chart.result, measure.better, words, kind == ChartType.RUN)
    chart.signals += run_texts
    y_label = _("Percent") if measure.value_type == ValueType.PROPORTION else measure.unit
    x_label = _("Week") if measure.period == periods.WEEK else _("Month")
    chart.svg = _decorate(
        render_svg(
            chart.result,
            title=measure.name,
            y_label=y_label,
            x_label=x_label,
            width=width,
            height=height,
            words=chart_words(),
        ),
        chart,
        width,
        height,
    )
    return chart
