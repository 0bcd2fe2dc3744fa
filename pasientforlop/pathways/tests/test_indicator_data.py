"""Indicators from the database and the ``indicators`` command."""

import io
import json
from datetime import date, datetime

from openpyxl import load_workbook

from pasientforlop.cli import main
from pasientforlop.lib.dates import OSLO
from pasientforlop.pathways import deadlines, indicators
from pasientforlop.pathways.indicator_data import compute, indicator_facts, pathways_of
from pasientforlop.pathways.models import IntermediateStay, Pathway, Patient
from pasientforlop.pathways.tests.factories import make_pathway

REPORT_DATE = date(2026, 3, 1)
ARGS = ["indicators", "--municipality", "4601", "--from", "2026-01", "--to", "2026-02"]
ARGS += ["--report-date", "2026-03-01"]


def pathway(people, ref, start_type="municipal", municipality=None, **kwargs):
    municipality = municipality or people.municipality_a
    patient = Patient.objects.create(municipality=municipality, pseudonym=ref)
    return make_pathway(
        people, start_type, kwargs.pop("start_date", date(2026, 1, 1)), patient=patient, **kwargs
    )


def make_data(people):
    """Five pathways in municipality A (and one in B) whose indicators are worked out by hand
    in ``EXPECTED``."""
    pathway(
        people,
        "on-time-late-na",
        steps={
            "home_services_start": date(2026, 1, 5),
            "needs_mapping": date(2026, 1, 8),  # deadline 8 Jan: on time
            "gp_visit": date(2026, 1, 25),  # deadline 19 Jan: late
            "evaluation": ("na", "Flyttet"),  # not in the denominator
            "what_matters_conversation": date(2026, 1, 4),  # before the anchor counts
        },
    )
    hospital = pathway(
        people,
        "hospital",
        "hospital_discharge",
        steps={
            "admission": date(2026, 1, 1),
            "discharge_ready": datetime(2026, 1, 2, 23, 30, tzinfo=OSLO),
            "home_services_start": date(2026, 1, 10),
            "primary_contact": date(2026, 1, 12),  # on time (anchor 10 Jan)
            "needs_mapping": date(2026, 1, 14),  # late
        },
        readmission_on=date(2026, 2, 9),
    )  # day 30: within
    IntermediateStay.objects.create(pathway=hospital, start=date(2026, 1, 3), end=date(2026, 1, 10))
    pathway(people, "no-anchor", steps={"needs_mapping": date(2026, 1, 3)})
    pathway(
        people,
        "february",
        start_date=date(2026, 2, 1),
        steps={
            "home_services_start": date(2026, 2, 20),
            "primary_contact": date(2026, 3, 2),  # after the report date: not known
        },
    )
    pathway(
        people,
        "boundary",
        start_date=date(2026, 2, 1),
        steps={
            "home_services_start": date(2026, 2, 26),  # day-3 deadline = report date: not counted
        },
    )
    pathway(
        people,
        "other-municipality",
        municipality=people.municipality_b,
        steps={"home_services_start": date(2026, 1, 5)},
    )


def _rows(month, numbers, median, count):
    names = [ind for ind in indicators.Indicator if ind not in indicators.VALUE_INDICATORS]
    rows = [
        {
            "month": month,
            "unit": "Hjemmetjenesten A",
            "indicator": name,
            "numerator": n,
            "denominator": d,
        }
        for name, (n, d) in zip(names, numbers, strict=True)
    ]
    rows.append(
        {
            "month": month,
            "unit": "Hjemmetjenesten A",
            "indicator": "median_days_discharge_ready_to_home",
            "value": median,
            "count": count,
        }
    )
    return rows


EXPECTED = _rows("2026-01", [(1, 2), (1, 2), (0, 2), (0, 1), (1, 2), (1, 1)], 8.0, 1) + _rows(
    "2026-02", [(0, 1), (0, 1), (0, 0), (0, 0), (0, 0), (0, 0)], None, 0
)


