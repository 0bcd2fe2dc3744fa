"""Importing pathway events from CSV: the rules, all or nothing, and the command."""

import io
from datetime import date

import pytest

from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.cli import main
from pasientforlop.pathways.imports import HEADER, ImportFileError, import_pathways
from pasientforlop.pathways.models import IntermediateStay, Pathway, Patient, StepRecord

UNIT = "Hjemmetjenesten A"
GOOD = [
    "P1,municipal,4601,Hjemmetjenesten A,home_services_start,2026-01-05,,",
    "P1,municipal,4601,Hjemmetjenesten A,needs_mapping,2026-01-07,,",
    "P1,municipal,4601,Hjemmetjenesten A,gp_visit,,not_applicable,Har ikke fastlege",
    "P1,municipal,4601,Hjemmetjenesten A,what_matters_conversation,2026-01-06,,",
    "P2,hospital_discharge,4601,Hjemmetjenesten A,admission,2026-01-01,done,",
    "P2,hospital_discharge,4601,Hjemmetjenesten A,discharge_ready,2026-01-03,,",
    "P2,hospital_discharge,4601,Hjemmetjenesten A,intermediate_stay_start,2026-01-04,,",
    "P2,hospital_discharge,4601,Hjemmetjenesten A,intermediate_stay_end,2026-01-10,,",
    "P2,hospital_discharge,4601,Hjemmetjenesten A,home_services_start,2026-01-10,,",
    "P2,hospital_discharge,4601,Hjemmetjenesten A,readmission,2026-01-20,,",
]


def csv_text(rows: list[str]) -> str:
    return ",".join(HEADER) + "\n" + "\n".join(rows) + "\n"


def run(rows, **kwargs):
    return import_pathways(io.StringIO(csv_text(rows)), **kwargs)


def counts():
    return (
        Patient.objects.count(),
        Pathway.objects.count(),
        StepRecord.objects.count(),
        IntermediateStay.objects.count(),
    )


def errors_for(people, row):
    report = run([*GOOD[:2], row])
    assert counts() == (0, 0, 0, 0)
    return report.errors


def test_it_imports_pathways_steps_stays_and_readmissions(people):
    report = run(GOOD)
    assert report.errors == [] and report.imported
    assert (report.new_pathways, report.new_events) == (2, 10)
    p1 = Pathway.objects.get(external_ref="P1")
    assert p1.patient.pseudonym == "import-P1" and p1.unit == people.unit_a
    assert p1.start_date == date(2026, 1, 5) and p1.start_type == "municipal"
    gp = p1.records.get(step="gp_visit")
    assert gp.not_applicable and gp.reason == "Har ikke fastlege" and gp.done_on is None
    assert p1.records.get(step="what_matters_conversation").done_on == date(2026, 1, 6)
    p2 = Pathway.objects.get(external_ref="P2")
    assert p2.start_date == date(2026, 1, 1) and p2.readmission_on == date(2026, 1, 20)
    stay = p2.stays.get()
    assert (stay.start, stay.end) == (date(2026, 1, 4), date(2026, 1, 10))
    assert report.by_unit == {("4601", UNIT): [2, 10]}


def test_importing_the_same_file_twice_changes_nothing(people):
    run(GOOD)
    before = counts()
    again = run(GOOD)
    assert again.errors == [] and counts() == before
    assert (again.new_pathways, again.new_events, again.unchanged_events) == (0, 0, 10)
    assert again.existing_pathways == 2


def test_one_bad_row_among_good_ones_imports_nothing_and_every_bad_row_is_reported(people):
    rows = [*GOOD[:3], "P1,municipal,4601,Hjemmetjenesten A,gp_vist,2026-01-08,,", *GOOD[3:]]
    rows.append("P3,municipal,4601,Hjemmetjenesten A,evaluation,2026-02-30,,")
    report = run(rows)
    assert not report.imported and counts() == (0, 0, 0, 0)
    assert report.errors == [
        "Linje 5: ukjent steg «gp_vist»",
        "Linje 13: ugyldig dato «2026-02-30» (skriv ÅÅÅÅ-MM-DD)",
    ]


def test_the_audit_log_gets_one_import_event_with_counts(people):
    run(GOOD, actor=people.leader_a)
    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert event.actor == people.leader_a and event.organisation == people.municipality_a
    assert event.after["new_pathways"] == 2 and event.after["rows"] == 10


