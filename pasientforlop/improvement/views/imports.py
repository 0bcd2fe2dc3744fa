"""Importing a measure's data from CSV or Excel: upload, preview, confirm; all or nothing.

The preview carries the checked rows in a signed token (bound to the user and the measure,
valid one hour), so the confirmation stores exactly what was shown.
"""

from django.contrib import messages
from django.core import signing
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from pasientforlop.audit.models import AuditAction
from pasientforlop.improvement import access as team_access
from pasientforlop.improvement import periods
from pasientforlop.improvement.forms import ImportForm
from pasientforlop.improvement.imports import ImportRow, UnreadableFile, parse, read_table
from pasientforlop.improvement.models import MeasureValue
from pasientforlop.improvement.services import audit, save_value
from pasientforlop.improvement.views.common import page
from pasientforlop.lib import uploads
from pasientforlop.lib.dates import today_oslo

SALT = "improvement.import"
MAX_AGE = 3600


def _preview_rows(measure, rows):
    current = {v.period: v for v in MeasureValue.objects.filter(measure=measure, is_current=True)}
    preview = []
    for row in rows:
        old = current.get(row.period)
        same = old is not None and (old.numerator, old.denominator, old.value) == (
            row.numerator,
            row.denominator,
            row.value,
        )
        preview.append(
            {
                "row": row,
                "label": periods.label(row.period, measure.period),
                "old": old,
                "status": "same" if same else ("correction" if old else "new"),
            }
        )
    return preview


def import_page(request, pk):
    measure, access = team_access.get_measure(request.user, pk, edit=True)
    if measure.is_automatic:
        raise Http404
    context = {"measure": measure, "project": measure.project}
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, measure, access)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and uploads.refuse_too_large(request, form, "file"):
        pass
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            uploads.check_unpacked_size(upload)
            table = read_table(upload.name, upload.read())
        except uploads.UnpackedTooLarge as error:
            rows, errors = [], [str(error)]
        except UnreadableFile as error:
            rows, errors = [], [str(error)]
        else:
            rows, errors = parse(measure, table, today_oslo())
        context.update(errors=errors, filename=upload.name)
        if not errors:
            context["preview"] = _preview_rows(measure, rows)
            context["token"] = signing.dumps(
                {"u": request.user.pk, "m": measure.pk, "rows": [r.to_json() for r in rows]},
                salt=SALT,
            )
    return page(request, "improvement/import.html", access, {"form": form, **context})


def _confirm(request, measure, access):
    try:
        data = signing.loads(request.POST["token"], salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        messages.error(request, _("The preview has expired. Upload the file again."))
        return redirect("improvement:import", measure.pk)
    if data.get("u") != request.user.pk or data.get("m") != measure.pk:
        raise Http404
    rows = [ImportRow.from_json(item) for item in data["rows"]]
    today = today_oslo()
    if any(periods.is_future(r.period, measure.period, today) for r in rows):
        messages.error(request, _("The preview has expired. Upload the file again."))
        return redirect("improvement:import", measure.pk)
    counts = {"new": 0, "correction": 0, "same": 0}
    with transaction.atomic():
        for item in _preview_rows(measure, rows):
            counts[item["status"]] += 1
            if item["status"] == "same":
                continue
            row = item["row"]
            save_value(
                measure,
                row.period,
                request.user,
                numerator=row.numerator,
                denominator=row.denominator,
                value=row.value,
                note=_("Imported"),
                imported=True,
            )
    audit(request, AuditAction.IMPORT, measure, access.team, after=counts)
    messages.success(
        request,
        _("Imported: %(new)s new, %(correction)s corrected, %(same)s unchanged.") % counts,
    )
    return redirect("improvement:measure", measure.pk)
