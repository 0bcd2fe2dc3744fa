"""The shared CSV and Excel writer: Norwegian Excel and formula neutralising."""

import io
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from pasientforlop.lib import tables

DANGEROUS = ["=1+1", "+41 22", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(text):
    assert tables.neutralise(text) == "'" + text


def test_plain_text_and_plain_signed_numbers_are_left_alone():
    assert tables.neutralise("Ola Nordmann") == "Ola Nordmann"
    assert tables.neutralise("-0.5000") == "-0.5000"
    assert tables.neutralise("-12,5") == "-12,5"
    assert tables.neutralise("") == ""


def test_norwegian_csv_has_bom_semicolons_decimal_comma_and_dates():
    text = tables.csv_text(
        ["Dato", "Tid", "Verdi", "Brøk", "Tekst", "Tom"],
        [
            [
                date(2026, 11, 24),
                datetime(2026, 11, 24, 13, 5, tzinfo=ZoneInfo("UTC")),
                -12.5,
                Fraction(1, 4),
                '=HYPERLINK("http://x")',
                None,
            ],
            [date(2026, 1, 2), None, 3, Decimal("2.50"), "a;b", ""],
        ],
    )
    assert text.startswith("\ufeff")
    lines = text.removeprefix("\ufeff").split("\r\n")
    assert lines[0] == "Dato;Tid;Verdi;Brøk;Tekst;Tom"
    assert lines[1] == '24.11.2026;24.11.2026 14:05;-12,5;0,25;"\'=HYPERLINK(""http://x"")";'
    assert lines[2] == '02.01.2026;;3;2,50;"a;b";'


def test_the_machine_dialect_keeps_commas_and_dots_but_still_neutralises():
    text = tables.csv_text(["a", "b", "c"], [[1.5, date(2026, 1, 2), "=x"]], dialect="machine")
    assert text == "a,b,c\n1.5,2026-01-02,'=x\n"


def test_excel_keeps_numbers_and_dates_typed_and_never_writes_a_formula():
    content = tables.xlsx_bytes(
        "Liste: 1/2",
        ["Dato", "Verdi", "Tekst", "Tid"],
        [
            [
                date(2026, 11, 24),
                -3.5,
                "=cmd|' /C calc'!A0",
                datetime(2026, 11, 24, 13, 5, tzinfo=ZoneInfo("UTC")),
            ],
            [date(2026, 11, 25), -7, "@SUM(1)", None],
        ],
        preamble=["Kommune A"],
    )
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    assert sheet.title == "Liste  1 2"
    assert sheet["A1"].value == "Kommune A"
    assert sheet["A2"].font.bold
    assert sheet.freeze_panes == "A3"
    assert sheet["A3"].value == datetime(2026, 11, 24)
    assert sheet["A3"].number_format == "DD.MM.YYYY"
    assert sheet["B3"].value == -3.5 and sheet["B3"].data_type == "n"
    assert sheet["B4"].value == -7 and sheet["B4"].data_type == "n"
    assert sheet["C3"].value == "=cmd|' /C calc'!A0"
    assert sheet["C3"].data_type == "s" and sheet["C3"].quotePrefix
    assert sheet["C4"].data_type == "s"
    assert sheet["D3"].value == datetime(2026, 11, 24, 14, 5)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["B"].width


def test_a_shown_number_is_text_in_csv_and_a_number_in_excel():
    share = tables.Shown("50,0 %", 0.5, "0.0 %")
    assert tables.csv_text(["Andel"], [[share]]).endswith("50,0 %\r\n")
    sheet = load_workbook(io.BytesIO(tables.xlsx_bytes("t", ["Andel"], [[share]]))).active
    assert sheet["A2"].value == 0.5 and sheet["A2"].number_format == "0.0 %"
    assert str(share) == "50,0 %"