def test_a_repeat_that_conflicts_with_what_is_stored_is_a_bad_row(people):
    run(GOOD)
    report = run(["P1,municipal,4601,Hjemmetjenesten A,needs_mapping,2026-01-08,,"])
    assert report.errors == [
        "Linje 2: steget «needs_mapping» for forløp «P1» er allerede 07.01.2026 i databasen"
    ]
    assert StepRecord.objects.get(pathway__external_ref="P1", step="needs_mapping").done_on == date(
        2026, 1, 7
    )


def test_a_repeat_that_conflicts_within_the_file_is_a_bad_row(people):
    rows = [*GOOD[:2], "P1,municipal,4601,Hjemmetjenesten A,needs_mapping,2026-01-06,,"]
    assert run(rows).errors == [
        "Linje 4: steget «needs_mapping» for forløp «P1» er allerede 07.01.2026 på linje 3"
    ]


def test_a_conflicting_readmission_is_a_bad_row(people):
    run(GOOD)
    report = run(["P2,hospital_discharge,4601,Hjemmetjenesten A,readmission,2026-01-21,,"])
    assert report.errors == [
        "Linje 2: steget «readmission» for forløp «P2» er allerede 20.01.2026 i databasen"
    ]


@pytest.mark.parametrize(
    "row, message",
    [
        ("P1,municipal,4601,Hjemmetjenesten A,evaluation,2026-01-08,,,extra", "har 9 kolonner"),
        (
            "P1,municipal,4601,Hjemmetjenesten A,evaluation,08.01.2026,,",
            "ugyldig dato «08.01.2026»",
        ),
        ("P1,municipal,4601,Hjemmetjenesten A,evaluation,,,", "dato mangler"),
        ("P1,municipal,9999,Hjemmetjenesten A,evaluation,2026-01-08,,", "ukjent kommune «9999»"),
        ("P1,municipal,4601,Sykehjemmet,evaluation,2026-01-08,,", "ukjent enhet «Sykehjemmet»"),
        ("P1,municipal,4601,Hjemmetjenesten A,evaluation,,not_applicable,", "krever en grunn"),
        ("P1,municipal,4601,Hjemmetjenesten A,evaluation,2026-01-08,finished,", "ukjent status"),
        ("P1,municipal,4601,Hjemmetjenesten A,admission,2026-01-08,,", "hører bare til forløp"),
        ("P1,cruise,4601,Hjemmetjenesten A,evaluation,2026-01-08,,", "ukjent start_type"),
        (",municipal,4601,Hjemmetjenesten A,evaluation,2026-01-08,,", "pathway_ref mangler"),
        ("P1,new_user,4601,Hjemmetjenesten A,evaluation,2026-01-08,,", "ikke den samme"),
        ("P1,municipal,4601,Hjemmetjenesten A,readmission,,not_applicable,x", "kan ikke være"),
    ],
)
def test_every_row_rule_is_checked(people, row, message):
    errors = errors_for(people, row)
    assert len(errors) == 1 and errors[0].startswith("Linje 4: ") and message in errors[0]


def test_a_unit_must_be_a_unit_of_that_municipality(people):
    errors = errors_for(people, "P1,municipal,4601,Hjemmetjenesten B,evaluation,2026-01-08,,")
    assert errors == ["Linje 4: ukjent enhet «Hjemmetjenesten B» i kommune 4601"]


def test_a_step_done_before_its_anchor_is_reported_for_the_pathways_lines(people):
    rows = [*GOOD[:2], "P1,municipal,4601,Hjemmetjenesten A,evaluation,2026-01-04,,"]
    assert run(rows).errors == [
        "Linje 2, 3 og 4 (forløp «P1»): Evaluering (04.01.2026) kan ikke være utført "
        "før hjemmetjenestene startet (05.01.2026)."
    ]


def test_a_step_dated_before_a_stored_pathway_started_is_reported(people):
    run(GOOD)
    report = run(["P2,hospital_discharge,4601,Hjemmetjenesten A,information_exchange,2025-12-30,,"])
    assert len(report.errors) == 1
    assert (
        "Informasjonsutveksling (30.12.2025) kan ikke være før forløpet startet"
        in (report.errors[0])
    )


def test_a_new_pathway_needs_at_least_one_dated_row(people):
    rows = ["P1,municipal,4601,Hjemmetjenesten A,gp_visit,,not_applicable,Ingen fastlege"]
    assert run(rows).errors == ["Linje 2: forløp «P1» har ingen rad med dato"]


