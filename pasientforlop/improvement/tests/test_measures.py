"""Measures: manual entry with history, automatic measures from pathway and "What matters"
data, charts with baseline, phases, target and PDSA notes, downloads."""

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse

from pasientforlop.audit.models import AuditEvent
from pasientforlop.improvement import charts, periods
from pasientforlop.improvement.measures import series
from pasientforlop.improvement.models import (
    Annotation,
    Measure,
    MeasureValue,
    PdsaCycle,
)
from pasientforlop.improvement.services import save_value
from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways.indicator_data import compute
from pasientforlop.pathways.tests.test_indicator_data import REPORT_DATE, make_data
from pasientforlop.spc.png import PNG_SIGNATURE


def enter(client, measure, **data):
    return client.post(reverse("improvement:value_save", args=[measure.pk]), data)


def test_a_member_enters_a_value_and_who_and_when_are_kept(login, manual_measure, people):
    response = enter(
        login(people.gp_a), manual_measure, period="2026-01", numerator="4", denominator="10"
    )
    assert response.status_code == 302
    value = MeasureValue.objects.get(measure=manual_measure)
    assert (value.numerator, value.denominator, value.version) == (4, 10, 1)
    assert value.entered_by == people.gp_a and value.entered_by_name == "Gp_A"
    assert AuditEvent.objects.filter(object_type="improvement.measurevalue", action="create")


def test_corrections_keep_history(login, manual_measure, improver):
    client = login(improver)
    enter(client, manual_measure, period="2026-01", numerator="4", denominator="10")
    enter(
        client, manual_measure, period="2026-01", numerator="5", denominator="10", note="Telte feil"
    )
    rows = list(MeasureValue.objects.filter(measure=manual_measure).order_by("version"))
    assert [(r.numerator, r.version, r.is_current) for r in rows] == [
        (4, 1, False),
        (5, 2, True),
    ]
    assert series(manual_measure, today_oslo())[0].numerator == 5
    event = AuditEvent.objects.filter(action="update", object_type="improvement.measurevalue")
    assert event.get().before["numerator"] == "4.0000"
    page = client.get(reverse("improvement:measure", args=[manual_measure.pk])).text
    assert "1 tidligere versjon" in page and "Telte feil" in page


def test_a_future_period_is_refused(login, manual_measure, improver):
    future = periods.following(periods.start_of(today_oslo(), "month"), "month")
    response = enter(
        login(improver), manual_measure, period=f"{future:%Y-%m}", numerator="1", denominator="2"
    )
    assert response.status_code == 200 and "har ikke begynt" in response.text
    assert not MeasureValue.objects.exists()


def test_a_zero_denominator_and_a_numerator_above_it_are_refused(login, manual_measure, improver):
    client = login(improver)
    response = enter(client, manual_measure, period="2026-01", numerator="1", denominator="0")
    assert "Nevneren kan ikke være null" in response.text
    response = enter(client, manual_measure, period="2026-01", numerator="3", denominator="2")
    assert "større enn nevneren" in response.text
    assert not MeasureValue.objects.exists()


def test_automatic_measures_cannot_take_manual_values(login, auto_measure, improver):
    response = enter(login(improver), auto_measure, period="2026-01", value="1")
    assert response.status_code == 404


def test_an_automatic_measure_equals_the_pathway_indicator_export(people, auto_measure):
    make_data(people)
    exported = compute(people.municipality_a, None, date(2026, 1, 1), date(2026, 2, 1), REPORT_DATE)
    expected = {}
    for row in exported:
        if row.indicator == "needs_mapping_by_day_3":
            pair = expected.setdefault(row.month, [0, 0])
            pair[0] += row.numerator
            pair[1] += row.denominator
    points = series(auto_measure, REPORT_DATE)
    got = {f"{p.period:%Y-%m}": [int(p.numerator), int(p.denominator)] for p in points}
    assert got == {month: pair for month, pair in expected.items() if pair[1]}
    assert got == {"2026-01": [1, 2], "2026-02": [0, 1]}


def test_every_pathway_indicator_equals_the_export(people, project):
    make_data(people)
    exported = compute(
        people.municipality_a, people.unit_a, date(2026, 1, 1), date(2026, 2, 1), REPORT_DATE
    )
    for row in exported:
        measure = Measure.objects.create(
            project=project,
            name=row.indicator,
            kind="process",
            better="higher",
            value_type="value" if row.value is not None or row.count is not None else "proportion",
            source="pathway",
            indicator=row.indicator,
            first_period=date(2026, 1, 1),
        )
        measure.organisations.add(people.unit_a)
        point = {f"{p.period:%Y-%m}": p for p in series(measure, REPORT_DATE)}.get(row.month)
        if row.count is not None:
            assert (point.value if point else None) == (
                None if row.value is None else Decimal(str(row.value))
            )
        elif row.denominator:
            assert (point.numerator, point.denominator) == (row.numerator, row.denominator)
        else:
            assert point is None


