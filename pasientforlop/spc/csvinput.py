"""Reading chart data from CSV: header ``x,y`` or ``x,y,n`` (optionally a ``notes`` column).

Semicolon-separated files (common from Norwegian spreadsheets) are accepted as well, and a
UTF-8 byte order mark is ignored. An empty ``y`` is a missing value. Values are kept as text
here; :func:`pasientforlop.spc.qic` parses and checks them, and errors are reported with the
line number of the file.
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .errors import SpcInputError

ALLOWED_HEADERS = (("x", "y"), ("x", "y", "n"), ("x", "y", "notes"), ("x", "y", "n", "notes"))


@dataclass(frozen=True)
class CsvData:
    x: list[str]
    y: list[str]
    n: list[str] | None
    notes: list[str] | None
    lines: list[int]  # file line number of each data row

    def line_of(self, row: int | None) -> int | None:
        """File line of a 1-based data row (as reported by :class:`SpcInputError`)."""
        return self.lines[row - 1] if row is not None and 0 < row <= len(self.lines) else None


def read_csv_text(text: str) -> CsvData:
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise SpcInputError("filen er tom eller mangler overskriftslinjen x,y")
    delimiter = ";" if ";" in lines[0] and "," not in lines[0] else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = tuple(cell.strip().lower() for cell in next(reader))
    if header not in ALLOWED_HEADERS:
        raise SpcInputError(
            f"overskriften må være x,y eller x,y,n (fant '{delimiter.join(header)}')", 1
        ).at_line(1)
    columns: dict[str, list[str]] = {name: [] for name in header}
    line_numbers: list[int] = []
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise SpcInputError(
                f"forventet {len(header)} kolonner ({','.join(header)}), fant {len(cells)}"
            ).at_line(line)
        for name, cell in zip(header, cells, strict=True):
            columns[name].append(cell.strip())
        line_numbers.append(line)
    if not line_numbers:
        raise SpcInputError("filen har ingen datarader")
    return CsvData(
        x=columns["x"],
        y=columns["y"],
        n=columns.get("n"),
        notes=columns.get("notes"),
        lines=line_numbers,
    )


def read_csv(path: str | Path) -> CsvData:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SpcInputError(f"finner ikke filen '{path}'") from None
    except UnicodeDecodeError:
        raise SpcInputError(f"filen '{path}' er ikke UTF-8-tekst") from None
    except OSError as error:
        raise SpcInputError(f"kan ikke lese filen '{path}' ({error.strerror})") from None
    return read_csv_text(text)
