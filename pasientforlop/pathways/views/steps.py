"""Recording one step of a pathway, with the municipality's checklist for it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction
from pasientforlop.pathways import deadlines
from pasientforlop.pathways.choices import StepChoice
from pasientforlop.pathways.conflicts import step_conflict_rows
from pasientforlop.pathways.forms import StepForm, municipality_staff
from pasientforlop.pathways.models import Pathway, StepRecord
from pasientforlop.pathways.procedures import current_template
from pasientforlop.pathways.recording import StepConflict, StepEntry, StepRefused, record_step
from pasientforlop.pathways.views.common import get_step_for_user


def step_parts(pathway, step):
    """What a step's form is made of: its current record (or None), the checklist template
    (the one it was recorded with, else the municipality's current one) and, for the primary
    contact step, the staff to choose from. ``pathway`` has its records prefetched."""
    current = next((r for r in pathway.records.all() if r.step == step), None)
    template = (
        current.template
        if current and current.template_id
        else current_template(pathway.municipality, step)
    )
    staff = (
        municipality_staff(pathway.municipality) if step == deadlines.Step.PRIMARY_CONTACT else None
    )
    return current, template, staff


def _initial(current: StepRecord | None) -> dict:
    if current is None:
        return {"version": 0}
    return {
        "done_on": current.done_on,
        "done_at": current.done_at,
        "not_applicable": current.not_applicable,
        "reason": current.reason,
        "checklist": [item for item, ticked in current.checklist.items() if ticked],
        "note": current.note,
        "exchange_method": current.exchange_method,
        "exchange_with": current.exchange_with,
        "version": current.version,
    }


def step_record(request, pk, step):
    pathway, _view = get_step_for_user(request.user, pk, step)
    pathway = (
        Pathway.objects.prefetch_related("records", "stays")
        .select_related("patient", "municipality")
        .get(pk=pathway.pk)
    )
    current, template, staff = step_parts(pathway, step)
    form = StepForm(
        request.POST or None,
        step=step,
        items=template.items,
        staff=staff,
        initial=_initial(current) | {"person": pathway.primary_contact_id},
    )
    conflict = conflict_rows = None
    if request.method == "GET":
        record(
            request,
            AuditAction.VIEW,
            pathway,
            organisation=pathway.municipality,
            reason=f"step {step}",
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ticked = set(data.get("checklist") or [])
        entry = StepEntry(
            done_on=data.get("done_on"),
            done_at=data.get("done_at"),
            not_applicable=data["not_applicable"],
            reason=data["reason"].strip(),
            checklist={item: item in ticked for item in template.items},
            note=data["note"],
            exchange_method=data.get("exchange_method") or "",
            exchange_with=(data.get("exchange_with") or "").strip(),
        )
        try:
            record_step(request, pathway, step, entry, data["version"], template, request.user)
        except StepRefused as refused:
            for message in refused.messages:
                form.add_error(None, message)
        except StepConflict as clash:
            conflict = clash.current
            conflict_rows = step_conflict_rows(conflict, entry)
            form = StepForm(request.POST, step=step, items=template.items, staff=staff)
            form.data = form.data.copy()
            form.data["version"] = conflict.version if conflict else 0
            messages.error(
                request,
                _(
                    "Someone else saved this step while you were working. "
                    "Their entry is shown below; check it before you save yours."
                ),
            )
        else:
            if step == deadlines.Step.PRIMARY_CONTACT and data.get("person"):
                Pathway.objects.filter(pk=pathway.pk).update(primary_contact=data["person"])
            messages.success(
                request, _("“%(step)s” is recorded.") % {"step": StepChoice(step).label}
            )
            return redirect("pathways:timeline", pathway.pk)
    return render(
        request,
        "pathways/step_form.html",
        {
            "pathway": pathway,
            "patient": pathway.patient,
            "step": step,
            "step_label": StepChoice(step).label,
            "template": template,
            "form": form,
            "current": current,
            "conflict": conflict,
            "conflict_rows": conflict_rows,
        },
    )
