"""Reading a measure's data from CSV or Excel: ``period,value`` or
``period,numerator,denominator``. Every bad row is named (line number, reason in Norwegian);
a file with any bad row imports nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from pasientforlop.improvement import periods
from pasientforlop.improvement.models import Measure, ValueType

MAX_ROWS = 5000
RATIO_COLUMNS = ("period", "numerator", "denominator")
VALUE_COLUMNS = ("period", "value")


@dataclass(frozen=True)
class ImportRow:
    line: int
    period: date
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    value: Decimal | None = None

    def to_json(self) -> list:
        return [
            self.line,
            self.period.isoformat(),
            *(
                None if v is None else str(v)
                for v in (self.numerator, self.denominator, self.value)
            ),
        ]

    @classmethod
    def from_json(cls, item: list) -> ImportRow:
        line, period, *numbers = item
        return cls(
            line,
            date.fromisoformat(period),
            *(None if v is None else Decimal(v) for v in numbers),
        )


class UnreadableFile(ValueError):
    pass


def read_table(name: str, content: bytes) -> list[list]:
    """Rows of cells (the header first) from a .csv or .xlsx file."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise UnreadableFile("Filen kan ikke leses som en Excel-fil (.xlsx).") from error
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile("Filen er ikke UTF-8-tekst.") from error
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return [row for _line, row in zip(range(MAX_ROWS + 2), reader, strict=False)]
    except csv.Error as error:
        raise UnreadableFile(
            f"Filen kan ikke leses som CSV (linje {reader.line_num}): et felt har et linjeskift "
            "eller et skjevt anførselstegn."
        ) from error


def _number(cell) -> Decimal | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return Decimal(str(cell))
    text = str(cell).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _empty(cell) -> bool:
    return cell is None or str(cell).strip() == ""


def _cell_text(cell) -> str:
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    return str(cell).strip()


def parse(measure: Measure, table: list[list], today: date) -> tuple[list[ImportRow], list[str]]:
    """(rows, errors). Errors name the line (the header is line 1)."""
    if not table:
        return [], ["Filen er tom."]
    header = [str(c or "").strip().lower() for c in table[0]]
    while header and header[-1] == "":
        header.pop()
    ratio = measure.value_type in (ValueType.PROPORTION, ValueType.RATE)
    expected = RATIO_COLUMNS if ratio else VALUE_COLUMNS
    errors = []
    unknown = [c for c in header if c not in expected]
    missing = [c for c in expected if c not in header]
    if unknown or missing or len(set(header)) != len(header):
        parts = []
        if unknown:
            parts.append("ukjent kolonne " + ", ".join(f"«{c}»" for c in unknown))
        if missing:
            parts.append("mangler kolonne " + ", ".join(f"«{c}»" for c in missing))
        if not parts:
            parts.append("en kolonne står to ganger")
        return [], [f"Linje 1: {'; '.join(parts)}. Kolonnene skal være {','.join(expected)}."]
    if len(table) > MAX_ROWS + 1:
        return [], [f"Filen har mer enn {MAX_ROWS} rader; del den opp."]
    index = {name: header.index(name) for name in expected}
    rows: list[ImportRow] = []
    seen: dict[date, int] = {}
    for line, cells in enumerate(table[1:], start=2):
        cells = list(cells) + [None] * (len(header) - len(cells))
        if all(_empty(c) for c in cells):
            continue
        problems = []
        raw_period = cells[index["period"]]
        period = periods.parse(raw_period, measure.period)
        if period is None:
            shape = "ÅÅÅÅ-Www (uke)" if measure.period == periods.WEEK else "ÅÅÅÅ-MM (måned)"
            problems.append(f"perioden «{_cell_text(raw_period or '')}» er ikke på formen {shape}")
        elif periods.is_future(period, measure.period, today):
            problems.append(f"perioden {periods.label(period, measure.period)} ligger fram i tid")
        elif period in seen:
            problems.append(
                f"perioden {periods.label(period, measure.period)} står også på linje "
                f"{seen[period]}"
            )
        else:
            seen[period] = line
        numbers = {}
        for name in expected[1:]:
            cell = cells[index[name]]
            label = {"numerator": "telleren", "denominator": "nevneren", "value": "verdien"}[name]
            number = None if _empty(cell) else _number(cell)
            if _empty(cell):
                problems.append(f"{label} mangler")
            elif number is None:
                problems.append(f"{label} «{_cell_text(cell)}» er ikke et tall")
            elif number < 0:
                problems.append(f"{label} er negativ ({_cell_text(cell)})")
            numbers[name] = number
        num, den = numbers.get("numerator"), numbers.get("denominator")
        if den is not None and den == 0:
            problems.append("nevneren er null")
        elif (
            measure.value_type == ValueType.PROPORTION
            and num is not None
            and den is not None
            and num > den
        ):
            problems.append(f"telleren ({num}) er større enn nevneren ({den})")
        if problems:
            errors.append(f"Linje {line}: {'; '.join(problems)}.")
        elif period is not None:
            rows.append(ImportRow(line, period, num, den, numbers.get("value")))
    if not rows and not errors:
        errors.append("Filen har ingen rader med data.")
    return rows, errors