def test_a_stay_end_without_a_start_is_a_bad_row(people):
    rows = ["P1,municipal,4601,Hjemmetjenesten A,intermediate_stay_end,2026-01-04,,"]
    assert run(rows).errors == [
        "Linje 2: opphold som slutter 04.01.2026 har ingen åpen start for forløp «P1»"
    ]


def test_a_later_file_completes_an_open_stay(people):
    run(GOOD[4:7])
    assert IntermediateStay.objects.get().end is None
    report = run(GOOD[4:])
    assert report.errors == [] and report.unchanged_events == 3
    assert IntermediateStay.objects.get().end == date(2026, 1, 10)


def test_a_file_with_the_wrong_header_or_encoding_is_refused(people):
    with pytest.raises(ImportFileError, match="overskriften"):
        import_pathways(io.StringIO("ref;step\n1;x\n"))
    latin1 = io.TextIOWrapper(io.BytesIO(csv_text(["Ø"]).encode("latin-1")), encoding="utf-8")
    with pytest.raises(ImportFileError, match="UTF-8"):
        import_pathways(latin1)
    assert counts() == (0, 0, 0, 0)


def test_rows_for_municipalities_outside_the_allowed_ones_are_refused(people):
    rows = [*GOOD[:2], "Q1,municipal,4627,Hjemmetjenesten B,home_services_start,2026-01-05,,"]
    report = run(rows, allowed_municipalities={"4601"})
    assert report.errors == ["Linje 4: du kan ikke importere for kommune «4627»"]
    assert counts() == (0, 0, 0, 0)


def test_the_command_imports_a_file_and_reports_counts(people, tmp_path, capsys):
    path = tmp_path / "forlop.csv"
    path.write_text(csv_text(GOOD), encoding="utf-8")
    assert main(["import-pathways", str(path), "--as", "leader_a"]) == 0
    assert capsys.readouterr().out == (
        "Importerte 10 rader: 2 nye forløp, 10 nye hendelser, 0 fantes fra før.\n"
    )
    assert AuditEvent.objects.get(action=AuditAction.IMPORT).actor == people.leader_a
    assert main(["import-pathways", str(path)]) == 0
    assert "0 nye forløp, 0 nye hendelser, 10 fantes fra før" in capsys.readouterr().out


def test_the_command_lists_every_bad_row_and_exits_with_1(people, tmp_path, capsys):
    path = tmp_path / "forlop.csv"
    path.write_text(csv_text([*GOOD, "P9,municipal,4601,Ukjent,gp_vist,2026-01-05,,"]))
    assert main(["import-pathways", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Linje 12: ukjent steg «gp_vist»; ukjent enhet «Ukjent» i kommune 4601" in err
    assert "Ingenting ble importert: 1 feil i 11 rader." in err
    assert counts() == (0, 0, 0, 0)


def test_the_command_refuses_an_unknown_actor(people, tmp_path, capsys):
    path = tmp_path / "forlop.csv"
    path.write_text(csv_text(GOOD))
    assert main(["import-pathways", str(path), "--as", "nobody"]) == 2
    assert counts() == (0, 0, 0, 0)


def test_an_excel_file_imports_like_the_same_table_as_csv(people, tmp_path):
    from openpyxl import Workbook

    from pasientforlop.pathways.imports import command
    from pasientforlop.pathways.models import Pathway, StepRecord

    book = Workbook()
    sheet = book.active
    sheet.append(
        ["pathway_ref", "start_type", "municipality", "unit", "step", "date", "status", "reason"]
    )
    sheet.append(
        [
            "X1",
            "municipal",
            "4601",
            "Hjemmetjenesten A",
            "home_services_start",
            "2026-11-02",
            "",
            "",
        ]
    )
    sheet.append(
        ["X1", "municipal", "4601", "Hjemmetjenesten A", "gp_visit", "2026-11-10", "done", ""]
    )
    path = tmp_path / "export.xlsx"
    book.save(path)
    assert command(str(path)) == 0
    pathway = Pathway.objects.get(external_ref="X1")
    assert set(StepRecord.objects.filter(pathway=pathway).values_list("step", flat=True)) == {
        "home_services_start",
        "gp_visit",
    }
    assert command(str(path)) == 0  # the second time changes nothing
    assert StepRecord.objects.filter(pathway=pathway).count() == 2


def test_a_damaged_excel_file_is_refused_with_the_reason(people, tmp_path, capsys):
    from pasientforlop.pathways.imports import command

    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    assert command(str(path)) == 1
    assert "Excel-fil" in capsys.readouterr().err
