"""The one CSV writer and the one Excel writer for every table the product hands out.

Norwegian Excel (the default ``excel_nb`` dialect): ``;`` between cells, decimal comma,
a UTF-8 byte order mark so Excel reads æøå, dates as 24.11.2026 and times as 24.11.2026 14:05
(Europe/Oslo), CRLF line ends. The ``machine`` dialect (research files, machine-readable
indicator CSV) keeps ``,``, dot decimals and ISO dates for R, Stata and scripts.

Formula neutralising, in every dialect and in Excel files: a text cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run as a formula by a
spreadsheet (CSV injection, OWASP). Such text gets a leading apostrophe in CSV; in Excel files
it is stored as a text cell with Excel's quote prefix, never as a formula. Numbers the product
computed are numbers (a negative number stays a number in Excel and reads as one in CSV):
only text is touched.

Excel files: numbers as numbers, dates as dates (shown dd.mm.yyyy), a bold frozen header and
columns sized to their content.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"
MAX_COLUMN_WIDTH = 60


# A plain signed number ("-0.5000", "-12,5") is data, not a formula: left as it is.
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+([.,][0-9]+)?")


def is_formula_like(text: str) -> bool:
    return bool(text) and text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text)


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula, made harmless with a leading apostrophe."""
    return "'" + text if is_formula_like(text) else text


@dataclass(frozen=True)
class Shown:
    """A number shown as formatted text on pages and in CSV ("50,0 %") but kept as a number
    in Excel (0.5 with the format ``0.0 %``)."""

    text: str
    number: float | None
    number_format: str = "General"

    def __str__(self) -> str:
        return self.text


def _oslo(value: datetime) -> datetime:
    return value.astimezone(OSLO) if value.tzinfo else value


def _number_text(value, decimal_comma: bool) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Fraction):
        value = float(value)
    text = format(value, "f") if isinstance(value, Decimal) else repr(float(value))
    if not decimal_comma:
        return text
    if text.endswith(".0"):
        text = text[:-2]
    return text.replace(".", ",")


def csv_cell(value, dialect: str = "excel_nb") -> str:
    """One value as CSV text in the dialect, formulas neutralised."""
    norwegian = dialect == "excel_nb"
    if value is None:
        return ""
    if isinstance(value, Shown):
        return neutralise(value.text)
    if isinstance(value, datetime):
        value = _oslo(value)
        return f"{value:%d.%m.%Y %H:%M}" if norwegian else value.isoformat()
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}" if norwegian else value.isoformat()
    if isinstance(value, (int, float, Decimal, Fraction)):
        return _number_text(value, decimal_comma=norwegian)
    return neutralise(str(value))


def write_csv(out, header: Sequence, rows: Iterable[Sequence], dialect: str = "excel_nb") -> None:
    """Write a table to a text stream (a file opened with ``newline=""``, a response)."""
    if dialect == "excel_nb":
        out.write(BOM)
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    else:
        writer = csv.writer(out, delimiter=",", lineterminator="\n")
    writer.writerow([csv_cell(h, dialect) for h in header])
    for row in rows:
        writer.writerow([csv_cell(v, dialect) for v in row])


def csv_text(header: Sequence, rows: Iterable[Sequence], dialect: str = "excel_nb") -> str:
    out = io.StringIO()
    write_csv(out, header, rows, dialect)
    return out.getvalue()


def _xlsx_value(value):
    """(value, number format or None, quote prefix) for one Excel cell."""
    if value is None:
        return None, None, False
    if isinstance(value, Shown):
        if value.number is None:
            return _xlsx_value(value.text)
        return float(value.number), value.number_format, False
    if isinstance(value, bool):
        return value, None, False
    if isinstance(value, datetime):
        return _oslo(value).replace(tzinfo=None), "DD.MM.YYYY HH:MM", False
    if isinstance(value, date):
        return value, "DD.MM.YYYY", False
    if isinstance(value, int):
        return value, "0", False
    if isinstance(value, (float, Decimal, Fraction)):
        return float(value), "General", False
    text = str(value)
    return text, "@" if is_formula_like(text) else None, is_formula_like(text)


def xlsx_bytes(
    title: str, header: Sequence, rows: Iterable[Sequence], preamble: Sequence[str] = ()
) -> bytes:
    """A workbook with one sheet: optional preamble lines (a title), the header and the rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(title)
    widths: dict[int, int] = {}
    row_number = 0

    def put(values: Sequence, bold: bool = False, sized: bool = True) -> None:
        nonlocal row_number
        row_number += 1
        for column, raw in enumerate(values, start=1):
            value, number_format, quote = _xlsx_value(raw)
            cell = sheet.cell(row=row_number, column=column)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text is never a formula
            if number_format:
                cell.number_format = number_format
            if quote:
                cell.quotePrefix = True
            if bold:
                cell.font = Font(bold=True)
            if value is not None and sized:
                shown = raw if isinstance(raw, str) else csv_cell(raw)
                widths[column] = max(widths.get(column, 0), len(shown))

    for line in preamble:
        put([line], bold=True, sized=False)
    put(header, bold=True)
    sheet.freeze_panes = sheet.cell(row=row_number + 1, column=1)
    for values in rows:
        put(values)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, MAX_COLUMN_WIDTH)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip()
    return (cleaned or "Ark")[:31]
