"""Improvement teams and their measures with the data points the charts show (aggregates only:
no user of services appears here)."""

from datetime import date

from ninja import Router, Schema

from pasientforlop.improvement import access as team_access
from pasientforlop.improvement.measures import series
from pasientforlop.interop.api.auth import need
from pasientforlop.interop.api.common import Id, responses
from pasientforlop.lib.dates import today_oslo

router = Router(tags=["improvement"])


class MeasureRef(Schema):
    id: int
    name: str
    project: str


class TeamOut(Schema):
    id: int
    name: str
    organisations: list[str]
    mandate: str
    measures: list[MeasureRef]


class PointOut(Schema):
    period: date
    numerator: float | None
    denominator: float | None
    value: float | None
    plotted: float | None


class MeasureOut(Schema):
    id: int
    team: int
    project: str
    name: str
    kind: str
    value_type: str
    unit: str
    better: str
    target: float | None
    period: str
    source: str
    chart_type: str
    freeze_at: date | None
    points: list[PointOut]


def _team_out(team) -> dict:
    from pasientforlop.improvement.models import Measure

    measures = Measure.objects.filter(project__team=team).select_related("project")
    return {
        "id": team.pk,
        "name": team.name,
        "organisations": [o.name for o in team.organisations.all()],
        "mandate": team.mandate,
        "measures": [{"id": m.pk, "name": m.name, "project": m.project.name} for m in measures],
    }


@router.get("/teams", response=responses({200: list[TeamOut]}), summary="Improvement teams")
def list_teams(request):
    need(request, "measures:read")
    teams = team_access.teams_for_user(request.user).prefetch_related("organisations")
    return [_team_out(team) for team in teams.order_by("name")]


@router.get("/teams/{pk}", response=responses({200: TeamOut}), summary="An improvement team")
def get_team(request, pk: Id):
    need(request, "measures:read")
    return _team_out(team_access.get_team(request.user, pk).team)


@router.get(
    "/measures/{pk}",
    response=responses({200: MeasureOut}),
    summary="A measure with the data points its chart shows",
)
def get_measure(request, pk: Id):
    need(request, "measures:read")
    measure, _access = team_access.get_measure(request.user, pk)
    points = series(measure, today_oslo())
    return {
        "id": measure.pk,
        "team": measure.project.team_id,
        "project": measure.project.name,
        "name": measure.name,
        "kind": measure.kind,
        "value_type": measure.value_type,
        "unit": measure.unit,
        "better": measure.better,
        "target": measure.target,
        "period": measure.period,
        "source": measure.source,
        "chart_type": measure.chart_type,
        "freeze_at": measure.freeze_at,
        "points": [
            {
                "period": p.period,
                "numerator": p.numerator,
                "denominator": p.denominator,
                "value": p.value,
                "plotted": p.plotted,
            }
            for p in points
        ],
    }
