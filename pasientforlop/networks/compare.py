"""Comparable charts for a network: measures the coordinator defines once (shared measures),
fed by each team's own measure; the teams as small multiples on one shared y-axis and time
range, and the network as one P chart of the summed numerators and denominators.

Everything here is above one organisation: a team's period whose denominator is a small count
(``suppress.is_suppressed``) is left out of its small multiple and counted as hidden; the
network chart sums every team's data and leaves out a period whose summed denominator is
still a small count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from pasientforlop.improvement import charts, periods
from pasientforlop.improvement.measures import Point, series
from pasientforlop.improvement.models import ChartType, Measure, Period, ValueType
from pasientforlop.networks import multiples
from pasientforlop.networks.models import SharedMeasure
from pasientforlop.networks.suppress import is_suppressed


@dataclass
class TeamPanel:
    team: str
    svg: str
    hidden: int


@dataclass
class Comparison:
    shared: SharedMeasure
    panels: list[TeamPanel] = field(default_factory=list)
    chart: charts.Chart | None = None
    svg: str = ""
    hidden: int = 0  # network periods left out


def feeds(measure: Measure) -> bool:
    """Only monthly proportions can be summed into the network's P chart."""
    return measure.value_type == ValueType.PROPORTION and measure.period == Period.MONTH


def network_measure(shared: SharedMeasure) -> Measure:
    """An unsaved measure that describes the network chart (P chart in percent)."""
    return Measure(
        name=shared.name,
        kind="outcome",
        value_type=ValueType.PROPORTION,
        better=shared.better,
        target=shared.target,
        period=Period.MONTH,
        first_period=shared.first_period,
        chart_type=ChartType.P,
    )


def compare(shared: SharedMeasure, today: date) -> Comparison:
    found = Comparison(shared)
    teams: list[tuple[str, dict[date, Point]]] = []
    for measure in shared.measures.select_related("project__team").order_by(
        "project__team__name", "id"
    ):
        if not feeds(measure):
            continue
        points = {p.period: p for p in series(measure, today) if p.period >= shared.first_period}
        teams.append((measure.project.team.name, points))
    months = sorted({day for _, points in teams for day in points})
    labels = [periods.label(day, Period.MONTH) for day in months]
    panels = []
    hidden_by_team = []
    for team, points in teams:
        values, hidden = [], 0
        for day in months:
            p = points.get(day)
            if p is None or p.denominator is None or not p.denominator:
                values.append(None)
            elif is_suppressed(int(p.denominator)):
                values.append(None)
                hidden += 1
            else:
                values.append(float(p.numerator / p.denominator) * 100)
        panels.append(multiples.Panel(team, tuple(values)))
        hidden_by_team.append(hidden)
    target = float(shared.target) if shared.target is not None else None
    y_min, y_max = multiples.y_range(panels, target, percent=True)
    for i, (panel, hidden) in enumerate(zip(panels, hidden_by_team, strict=True)):
        description = _(
            "%(team)s: share in percent per month from %(first)s to %(last)s, on the same "
            "scale as the other teams; %(hidden)s month(s) left out because of small numbers."
        ) % {
            "team": panel.label,
            "first": labels[0] if labels else "",
            "last": labels[-1] if labels else "",
            "hidden": hidden,
        }
        svg = multiples.panel_svg(
            panel,
            labels,
            y_min,
            y_max,
            target=target,
            prefix=f"sm-{shared.pk}-{i}",
            description=description,
            unit=" %",
        )
        found.panels.append(TeamPanel(panel.label, svg, hidden))
    summed = []
    for day in months:
        numerator = sum(
            (pts[day].numerator or Decimal(0) for _, pts in teams if day in pts), Decimal(0)
        )
        denominator = sum(
            (pts[day].denominator or Decimal(0) for _, pts in teams if day in pts), Decimal(0)
        )
        if not denominator or is_suppressed(int(denominator)):
            found.hidden += 1
            continue
        summed.append(Point(day, numerator, denominator))
    if summed:
        found.chart = charts.build(network_measure(shared), summed, [], cycles=[])
        found.svg = found.chart.inline(f"nett-{shared.pk}")
    return found
