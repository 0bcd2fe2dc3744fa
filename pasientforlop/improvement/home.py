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


@dataclass
class TeamGathering:
    """A gathering of one of the team's networks, with what the team needs for it."""

    milestone: object
    network: object
    participation: object
    programme: list
    materials: list
    package_status: str = ""


def team_gatherings(team: Team, today: date) -> tuple[TeamGathering | None, list]:
    """The team's next gathering (with programme, materials and the team's own package) and
    every gathering of the networks the team takes part in."""
    from pasientforlop.networks.models import MEETING_KINDS, Milestone, PackageState

    participations = {p.network_id: p for p in team.participations.select_related("network")}
    if not participations:
        return None, []
    meetings = list(
        Milestone.objects.filter(network_id__in=participations, kind__in=MEETING_KINDS)
        .select_related("network")
        .order_by("starts_on", "id")
    )
    upcoming = [m for m in meetings if m.ends_on >= today]
    found = None
    if upcoming:
        milestone = upcoming[0]
        participation = participations[milestone.network_id]
        state = PackageState.objects.filter(
            participation=participation, milestone=milestone
        ).first()
        found = TeamGathering(
            milestone=milestone,
            network=milestone.network,
            participation=participation,
            programme=list(milestone.programme.all()),
            materials=list(milestone.materials.all()),
            package_status=state.get_status_display() if state else "",
        )
    return found, meetings


def next_gathering(team: Team, today: date) -> TeamGathering | None:
    return team_gatherings(team, today)[0]


def home_context(team: Team, today: date) -> dict:
    projects = list(team.projects.select_related("current_phase").prefetch_related("goals"))
    measures = Measure.objects.filter(project__team=team).select_related("project")
    gathering, gatherings = team_gatherings(team, today)
    return {
        "projects": projects,
        "charts": measure_charts(measures, today, "liten", width=640, height=330),
        "open_cycles": PdsaCycle.objects.filter(project__team=team, closed=False)
        .select_related("project", "change_idea")
        .order_by("starts_on"),
        "gathering": gathering,
        "gatherings": gatherings,
        "networks": [p.network for p in team.participations.select_related("network")],
        "organisations": team.organisations.all(),
        "members": team.members.select_related("user"),
        "named_members": team.named_members.all(),
    }