def run(capsysbinary, *extra):
    assert main([*ARGS, *extra]) == 0
    return capsysbinary.readouterr().out


def test_the_command_prints_hand_computed_indicators_as_json(people, capsysbinary):
    make_data(people)
    assert json.loads(run(capsysbinary)) == EXPECTED


def test_the_command_on_an_empty_database_prints_an_empty_list(people, capsysbinary):
    assert json.loads(run(capsysbinary)) == []


def test_the_commands_csv_uses_the_json_keys(people, capsysbinary):
    make_data(people)
    lines = run(capsysbinary, "--format", "csv").decode().splitlines()
    assert lines[0] == "month,unit,indicator,numerator,denominator,value,count"
    assert lines[1] == "2026-01,Hjemmetjenesten A,needs_mapping_by_day_3,1,2,,"
    assert lines[7] == "2026-01,Hjemmetjenesten A,median_days_discharge_ready_to_home,,,8.0,1"
    assert len(lines) == 15


def test_the_command_writes_xlsx_to_stdout_or_a_file(people, capsysbinary, tmp_path):
    make_data(people)
    sheet = load_workbook(io.BytesIO(run(capsysbinary, "--format", "xlsx"))).active
    assert sheet["A2"].value == "Måned" and sheet["C3"].value == "Behov kartlagt innen dag 3"
    # Numbers stay numbers in Excel: the share is 0.5 shown as 50,0 %.
    assert (sheet["D3"].value, sheet["E3"].value, sheet["F3"].value) == (1, 2, 0.5)
    assert sheet["F3"].number_format == "0.0 %"
    out = tmp_path / "ind.xlsx"
    assert run(capsysbinary, "--format", "xlsx", "--output", str(out)) == b""
    assert load_workbook(out).active.max_row == 16


def test_the_command_filters_by_unit_and_explains_bad_arguments(people, capsys):
    make_data(people)
    assert main([*ARGS, "--unit", "Finnes ikke"]) == 2
    assert "Fant ingen enhet «Finnes ikke»" in capsys.readouterr().err
    assert main(["indicators", "--municipality", "4601", "--from", "2026-13", "--to", "x"]) == 2
    assert main([*ARGS[:-2], "--report-date", "1.3.2026"]) == 2


def test_results_equal_compute_indicators_over_the_models_own_facts(people):
    make_data(people)
    pathways = Pathway.objects.filter(municipality=people.municipality_a)
    expected_facts = []
    for item in pathways.prefetch_related("records", "stays").select_related("unit"):
        facts = item.facts()
        records = {r.step: r for r in item.records.all()}
        conversation = records.get("what_matters_conversation")
        expected_facts.append(
            indicators.IndicatorFacts(
                pathway_id=item.pk,
                unit=item.unit.name,
                start_type=facts.start_type,
                anchor=deadlines.anchor(facts),
                done={s: r.done_date for s, r in facts.steps.items() if r.done_date},
                not_applicable=frozenset(s for s, r in facts.steps.items() if r.not_applicable),
                what_matters_first_on=conversation.done_on if conversation else None,
                readmission_on=item.readmission_on,
                discharge_ready_on=facts.done_date(deadlines.Step.DISCHARGE_READY),
            )
        )
    assert sorted(indicator_facts(pathways), key=lambda f: f.pathway_id) == sorted(
        expected_facts, key=lambda f: f.pathway_id
    )
    months = (date(2026, 1, 1), date(2026, 2, 1))
    assert compute(people.municipality_a, None, *months, REPORT_DATE) == (
        indicators.compute_indicators(expected_facts, REPORT_DATE, months=months)
    )


def test_the_facts_come_from_one_query(people, django_assert_num_queries):
    make_data(people)
    with django_assert_num_queries(1):
        assert len(list(indicator_facts(pathways_of(people.municipality_a)))) == 5
