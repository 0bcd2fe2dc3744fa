"""Lists as files for people: Norwegian headers, dates as 24.11.2026, semicolons in CSV (so
Excel with Norwegian settings opens it with the decimal comma intact), real dates in Excel."""

import csv
import io

from django.utils.translation import gettext as _

from pasientforlop.audit.log import record, record_patients_shown
from pasientforlop.audit.models import AuditAction
from pasientforlop.lib.dates import format_date, today_oslo
from pasientforlop.pathways.choices import BUCKET_LABELS
from pasientforlop.pathways.views.worklist import SORT_KEYS, rows_for, selected_pathways

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def worklist_header() -> list[str]:
    return [_("Group"), _("User"), _("Step"), _("Due date"), _("Status"), _("Days overdue")]


def worklist_rows(request):
    """(rows, unit or None, today): the worklist as the page selects it (``enhet``,
    ``mine=1``), one row per step, in the page's order."""
    _units, unit, mine, pathways = selected_pathways(request)
    today = today_oslo()
    rows = []
    for bucket, items in rows_for(pathways, today).items():
        for row in sorted(items, key=SORT_KEYS["due"]):
            rows.append((str(BUCKET_LABELS[bucket]), row))
    return rows, None if mine else unit, today


def worklist_file(request, fmt: str) -> tuple[bytes | str, str]:
    rows, unit, today = worklist_rows(request)
    record_patients_shown(
        request, [row["patient"].pk for _g, row in rows], object_type="interop.worklist_file"
    )
    record(
        request,
        AuditAction.EXPORT,
        object_type="pathways.worklist",
        organisation=unit,
        after={"format": fmt, "rows": len(rows)},
    )
    values = [
        [
            group,
            row["patient"].display_name(),
            str(row["step_label"]),
            row["due"],
            str(row["status_label"]),
            row["days_late"],
        ]
        for group, row in rows
    ]
    name = f"arbeidsliste-{today:%Y-%m-%d}.{fmt}"
    if fmt == "xlsx":
        return to_xlsx(_("Worklist"), worklist_header(), values, date_columns={3}), name
    for value in values:
        value[3] = format_date(value[3])
    return to_csv(worklist_header(), values), name


def to_csv(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()


def to_xlsx(title: str, header: list[str], rows: list[list], date_columns=()) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    for column in date_columns:
        for cell in list(sheet.iter_cols(min_col=column + 1, max_col=column + 1, min_row=2))[0:1]:
            for item in cell:
                item.number_format = "DD.MM.YYYY"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
