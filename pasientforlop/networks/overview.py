"""What the network overview and the national view show, computed once in Python.

Everything here is above one organisation: people are counted only through ``suppress``, and
team measures are charted from the improvement app's aggregates with every period whose
denominator (or count) is under 5 left out.
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
from pasientforlop.networks.suppress import THRESHOLD, suppress


def small(point, value_type: str) -> bool:
    """A period that would show a count under 5."""
    if value_type in (ValueType.PROPORTION, ValueType.RATE):
        return point.denominator is not None and point.denominator < THRESHOLD
    if value_type == ValueType.COUNT:
        return point.value is not None and point.value < THRESHOLD
    return False


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
        for measure in measures:
            points = series(measure, today)
            shown = [p for p in points if not small(p, measure.value_type)]
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
    return {m.pk: suppress(counts.get(m.pk, 0)) for m in milestones}


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
        "people_counts": {p.pk: suppress(p.people) for p in participations},
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
        "rows": [(n, suppress(people.get(n.pk, 0))) for n in networks],
        "coverage": coverage_by_year(networks),
    }
