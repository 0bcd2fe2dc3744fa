"""What the network overview and the national view show, computed once in Python.

Everything here is above one organisation. Team measures (aggregates about users of
services) are charted with the periods ``suppress.hidden_cells`` leaves out (small counts, and
periods that could be subtracted from another measure to reveal one). Counts of staff (team
size, attendance) and population figures are not about users of services and are shown as
they are; survey answers keep their own threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from pasientforlop.improvement import charts
from pasientforlop.improvement.measures import series
from pasientforlop.improvement.models import Measure, ValueType
from pasientforlop.networks import svg
from pasientforlop.networks.models import (
    Attendance,
    Milestone,
    MilestoneKind,
    Network,
    ProgrammeKind,
    SurveyResponse,
)
from pasientforlop.networks.services import coverage_of, member_place_ids, status_table
from pasientforlop.networks.suppress import THRESHOLD, Cell, hidden_cells, primary, suppress


def _kind(value_type: str) -> str:
    return {
        ValueType.PROPORTION: "proportion",
        ValueType.RATE: "rate",
        ValueType.COUNT: "count",
    }.get(value_type, "other")


def _cell(measure, point) -> Cell:
    return Cell(measure.pk, point.period, _kind(measure.value_type), *_numbers(point))


def small(point, value_type: str) -> bool:
    """A period that on its own would reveal a small count (``suppress.primary``)."""
    return primary(Cell(None, point.period, _kind(value_type), *_numbers(point)))


def _numbers(point):
    return tuple(
        None if x is None else float(x) for x in (point.numerator, point.denominator, point.value)
    )


@dataclass
class SmallMultiple:
    team: str
    measure: Measure
    chart: charts.Chart
    svg: str
    hidden: int  # periods left out because of small counts


def small_multiples(participations, today: date) -> list[SmallMultiple]:
    found = []
    for participation in participations:
        measures = Measure.objects.filter(project__team=participation.team).select_related(
            "project"
        )
        team_points = [(measure, series(measure, today)) for measure in measures]
        # Primary and complementary suppression over all of the team's measures together.
        hidden = hidden_cells(_cell(m, p) for m, points in team_points for p in points)
        for measure, points in team_points:
            shown = [p for p in points if (measure.pk, p.period) not in hidden]
            chart = charts.build(measure, shown, [], width=420, height=260)
            found.append(
                SmallMultiple(
                    participation.team.name,
                    measure,
                    chart,
                    chart.inline(f"sm-{measure.pk}"),
                    len(points) - len(shown),
                )
            )
    return found


def time_split(milestones) -> dict:
    """Minutes per kind for each gathering (a table) and the same as an SVG chart."""
    kinds = list(ProgrammeKind)
    rows, chart_rows = [], []
    for milestone in milestones:
        minutes = [0] * len(kinds)
        for item in milestone.programme.all():
            minutes[kinds.index(item.kind)] += item.minutes
        rows.append((milestone, minutes, sum(minutes)))
        chart_rows.append(svg.Row(milestone.title, tuple(minutes)))
    chart = svg.time_split(
        chart_rows,
        [str(k.label) for k in kinds],
        title=_("Time split per gathering"),
        description=_(
            "Hours of talks by the project group, external talks and group work and plenary "
            "for each gathering. The same figures are in the table."
        ),
    )
    return {"split_rows": rows, "split_chart": chart, "kinds": [str(k.label) for k in kinds]}


def attendance_counts(milestones) -> dict[int, str]:
    counts = dict(
        Attendance.objects.filter(milestone__in=milestones)
        .values("milestone")
        .annotate(n=Count("id"))
        .values_list("milestone", "n")
    )
    # Staff at a gathering, not users of services: shown as counted.
    return {m.pk: counts.get(m.pk, 0) for m in milestones}


def network_context(network: Network, today: date) -> dict:
    milestones = list(network.milestones.prefetch_related("programme"))
    meetings = [m for m in milestones if m.is_meeting]
    participations = list(
        network.participations.select_related("team", "organisation", "application").annotate(
            people=Count("team__members", distinct=True),
            last_contact=Max("followups__contacted_on"),
        )
    )
    package_gatherings, package_rows = status_table(network)
    members = list(network.members.select_related("organisation"))
    return {
        "milestones": milestones,
        "meetings": meetings,
        "attendance": attendance_counts(meetings),
        "people_counts": {p.pk: p.people for p in participations},  # team size: staff
        "package_gatherings": package_gatherings,
        "package_rows": package_rows,
        **time_split(meetings),
        "places": [m.organisation for m in members if m.organisation.kind != "hospital_trust"],
        "trusts": [m.organisation for m in members if m.organisation.kind == "hospital_trust"],
        "coverage": coverage_of(member_place_ids([network])),
        "multiples": small_multiples(participations, today),
        "people": network.people.select_related("user"),
    }


@dataclass
class ScaleSummary:
    label: str
    n: str
    mean: str
    distribution: list[tuple[int, str]]


def survey_summary(milestone: Milestone) -> dict:
    """Counts suppressed under 5; means and free text only from 5 answers up."""
    responses = list(SurveyResponse.objects.filter(milestone=milestone))
    n = len(responses)
    enough = n >= THRESHOLD
    scales = []
    for name in SurveyResponse.SCALES:
        values = [getattr(r, name) for r in responses]
        mean = f"{sum(values) / len(values):.1f}".replace(".", ",") if enough else ""
        scales.append(
            ScaleSummary(
                str(SurveyResponse._meta.get_field(name).verbose_name),
                suppress(n),
                mean,
                [(score, suppress(values.count(score))) for score in range(1, 6)],
            )
        )
    texts = []
    if enough:
        for name in SurveyResponse.TEXTS:
            answers = sorted(
                getattr(r, name).strip() for r in responses if getattr(r, name).strip()
            )
            texts.append((SurveyResponse._meta.get_field(name).verbose_name, answers))
    return {"responses": suppress(n), "enough": enough, "scales": scales, "texts": texts}


def national_context(networks: list[Network]) -> dict:
    from pasientforlop.networks.services import coverage_by_year

    spans = []
    for network in networks:
        dates = list(
            network.milestones.order_by("starts_on").values_list("kind", "starts_on", "ends_on")
        )
        if dates:
            start, end = min(d[1] for d in dates), max(d[2] for d in dates)
        else:
            start, end = date(network.start_year, 1, 1), date(network.end_year, 12, 31)
        marks = tuple(d[1] for d in dates if d[0] == MilestoneKind.GATHERING)
        spans.append(svg.Span(str(network), start, end, marks))
    chart = svg.timeline(
        spans,
        title=_("All learning networks over time"),
        description=_("One bar per network from its first to its last date; gatherings as ticks."),
    )
    people = dict(
        Network.objects.filter(pk__in=[n.pk for n in networks])
        .annotate(n=Count("participations__team__members", distinct=True))
        .values_list("pk", "n")
    )
    return {
        "chart": chart,
        "rows": [(n, people.get(n.pk, 0)) for n in networks],  # staff, not users
        "coverage": coverage_by_year(networks),
    }
