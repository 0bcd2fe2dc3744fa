"""Lists as files for people: Norwegian headers, dates as 24.11.2026, semicolons in CSV (so
Excel with Norwegian settings opens it with the decimal comma intact), real dates in Excel."""

from django.utils.translation import gettext as _

from pasientforlop.audit.log import record, record_patients_shown
from pasientforlop.audit.models import AuditAction
from pasientforlop.lib import tables
from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways.choices import BUCKET_LABELS
from pasientforlop.pathways.views.worklist import SORT_KEYS, rows_for, selected_pathways

CONTENT_TYPES = {"csv": tables.CSV_CONTENT_TYPE, "xlsx": tables.XLSX_CONTENT_TYPE}


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
    return table_file(_("Worklist"), worklist_header(), values, fmt, date_columns={3}), name


def to_csv(header: list[str], rows: list[list]) -> str:
    return tables.csv_text(header, rows)


def to_xlsx(title: str, header: list[str], rows: list[list], date_columns=()) -> bytes:
    return tables.xlsx_bytes(title, header, rows)


def table_file(title: str, header: list[str], values: list[list], fmt: str, date_columns=()):
    """A table as CSV or Excel through the one shared writer (``lib/tables.py``): dates and
    numbers by their type, text that looks like a formula neutralised."""
    if fmt == "xlsx":
        return to_xlsx(title, header, values)
    return to_csv(header, values)


def _number(value) -> str | float | None:
    return None if value is None else float(value)


def measure_file(request, pk, fmt: str) -> tuple[bytes | str, str]:
    """A measure's data points as its chart shows them (aggregates only)."""
    from pasientforlop.improvement.access import get_measure
    from pasientforlop.improvement.measures import series

    measure, _access = get_measure(request.user, pk)
    points = series(measure, today_oslo())
    header = [_("Period"), _("Numerator"), _("Denominator"), _("Value"), _("Charted value")]
    values = [
        [p.period, _number(p.numerator), _number(p.denominator), _number(p.value), p.plotted]
        for p in points
    ]
    record(request, AuditAction.EXPORT, measure, after={"format": fmt, "rows": len(values)})
    return table_file(measure.name, header, values, fmt, date_columns={0}), f"maling-{pk}.{fmt}"


def network_file(request, pk, fmt: str) -> tuple[bytes | str, str]:
    """A network's overview: each team, its size (staff: not suppressed) and package status."""
    from pasientforlop.networks.access import get_network
    from pasientforlop.networks.models import PackageStatus
    from pasientforlop.networks.services import status_table

    network = get_network(request.user, pk).network  # the overview: coordinators, supervisors
    gatherings, rows = status_table(network)
    labels = dict(PackageStatus.choices)
    header = [_("Team"), _("Organisation"), _("People")] + [
        _("Package before gathering %(number)s") % {"number": g.number} for g in gatherings
    ]
    values = [
        [p.team.name, p.organisation.name, p.team.members.count()]
        + [str(labels.get(state, state)) for state in states]
        for p, states in rows
    ]
    record(request, AuditAction.EXPORT, network, after={"format": fmt, "rows": len(values)})
    return table_file(network.name, header, values, fmt), f"nettverk-{pk}.{fmt}"
