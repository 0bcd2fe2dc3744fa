"""Worklist downloads: CSV and Excel with Norwegian headers and dates, audited."""

import io

from openpyxl import load_workbook

from pasientforlop.audit.models import AuditEvent


def test_the_worklist_as_csv_has_norwegian_headers_and_dates(people, world, login, today):
    response = login(people.nurse_a).get("/arbeidsliste/last-ned/csv/", {"enhet": people.unit_a.pk})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    header, *rows = text.splitlines()
    assert header == "Gruppe;Bruker;Steg;Frist;Status;Dager over fristen"
    assert any("Ola Nordmann" in row and "17.11.2026" not in row for row in rows)
    assert any(".2026;" in row for row in rows)
    assert AuditEvent.objects.filter(object_type="pathways.worklist", action="export").exists()
    assert AuditEvent.objects.filter(
        object_type="interop.worklist_file", patient_id=world["patient"].pk
    ).exists()


def test_the_worklist_as_excel_has_real_dates(people, world, login, today):
    response = login(people.nurse_a).get("/arbeidsliste/last-ned/xlsx/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Gruppe"
    assert sheet["D2"].number_format == "DD.MM.YYYY"


def test_people_without_a_worklist_get_403(people, login):
    assert login(people.coordinator).get("/arbeidsliste/last-ned/csv/").status_code == 403
    assert login(people.nurse_a).get("/arbeidsliste/last-ned/pdf/").status_code == 404