def test_automatic_measures_are_recomputed_as_data_arrive(people, auto_measure):
    assert series(auto_measure, REPORT_DATE) == []
    make_data(people)
    assert len(series(auto_measure, REPORT_DATE)) == 2


def fill(measure, values, user=None):
    for month, (num, den) in enumerate(values, start=1):
        save_value(measure, date(2025, month, 1), user, numerator=num, denominator=den)


def test_the_chart_has_baseline_phases_target_and_pdsa_notes(manual_measure, project):
    manual_measure.first_period = date(2025, 1, 1)
    manual_measure.freeze_at = date(2025, 6, 1)
    manual_measure.target = Decimal("80")
    manual_measure.chart_type = "p"
    fill(manual_measure, [(5, 10)] * 8 + [(9, 10)] * 4)
    cycle = PdsaCycle.objects.create(project=project, title="Ringe dag 1", starts_on="2025-09-01")
    notes = [
        Annotation(measure=manual_measure, period=date(2025, 9, 1), pdsa=cycle),
        Annotation(measure=manual_measure, period=date(2025, 3, 1), text="Nytt skjema"),
    ]
    options = charts.options(manual_measure, series(manual_measure, today_oslo()), notes)
    assert options["freeze"] == 6 and options["part"] is None
    assert options["notes"][8] == "PDSA: Ringe dag 1" and options["notes"][2] == "Nytt skjema"
    chart = charts.build(manual_measure, series(manual_measure, today_oslo()), notes)
    assert chart.result.chart == "p" and chart.result.freeze == 6 and chart.result.target == 80
    assert chart.result.points[0].y == 50.0
    notes[0].starts_phase = True
    chart = charts.build(manual_measure, series(manual_measure, today_oslo()), notes)
    assert [p.part for p in chart.result.points] == [1] * 8 + [2] * 4
    assert "Ringe dag 1" in chart.svg and "Mål" in chart.svg


