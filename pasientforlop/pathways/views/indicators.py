"""Pathway indicators per month and unit for one municipality, with CSV/XLSX/JSON downloads.

Unit leaders and clinicians see the municipalities where they hold that role (there or in
one of its units); any other municipality is a 404, other roles get 403. Every page view
and download is audited.
"""

from datetime import date
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pasientforlop.accounts.choices import OrganisationKind, Role
from pasientforlop.accounts.models import Organisation
from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction
from pasientforlop.lib.access import role_required
from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways import indicator_data
from pasientforlop.pathways.views.imports import municipalities_with_role

VIEW_ROLES = {Role.UNIT_LEADER, Role.CLINICIAN}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class MonthInput(forms.TextInput):
    input_type = "month"


class MonthField(forms.CharField):
    widget = MonthInput

    def clean(self, value) -> date:
        text = super().clean(value)
        try:
            year, month = (int(part) for part in text.split("-"))
            return date(year, month, 1)
        except ValueError:
            raise ValidationError(_("Write the month as YYYY-MM.")) from None


class IndicatorForm(forms.Form):
    municipality = forms.ModelChoiceField(
        Organisation.objects.none(), label=gettext_lazy("Municipality"), empty_label=None
    )
    unit = forms.ModelChoiceField(
        Organisation.objects.none(),
        label=gettext_lazy("Unit"),
        required=False,
        empty_label=gettext_lazy("All units"),
    )
    first = MonthField(label=gettext_lazy("From month"))
    last = MonthField(label=gettext_lazy("To month"))
    report_date = forms.DateField(
        label=gettext_lazy("Report date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["unit"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.UNIT, parent__in=municipalities
        ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        first, last, unit = cleaned.get("first"), cleaned.get("last"), cleaned.get("unit")
        if first and last and last < first:
            self.add_error("last", _("The last month is before the first month."))
        if unit and unit.parent_id != getattr(cleaned.get("municipality"), "pk", None):
            self.add_error("unit", _("Choose a unit in the chosen municipality."))
        return cleaned


def _defaults(municipalities) -> dict:
    today = today_oslo()
    start = date(today.year - (today.month < 12), (today.month % 12) + 1, 1)
    return {
        "municipality": municipalities[0].pk if municipalities else "",
        "first": f"{start:%Y-%m}",
        "last": f"{today:%Y-%m}",
        "report_date": f"{today:%Y-%m-%d}",
    }


def _indicators(request):
    """(form, rows or None). A municipality outside the user's is a 404."""
    allowed = municipalities_with_role(request.user, VIEW_ROLES)
    queryset = Organisation.objects.filter(pk__in=[m.pk for m in allowed]).order_by("name")
    data = request.GET if "municipality" in request.GET else _defaults(allowed)
    form = IndicatorForm(data, municipalities=queryset)
    if not form.is_valid():
        if "municipality" in form.errors:
            raise Http404
        return form, None
    c = form.cleaned_data
    rows = indicator_data.compute(
        c["municipality"], c["unit"], c["first"], c["last"], c["report_date"]
    )
    return form, rows


def _audit(request, action, form, **extra) -> None:
    c = form.cleaned_data
    record(
        request,
        action,
        object_type="pathways.indicators",
        organisation=c["municipality"],
        after={
            "unit": c["unit"].pk if c["unit"] else None,
            "months": [f"{c['first']:%Y-%m}", f"{c['last']:%Y-%m}"],
            "report_date": c["report_date"].isoformat(),
            **extra,
        },
    )


@role_required(*VIEW_ROLES)
def indicator_page(request):
    form, rows = _indicators(request)
    if rows is not None:
        _audit(request, AuditAction.VIEW, form)
    return render(
        request,
        "pathways/indicators.html",
        {
            "form": form,
            "rows": list(indicator_data.human_rows(rows or [])),
            "computed": rows is not None,
            "query": urlencode({name: form.data.get(name) or "" for name in form.fields}),
        },
    )


@role_required(*VIEW_ROLES)
def indicator_download(request, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404
    form, rows = _indicators(request)
    if rows is None:
        raise Http404
    _audit(request, AuditAction.EXPORT, form, format=fmt)
    c = form.cleaned_data
    name = f"indikatorer-{c['municipality'].number}-{c['first']:%Y-%m}-{c['last']:%Y-%m}"
    if fmt == "xlsx":
        title = f"{c['municipality'].name} {c['first']:%Y-%m}–{c['last']:%Y-%m}"
        content = indicator_data.to_xlsx(rows, title)
    elif fmt == "csv":
        content = indicator_data.to_human_csv(rows)
    else:
        content = indicator_data.to_json(rows)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
