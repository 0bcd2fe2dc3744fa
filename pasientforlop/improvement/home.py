"""What a team's home page and a project's print view show, computed once in Python."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pasientforlop.improvement import charts
from pasientforlop.improvement.measures import series
from pasientforlop.improvement.models import Measure, PdsaCycle, Team


@dataclass
class MeasureChart:
    measure: Measure
    chart: charts.Chart
    svg: str


def measure_charts(measures, today: date, prefix: str, width=860, height=420) -> list:
    found = []
    for measure in measures:
        chart = charts.build(
            measure,
            series(measure, today),
            list(measure.annotations.select_related("pdsa")),
            width=width,
            height=height,
        )
        found.append(MeasureChart(measure, chart, chart.inline(f"{prefix}-{measure.pk}")))
    return found


def next_gathering(team: Team):
    """Hook for the learning networks: the team's next gathering and its preparation tasks.

    Returns None until the networks app exists; the home page then says so plainly.
    """
    return None


def home_context(team: Team, today: date) -> dict:
    projects = list(team.projects.select_related("current_phase").prefetch_related("goals"))
    measures = Measure.objects.filter(project__team=team).select_related("project")
    return {
        "projects": projects,
        "charts": measure_charts(measures, today, "liten", width=640, height=330),
        "open_cycles": PdsaCycle.objects.filter(project__team=team, closed=False)
        .select_related("project", "change_idea")
        .order_by("starts_on"),
        "gathering": next_gathering(team),
        "organisations": team.organisations.all(),
        "members": team.members.select_related("user"),
    }