def test_signals_are_shown_in_words(manual_measure):
    manual_measure.first_period = date(2025, 1, 1)
    manual_measure.chart_type = "p"
    fill(manual_measure, [(10, 100), (12, 100)] * 5 + [(11, 100), (60, 100)])
    chart = charts.build(manual_measure, series(manual_measure, today_oslo()), [])
    assert "Punkt utenfor kontrollgrensene: 2025-12" in chart.signals
    manual_measure.chart_type = "run"
    MeasureValue.objects.all().delete()
    for month in range(1, 17):
        save_value(
            manual_measure,
            date(2024 + month // 13, (month - 1) % 12 + 1, 1),
            None,
            numerator=1 if month <= 8 else 9,
            denominator=10,
        )
    chart = charts.build(manual_measure, series(manual_measure, today_oslo()), [])
    assert "Uvanlig lang serie" in chart.signals and "Uvanlig få kryss" in chart.signals


def test_a_proportion_can_be_shown_as_an_ip_chart_with_limits_by_denominator(
    login, manual_measure, improver
):
    manual_measure.first_period = date(2025, 1, 1)
    manual_measure.chart_type = "ip"
    fill(manual_measure, [(10, 100), (30, 300), (5, 40), (12, 100)] * 3)
    chart = charts.build(manual_measure, series(manual_measure, today_oslo()), [])
    assert chart.result.chart == "ip"
    points = chart.result.points
    assert points[0].y == 10.0  # percent, as for the P chart
    # Limits narrow where the denominator is larger (300 against 40).
    assert points[1].ucl - points[1].lcl < points[2].ucl - points[2].lcl
    path = reverse("improvement:chart_settings", args=[manual_measure.pk])
    assert login(improver).post(path, {"chart_type": "ip"}).status_code == 302


def test_an_unsuitable_chart_type_falls_back_to_a_run_chart(manual_measure):
    manual_measure.chart_type = "c"
    assert charts.chart_type(manual_measure) == "run"
    manual_measure.value_type = "count"
    assert charts.chart_type(manual_measure) == "c"


def test_the_page_offers_only_the_charts_that_suit_the_kind(login, manual_measure, improver):
    client = login(improver)
    path = reverse("improvement:chart_settings", args=[manual_measure.pk])
    assert client.post(path, {"chart_type": "i"}).status_code == 200
    assert client.post(path, {"chart_type": "pp"}).status_code == 302
    manual_measure.refresh_from_db()
    assert manual_measure.chart_type == "pp"
    client.post(path, {"freeze_at": "2025-06"})
    manual_measure.refresh_from_db()
    assert manual_measure.freeze_at == date(2025, 6, 1)
    assert (
        AuditEvent.objects.filter(object_type="improvement.measure", action="update").count() == 2
    )


def test_png_and_svg_downloads(login, manual_measure, improver):
    fill(manual_measure, [(3, 10), (4, 10), (5, 10)])
    client = login(improver)
    png = client.get(reverse("improvement:chart_download", args=[manual_measure.pk, "png"]))
    assert png["Content-Type"] == "image/png" and png.content.startswith(PNG_SIGNATURE)
    svg = client.get(reverse("improvement:chart_download", args=[manual_measure.pk, "svg"]))
    assert svg.content.startswith(b"<?xml") and b"<svg" in svg.content
    assert AuditEvent.objects.filter(action="export").count() == 2


def test_the_measure_page_inlines_the_svg_without_scripts(login, manual_measure, improver):
    fill(manual_measure, [(3, 10), (4, 10), (5, 10)])
    page = login(improver).get(reverse("improvement:measure", args=[manual_measure.pk])).text
    assert f'id="maling-{manual_measure.pk}-tittel"' in page and "<?xml" not in page
    assert "<script" not in page.split("<main", 1)[1] and " onclick" not in page


def test_a_new_automatic_measure_is_defined_on_the_page(login, project, people, improver):
    client = login(improver)
    response = client.post(
        reverse("improvement:measure_new", args=[project.pk]),
        {
            "name": "Fastlegebesøk innen dag 14",
            "kind": "process",
            "source": "pathway",
            "indicator": "gp_visit_by_day_14",
            "organisations": [people.municipality_a.pk],
            "better": "higher",
            "period": "month",
            "first_period": "2026-01-01",
            "chart_type": "run",
        },
    )
    measure = Measure.objects.get(name="Fastlegebesøk innen dag 14")
    assert response.status_code == 302 and measure.value_type == "proportion"
    bad = client.post(
        reverse("improvement:measure_new", args=[project.pk]),
        {
            "name": "x",
            "kind": "process",
            "source": "pathway",
            "indicator": "gp_visit_by_day_14",
            "organisations": [people.municipality_a.pk, people.unit_a.pk],
            "better": "higher",
            "period": "week",
            "first_period": "2026-01-01",
            "chart_type": "run",
        },
    )
    assert "månedlige" in bad.text and "ikke begge" in bad.text


def test_whatmatters_measures_count_conversations_benefit_and_fulfilment(people, project):
    from pasientforlop.pathways.tests.test_indicator_data import pathway
    from pasientforlop.whatmatters.models import (
        Activity,
        Checklist,
        ChecklistTemplate,
        Conversation,
        FormVersion,
        Score,
        WhatMattersForm,
    )

    first = pathway(people, "med-samtale", start_date=date(2026, 1, 3))
    pathway(people, "uten-samtale", start_date=date(2026, 1, 9))
    form = WhatMattersForm.objects.create(patient=first.patient, form_version=FormVersion.default())
    activities = [Activity.objects.create(form=form, position=i, text=f"A{i}") for i in (1, 2)]
    for day, scores in ((date(2026, 1, 5), (2, 4)), (date(2026, 2, 10), (5, 7))):
        talk = Conversation.objects.create(form=form, held_on=day, signed_by_name="Sykepleier")
        for activity, score in zip(activities, scores, strict=True):
            Score.objects.create(conversation=talk, activity=activity, value=score)
    Checklist.objects.create(
        patient=first.patient,
        template=ChecklistTemplate.current_for(people.municipality_a),
        answers={"2": "done", "3": "not_relevant", "4": "relevant_not_done"},
    )

    def measure(indicator, value_type):
        m = Measure.objects.create(
            project=project,
            name=indicator,
            kind="outcome",
            better="higher",
            value_type=value_type,
            source="whatmatters",
            indicator=indicator,
            first_period=date(2026, 1, 1),
        )
        m.organisations.add(people.municipality_a)
        return m

    today = date(2026, 3, 1)
    share = series(measure("wm_conversation_share", "proportion"), today)
    assert [(p.period, p.numerator, p.denominator) for p in share] == [(date(2026, 1, 1), 1, 2)]
    benefit = series(measure("wm_mean_benefit", "value"), today)
    assert [(p.period, p.value) for p in benefit] == [(date(2026, 2, 1), Decimal(3))]
    fulfilment = series(measure("wm_fulfilment", "proportion"), today_oslo() + timedelta(1))
    # items 1 and 9 hold the conversations' means (done), 2 and 3 count, 4 does not: 4 / 10
    assert [(p.numerator, p.denominator) for p in fulfilment] == [(4, 10)]
