"""The import's raw write path: rows written without model objects get every column the ORM
would give them, and the planner's statistics are refreshed after a bulk load."""

import io
from datetime import date

import pytest
from django.db import connection, models

from pasientforlop.pathways import imports
from pasientforlop.pathways.imports import HEADER, import_pathways, insert_rows
from pasientforlop.pathways.models import (
    IntermediateStay,
    Pathway,
    Patient,
    StepRecord,
    WhatMattersConversation,
)

ROWS = [
    "B1,hospital_discharge,4601,Hjemmetjenesten A,admission,2026-01-01,,",
    "B1,hospital_discharge,4601,Hjemmetjenesten A,discharge_ready,2026-01-03,,",
    "B1,hospital_discharge,4601,Hjemmetjenesten A,intermediate_stay_start,2026-01-04,,",
    "B1,hospital_discharge,4601,Hjemmetjenesten A,intermediate_stay_end,2026-01-10,,",
    "B1,hospital_discharge,4601,Hjemmetjenesten A,home_services_start,2026-01-10,,",
    "B1,hospital_discharge,4601,Hjemmetjenesten A,gp_visit,,not_applicable,Ingen fastlege",
    "B1,hospital_discharge,4601,Hjemmetjenesten A,what_matters_conversation,2026-01-11,,",
]


def run(rows):
    return import_pathways(io.StringIO(",".join(HEADER) + "\n" + "\n".join(rows) + "\n"))


def columns(instance) -> dict:
    """Every stored column except keys, ids and times, which differ between two rows."""
    skip = {"id", "created_at", "recorded_at"}
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.attname not in skip and not isinstance(f, models.ForeignKey)
    }


def test_imported_rows_have_the_same_columns_as_rows_made_by_the_orm(people):
    report = run(ROWS)
    assert report.errors == [] and report.imported
    pathway = Pathway.objects.get(external_ref="B1")
    patient = pathway.patient
    orm_patient = Patient.objects.create(
        municipality=people.municipality_a, pseudonym=patient.pseudonym + "x"
    )
    expected = columns(orm_patient) | {
        "pseudonym": patient.pseudonym,
        "search_name": patient.search_name,
    }
    assert columns(patient) == expected
    assert patient.search_name  # the pseudonym is searchable
    assert patient.created_at is not None and pathway.created_at is not None

    record = pathway.records.get(step="gp_visit")
    orm_record = StepRecord.objects.create(
        pathway=pathway, step="needs_mapping", not_applicable=True, reason="Ingen fastlege"
    )
    assert columns(record) == columns(orm_record) | {"step": "gp_visit"}
    assert record.checklist == {} and record.version == 1 and record.recorded_at is not None

    stay = IntermediateStay.objects.get(pathway=pathway)
    assert (stay.start, stay.end) == (date(2026, 1, 4), date(2026, 1, 10))
    assert columns(stay) == columns(
        IntermediateStay(pathway=pathway, start=stay.start, end=stay.end)
    )
    conversation = WhatMattersConversation.objects.get(pathway=pathway)
    assert conversation.patient_id == patient.pk and conversation.held_on == date(2026, 1, 11)
    assert conversation.recorded_at is not None


def test_a_required_column_without_a_default_is_refused(db):
    # A new required field would otherwise be left out of the raw insert without notice.
    with pytest.raises(ValueError, match="start_date"):
        insert_rows(Pathway, ("patient_id", "municipality_id", "unit_id", "start_type"), [])


def test_a_large_import_refreshes_the_planner_statistics(people, monkeypatch):
    analyzed = []
    real = imports.analyze
    monkeypatch.setattr(imports, "analyze", lambda *m: analyzed.extend(m) or real(*m))
    monkeypatch.setattr(imports, "ANALYZE_AFTER", 1_000)
    run(ROWS)
    assert analyzed == []  # a small import does not
    monkeypatch.setattr(imports, "ANALYZE_AFTER", 5)
    run([row.replace("B1", "B2") for row in ROWS])
    assert StepRecord in analyzed and Pathway in analyzed
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [StepRecord._meta.db_table]
            )
            assert cursor.fetchone()[0] > 0
