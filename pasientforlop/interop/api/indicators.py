"""Pathway indicators per month and unit, as the indicator page computes them."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Schema
from pydantic import Field

from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction
from pasientforlop.interop.api.auth import need
from pasientforlop.interop.api.common import Id, StrictDate, responses
from pasientforlop.interop.problems import Problem
from pasientforlop.lib import access
from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways import indicator_data
from pasientforlop.pathways.views.imports import municipalities_with_role
from pasientforlop.pathways.views.indicators import VIEW_ROLES

router = Router(tags=["indicators"])

MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


class IndicatorOut(Schema):
    month: str
    unit: str | None
    indicator: str
    label: str
    numerator: int | None
    denominator: int | None
    value: float | None
    count: int | None
    share: str = Field(description="the share in percent or the value, as the page shows it")


class IndicatorsOut(Schema):
    municipality: int
    unit: int | None
    first: str
    last: str
    report_date: date
    rows: list[IndicatorOut]


def _month(text: str) -> date:
    return date(int(text[:4]), int(text[5:7]), 1)


@router.get(
    "/indicators",
    response=responses({200: IndicatorsOut}),
    summary="Pathway indicators per anchor month and unit",
)
def get_indicators(
    request,
    municipality: Id,
    first: str = Query(..., pattern=MONTH),
    last: str = Query(..., pattern=MONTH),
    unit: Id | None = None,
    report_date: StrictDate | None = None,
):
    need(request, "pathways:read")
    if not access.has_any_role(request.user, VIEW_ROLES):
        raise PermissionDenied
    allowed = {m.pk: m for m in municipalities_with_role(request.user, VIEW_ROLES)}
    found = allowed.get(municipality)
    if found is None:
        raise Http404
    unit_org = None
    if unit is not None:
        unit_org = found.children.filter(pk=unit).first()
        if unit_org is None:
            raise Http404
    start, end = _month(first), _month(last)
    if end < start or start.year < 1900 or end.year > 2200:
        raise Problem(
            "invalid",
            "Siste måned er før første måned, eller utenfor 1900–2200.",
            "The last month is before the first month, or outside 1900–2200.",
        )
    report_date = report_date or today_oslo()
    rows = indicator_data.compute(found, unit_org, start, end, report_date)
    record(
        request,
        AuditAction.VIEW,
        object_type="pathways.indicators",
        organisation=found,
        reason="api",
        after={"unit": unit, "months": [first, last], "report_date": report_date.isoformat()},
    )
    return {
        "municipality": found.pk,
        "unit": unit,
        "first": first,
        "last": last,
        "report_date": report_date,
        "rows": [
            {
                "month": row.month,
                "unit": row.unit,
                "indicator": str(row.indicator),
                "label": str(indicator_data.INDICATOR_LABELS[row.indicator]),
                "numerator": row.numerator,
                "denominator": row.denominator,
                "value": row.value,
                "count": row.count,
                "share": indicator_data.share(row),
            }
            for row in rows
        ],
    }
