"""Measures: definition, the chart page with data entry, annotations and baseline, downloads."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pasientforlop.audit.models import AuditAction
from pasientforlop.improvement import access as team_access
from pasientforlop.improvement import charts, periods
from pasientforlop.improvement.forms import (
    AnnotationForm,
    ChartTypeForm,
    FreezeForm,
    MeasureForm,
    ValueForm,
)
from pasientforlop.improvement.measures import indicator_label, series
from pasientforlop.improvement.models import Measure, MeasureValue
from pasientforlop.improvement.services import VALUE_FIELDS, audit, fields_of, save_value
from pasientforlop.improvement.views.common import page
from pasientforlop.lib.dates import today_oslo
from pasientforlop.spc import to_png

MEASURE_FIELDS = [name for name in MeasureForm.Meta.fields if name != "organisations"]


def _after(measure) -> dict:
    return {
        **fields_of(measure, MEASURE_FIELDS),
        "organisations": sorted(measure.organisations.values_list("pk", flat=True)),
    }


def measure_edit(request, pk=None, measure_pk=None):
    """A new measure in project ``pk``, or the definition of measure ``measure_pk``."""
    if measure_pk is not None:
        measure, access = team_access.get_measure(request.user, measure_pk, edit=True)
        project, before = measure.project, _after(measure)
    else:
        project, access = team_access.get_project(request.user, pk, edit=True)
        measure, before = None, None
    initial = {
        "first_period": periods.start_of(today_oslo(), periods.MONTH).replace(
            year=today_oslo().year - 1
        )
    }
    form = MeasureForm(request.POST or None, instance=measure, team=access.team, initial=initial)
    form.instance.project = project
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        action = AuditAction.UPDATE if before else AuditAction.CREATE
        audit(request, action, saved, access.team, before=before, after=_after(saved))
        messages.success(request, _("The measure has been saved."))
        return redirect("improvement:measure", saved.pk)
    return page(
        request,
        "improvement/measure_form.html",
        access,
        {"form": form, "project": project, "measure": measure},
    )


def _history(measure: Measure) -> dict:
    """Earlier versions per period, newest first."""
    found: dict = {}
    for row in MeasureValue.objects.filter(measure=measure, is_current=False).order_by(
        "period", "-version"
    ):
        found.setdefault(row.period, []).append(row)
    return found


def measure_context(measure: Measure, today, **forms) -> dict:
    annotations = list(measure.annotations.select_related("pdsa"))
    points = series(measure, today)
    chart = charts.build(measure, points, annotations)
    history = _history(measure) if not measure.is_automatic else {}
    current = (
        {v.period: v for v in MeasureValue.objects.filter(measure=measure, is_current=True)}
        if not measure.is_automatic
        else {}
    )
    rows = [
        {
            "label": periods.label(p.period, measure.period),
            "point": p,
            "shown": charts_value(measure, p),
            "current": current.get(p.period),
            "history": history.get(p.period, []),
        }
        for p in points
    ]
    return {
        "measure": measure,
        "project": measure.project,
        "chart": chart,
        "svg": chart.inline(f"maling-{measure.pk}"),
        "rows": rows,
        "annotations": annotations,
        "indicator": indicator_label(measure),
        "organisations": measure.organisations.all(),
        **forms,
    }


def charts_value(measure, point) -> str:
    value = point.plotted
    if value is None:
        return "–"
    if measure.value_type == "proportion":
        value *= 100
    return f"{value:.1f}".replace(".", ",")


def page_forms(measure, today, **bound) -> dict:
    """The measure page's forms (unbound unless given), each with its own ids."""
    forms = {
        "value_form": ValueForm(measure=measure, today=today, auto_id="verdi_%s"),
        "annotation_form": AnnotationForm(measure=measure, auto_id="merknad_%s"),
        "freeze_form": FreezeForm(
            measure=measure,
            initial={"freeze_at": _period_text(measure, measure.freeze_at)},
            auto_id="frys_%s",
        ),
        "chart_form": ChartTypeForm(
            measure=measure,
            initial={"chart_type": charts.chart_type(measure)},
            auto_id="diagram_%s",
        ),
    }
    for name, form in bound.items():
        form.auto_id = forms[name].auto_id
        forms[name] = form
    return forms


def measure_page(request, pk):
    measure, access = team_access.get_measure(request.user, pk)
    today = today_oslo()
    context = measure_context(measure, today, **page_forms(measure, today))
    return page(request, "improvement/measure.html", access, context)


