"""The collaboration checklist and its programme fulfilment."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from pasientforlop.audit.models import AuditAction
from pasientforlop.whatmatters import scoring
from pasientforlop.whatmatters.forms import ChecklistForm
from pasientforlop.whatmatters.models import Checklist, ChecklistStatus, ChecklistTemplate
from pasientforlop.whatmatters.services import EditConflict, save_checklist
from pasientforlop.whatmatters.summary import checklist_rows, latest_form, summarise
from pasientforlop.whatmatters.views.common import (
    audit,
    audit_view,
    conflict_context,
    get_patient,
    page,
)


def answer_lines(rows) -> list[str]:
    labels = dict(ChecklistStatus.choices)
    return [f"{row.item.number}. {row.item.text}: {labels.get(row.status, '–')}" for row in rows]


def checklist(request, patient_pk):
    patient = get_patient(request, patient_pk)
    current = (
        Checklist.objects.filter(patient=patient).select_related("template", "updated_by").first()
    )
    template = current.template if current else ChecklistTemplate.current_for(patient.municipality)
    form_obj = latest_form(patient)
    summary = summarise(form_obj) if form_obj else None
    rows, result = checklist_rows(template, current, summary)
    extra = {}
    if request.method == "POST":
        form = ChecklistForm(request.POST, rows=rows)
        if form.is_valid():
            seen = form.cleaned_data["version"] or 0
            try:
                saved = save_checklist(
                    patient, current, form.cleaned_data["answers"], seen, request.user
                )
            except EditConflict as conflict:
                theirs, _result = checklist_rows(
                    conflict.current.template, conflict.current, summary
                )
                extra = conflict_context(conflict.current, answer_lines(theirs))
                resubmit = request.POST.copy()
                resubmit["version"] = str(conflict.current.version)
                form = ChecklistForm(resubmit, rows=rows)
            else:
                audit(request, AuditAction.UPDATE, saved, patient, after={"answers": saved.answers})
                messages.success(request, _("The checklist has been saved."))
                return redirect("whatmatters:checklist", patient.pk)
    else:
        form = ChecklistForm(rows=rows, initial={"version": current.version if current else 0})
    audit_view(request, current, patient)
    return page(
        request,
        "whatmatters/checklist.html",
        patient,
        "checklist",
        {
            "form": form,
            "template": template,
            "result": result,
            "percent": scoring.format_percent(result.percent),
            "statuses": dict(ChecklistStatus.choices),
            **extra,
        },
    )
