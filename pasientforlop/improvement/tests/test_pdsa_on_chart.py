"""PDSA cycles on the chart, named phases, the baseline freeze inside a phase and the
summary of variation and assurance under every chart."""

from datetime import date
from decimal import Decimal

import pytest

from pasientforlop.improvement import charts
from pasientforlop.improvement.measures import series
from pasientforlop.improvement.models import Annotation, ChangeIdea, PdsaCycle
from pasientforlop.improvement.services import save_value
from pasientforlop.lib.dates import today_oslo
from pasientforlop.spc import qic

pytestmark = pytest.mark.django_db


def fill(measure, values):
    measure.first_period = date(2025, 1, 1)
    measure.save()
    for i, (num, den) in enumerate(values):
        save_value(
            measure, date(2025 + i // 12, i % 12 + 1, 1), None, numerator=num, denominator=den
        )


def chart_of(measure, annotations=()):
    return charts.build(measure, series(measure, today_oslo()), list(annotations))


def test_a_linked_cycle_appears_on_the_chart_without_an_annotation(manual_measure, project):
    fill(manual_measure, [(5, 10)] * 10)
    cycle = PdsaCycle.objects.create(
        project=project, title="Ringe pasienten dag 1", starts_on=date(2025, 4, 12)
    )
    assert "Ringe pasienten dag 1" not in chart_of(manual_measure).svg
    cycle.measures.add(manual_measure)
    chart = chart_of(manual_measure)
    assert [(m.number, m.period) for m in chart.markers] == [(1, date(2025, 4, 1))]
    assert chart.result.points[3].note == "1"
    assert "1  PDSA: Ringe pasienten dag 1 (12.04.2025)" in chart.svg


def test_labels_are_numbers_with_a_legend_so_they_never_overlap(manual_measure, project):
    fill(manual_measure, [(5, 10)] * 8)
    notes = [
        Annotation(measure=manual_measure, period=date(2025, m, 1), text=f"Endring nummer {m}")
        for m in (2, 3, 3, 4)
    ]
    chart = chart_of(manual_measure, notes)
    assert [m.number for m in chart.markers] == [1, 2, 3, 4]
    assert [p.note for p in chart.result.points[:4]] == [None, "1", "2,3", "4"]
    # On the chart only the numbers stand; the texts are in the legend below it.
    assert ">2,3</text>" in chart.svg and "[2]" not in chart.svg
    for m in (2, 3, 4):
        assert f"Endring nummer {m}</text>" in chart.svg
    assert 'height="492"' in chart.svg  # four legend lines added below the 420 px chart


def test_phases_are_named_after_the_change_they_follow(manual_measure, project):
    fill(manual_measure, [(5, 10)] * 6 + [(8, 10)] * 6)
    idea = ChangeIdea.objects.create(project=project, title="Nytt utskrivningsmøte")
    cycle = PdsaCycle.objects.create(
        project=project, title="Møte på tirsdager", change_idea=idea, starts_on=date(2025, 7, 3)
    )
    cycle.measures.add(manual_measure)
    cycle.starts_phase = True
    cycle.save()
    chart = chart_of(manual_measure)
    assert [p.part for p in chart.result.points] == [1] * 6 + [2] * 6
    assert [p.name for p in chart.phases] == ["Før", "Etter Nytt utskrivningsmøte"]
    assert ">Etter Nytt utskrivningsmøte</text>" in chart.svg and ">Fase 2<" not in chart.svg


def test_the_freeze_applies_inside_its_phase_like_qic_run_on_that_phase(manual_measure):
    values = [(5, 10), (6, 10), (4, 10), (5, 10), (9, 10), (9, 10), (2, 10), (3, 10)]
    values += [(7, 10), (8, 10), (7, 10), (9, 10), (6, 10), (8, 10)]
    fill(manual_measure, values)
    manual_measure.chart_type = "p"
    manual_measure.freeze_at = date(2025, 4, 1)  # the 4th point, inside phase 1 (points 1-8)
    notes = [Annotation(measure=manual_measure, period=date(2025, 9, 1), starts_phase=True)]
    chart = chart_of(manual_measure, notes)
    x = [f"2025-{m:02d}-01" if m <= 12 else f"2026-{m - 12:02d}-01" for m in range(1, 15)]
    y = [float(v[0]) for v in values]
    n = [float(v[1]) for v in values]
    alone = qic(x[:8], y[:8], n[:8], chart="p", freeze=4, multiply=100)
    without = qic(x[8:], y[8:], n[8:], chart="p", multiply=100)
    got = chart.result.points
    assert [(p.cl, p.ucl, p.lcl) for p in got[:8]] == [(p.cl, p.ucl, p.lcl) for p in alone.points]
    assert [(p.cl, p.ucl) for p in got[8:]] == [(p.cl, p.ucl) for p in without.points]
    assert got[0].cl == pytest.approx(50.0)  # the baseline 5,6,4,5 of 40, not all 8 points
    assert [p.part for p in got] == [1] * 8 + [2] * 6
    assert "Grunnlinje: sentrallinje og grenser i fase 1 er beregnet fra periodene" in chart.svg
    # Without the freeze the first phase uses all its points.
    manual_measure.freeze_at = None
    assert chart_of(manual_measure, notes).result.points[0].cl == pytest.approx(53.75)


def test_a_freeze_on_the_last_point_of_its_phase_changes_nothing(manual_measure):
    fill(manual_measure, [(5, 10), (6, 10), (4, 10), (8, 10), (8, 10), (9, 10)])
    manual_measure.chart_type = "p"
    notes = [Annotation(measure=manual_measure, period=date(2025, 4, 1), starts_phase=True)]
    plain = chart_of(manual_measure, notes)
    manual_measure.freeze_at = date(2025, 3, 1)
    assert chart_of(manual_measure, notes).result.points == plain.result.points


def test_the_summary_says_improvement_and_a_shift_in_words(manual_measure):
    fill(manual_measure, [(3, 10)] * 4 + [(5, 10), (4, 10)] * 2 + [(9, 10)] * 8)
    manual_measure.chart_type = "run"
    chart = chart_of(manual_measure)
    assert chart.summary.variation == "improving"
    assert "8 punkter på rad over medianen fra september 2025: skift" in chart.signals
    manual_measure.better = "lower"
    assert chart_of(manual_measure).summary.variation == "worsening"


def test_common_cause_variation_when_there_are_no_signals(manual_measure):
    fill(manual_measure, [(5, 10), (6, 10)] * 6)
    chart = chart_of(manual_measure)
    assert chart.summary.variation == "common" and chart.summary.assurance == ""


@pytest.mark.parametrize(
    "target,better,expected",
    [("20", "higher", "pass"), ("80", "higher", "fail"), ("50", "higher", "hit_or_miss")],
)
def test_assurance_against_the_target(manual_measure, target, better, expected):
    fill(manual_measure, [(50, 100), (52, 100), (48, 100), (51, 100)] * 3)
    manual_measure.chart_type = "p"
    manual_measure.target = Decimal(target)
    manual_measure.better = better
    assert chart_of(manual_measure).summary.assurance == expected
    manual_measure.better = "lower"
    flipped = {"pass": "fail", "fail": "pass", "hit_or_miss": "hit_or_miss"}[expected]
    assert chart_of(manual_measure).summary.assurance == flipped


def test_the_measure_page_shows_the_numbered_cycles_and_the_summary(
    login, manual_measure, project, improver
):
    fill(manual_measure, [(5, 10)] * 6)
    cycle = PdsaCycle.objects.create(project=project, title="Sjekkliste", starts_on="2025-03-02")
    cycle.measures.add(manual_measure)
    html = login(improver).get(f"/forbedring/maling/{manual_measure.pk}/").content.decode()
    markers = html.split('id="chart-markers"')[1].split("</ol>")[0]
    assert "01.03.2025: PDSA: Sjekkliste (02.03.2025)" in markers
    assert 'data-variation="common"' in html