def _period_text(measure, day) -> str:
    if day is None:
        return ""
    if measure.period == periods.WEEK:
        year, week, _day = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day:%Y-%m}"


def _invalid(request, measure, access, **bound):
    """The measure page again with the bound form's errors."""
    today = today_oslo()
    context = measure_context(measure, today, **page_forms(measure, today, **bound))
    return page(request, "improvement/measure.html", access, context)


@require_POST
def value_save(request, pk):
    measure, access = team_access.get_measure(request.user, pk, edit=True)
    if measure.is_automatic:
        raise Http404
    form = ValueForm(request.POST, measure=measure, today=today_oslo())
    if not form.is_valid():
        return _invalid(request, measure, access, value_form=form)
    c = form.cleaned_data
    new, old = save_value(
        measure,
        c["period"],
        request.user,
        numerator=c.get("numerator"),
        denominator=c.get("denominator"),
        value=c.get("value"),
        note=c["note"],
    )
    audit(
        request,
        AuditAction.UPDATE if old else AuditAction.CREATE,
        new,
        access.team,
        before=fields_of(old, (*VALUE_FIELDS, "version")) if old else None,
        after={**fields_of(new, (*VALUE_FIELDS, "version")), "period": c["period"].isoformat()},
    )
    if old:
        messages.success(request, _("The value has been corrected; the earlier one is kept."))
    else:
        messages.success(request, _("The value has been saved."))
    return redirect("improvement:measure", measure.pk)


@require_POST
def annotation_add(request, pk):
    measure, access = team_access.get_measure(request.user, pk, edit=True)
    form = AnnotationForm(request.POST, measure=measure)
    if not form.is_valid():
        return _invalid(request, measure, access, annotation_form=form)
    form.instance.measure = measure
    note = form.save()
    audit(
        request,
        AuditAction.CREATE,
        note,
        access.team,
        after=fields_of(note, ("period", "text", "pdsa", "starts_phase")),
    )
    messages.success(request, _("The annotation has been added."))
    return redirect("improvement:measure", measure.pk)


@require_POST
def annotation_delete(request, pk, annotation_pk):
    measure, access = team_access.get_measure(request.user, pk, edit=True)
    note = measure.annotations.filter(pk=annotation_pk).first()
    if note is None:
        raise Http404
    audit(
        request,
        AuditAction.DELETE,
        note,
        access.team,
        before=fields_of(note, ("period", "text", "pdsa", "starts_phase")),
    )
    note.delete()
    messages.success(request, _("The annotation has been removed."))
    return redirect("improvement:measure", measure.pk)


@require_POST
def chart_settings(request, pk):
    """The baseline freeze or the chart type, whichever form was sent."""
    measure, access = team_access.get_measure(request.user, pk, edit=True)
    before = fields_of(measure, ("freeze_at", "chart_type"))
    if "chart_type" in request.POST:
        form = ChartTypeForm(request.POST, measure=measure)
        if not form.is_valid():
            return _invalid(request, measure, access, chart_form=form)
        measure.chart_type = form.cleaned_data["chart_type"]
    else:
        form = FreezeForm(request.POST, measure=measure)
        if not form.is_valid():
            return _invalid(request, measure, access, freeze_form=form)
        measure.freeze_at = form.cleaned_data["freeze_at"]
    measure.save(update_fields=["freeze_at", "chart_type"])
    audit(
        request,
        AuditAction.UPDATE,
        measure,
        access.team,
        before=before,
        after=fields_of(measure, ("freeze_at", "chart_type")),
    )
    messages.success(request, _("The chart has been updated."))
    return redirect("improvement:measure", measure.pk)


def chart_download(request, pk, fmt):
    if fmt not in ("svg", "png"):
        raise Http404
    measure, access = team_access.get_measure(request.user, pk)
    annotations = list(measure.annotations.select_related("pdsa"))
    chart = charts.build(measure, series(measure, today_oslo()), annotations)
    if not chart.svg:
        raise Http404
    audit(request, AuditAction.EXPORT, measure, access.team, after={"format": fmt})
    if fmt == "png":
        response = HttpResponse(to_png(chart.svg), content_type="image/png")
    else:
        response = HttpResponse(chart.svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="maling-{measure.pk}.{fmt}"'
    return response
