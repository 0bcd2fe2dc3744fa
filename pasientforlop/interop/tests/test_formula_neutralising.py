"""Every download goes through the shared writer: Norwegian Excel, and text a spreadsheet
would run as a formula is neutralised (the probe's finding 1)."""

import io

from openpyxl import load_workbook

from pasientforlop.improvement.tests.factories import make_improvement_sweep
from pasientforlop.networks.tests.factories import make_sweep_objects

ATTACK = '=HYPERLINK("http://evil.example","Klikk")'


def _no_formulas(content: bytes):
    sheet = load_workbook(io.BytesIO(content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    return sheet


def test_a_users_name_that_is_a_formula_is_neutralised_in_the_worklist(people, world, login, today):
    patient = world["patient"]
    patient.first_name, patient.last_name = ATTACK, ""
    patient.save()
    client = login(people.nurse_a)
    text = client.get("/arbeidsliste/last-ned/csv/").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert ";=HYPERLINK" not in text and '";""=HYPERLINK' not in text
    sheet = _no_formulas(client.get("/arbeidsliste/last-ned/xlsx/").content)
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ATTACK in names
    cell = next(c for c in sheet["B"] if c.value == ATTACK)
    assert cell.data_type == "s" and cell.quotePrefix


def test_a_measure_downloads_with_decimal_comma_and_whole_numbers(people, login):
    sweep = make_improvement_sweep(people)
    text = (
        login(people.gp_a)
        .get(f"/forbedring/maling/{sweep.measure.pk}/data/csv/")
        .content.decode("utf-8")
    )
    assert text.startswith("\ufeffPeriode;Teller;Nevner;Verdi")
    assert "\r\n01.01.2026;1;2;;0,5\r\n" in text


def test_a_network_team_named_as_a_formula_is_text_in_excel(people, login):
    sweep = make_sweep_objects(people)
    team = sweep.participation.team
    team.name = "@SUM(1+1)*cmd"
    team.save()
    client = login(people.coordinator)
    sheet = _no_formulas(client.get(f"/nettverk/{sweep.network.pk}/last-ned/xlsx/").content)
    assert sheet["A2"].value == "@SUM(1+1)*cmd"
    text = client.get(f"/nettverk/{sweep.network.pk}/last-ned/csv/").content.decode("utf-8-sig")
    assert "'@SUM(1+1)*cmd" in text
