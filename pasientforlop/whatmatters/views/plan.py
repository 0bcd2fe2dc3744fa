"""The plan of goals and actions, the user's comments, the print view and the PDF copy."""

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pasientforlop.audit.models import AuditAction
from pasientforlop.lib.dates import format_date, today_oslo
from pasientforlop.whatmatters.document import contacts_context
from pasientforlop.whatmatters.forms import ActionForm, CommentForm, PlanDetailsForm
from pasientforlop.whatmatters.models import Plan, PlanAction, Wheel
from pasientforlop.whatmatters.services import (
    EditConflict,
    add_comment,
    plan_for,
    save_action,
    save_plan_details,
)
from pasientforlop.whatmatters.summary import latest_form
from pasientforlop.whatmatters.views.common import (
    audit,
    audit_view,
    conflict_context,
    get_patient,
    page,
)
from pasientforlop.whatmatters.views.wheel import describe, wheel_svg


def existing_plan(patient) -> Plan | None:
    return (
        Plan.objects.filter(patient=patient)
        .select_related("updated_by")
        .prefetch_related("actions__activity", "comments")
        .first()
    )


def plan_page(request, patient_pk):
    patient = get_patient(request, patient_pk, gp_read=True)
    plan = existing_plan(patient)
    audit_view(request, plan, patient)
    return page(
        request,
        "whatmatters/plan.html",
        patient,
        "plan",
        {
            "plan": plan,
            "details": PlanDetailsForm(
                initial={
                    "version": plan.version if plan else 0,
                    "individual_plan": plan.individual_plan if plan else "",
                }
            ),
            "comment_form": CommentForm(),
        },
    )


@require_POST
def plan_details(request, patient_pk):
    patient = get_patient(request, patient_pk)
    form = PlanDetailsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The reference to the individual plan could not be saved."))
        return redirect("whatmatters:plan", patient.pk)
    plan = plan_for(patient, request.user)
    seen = form.cleaned_data["version"] or plan.version
    try:
        plan = save_plan_details(plan, form.cleaned_data["individual_plan"], seen, request.user)
    except EditConflict as conflict:
        # Theirs shown, yours kept in the form with their version: saving again is a choice.
        theirs = conflict.current
        resubmit = request.POST.copy()
        resubmit["version"] = str(theirs.version)
        lines = [f"{_('Individual plan')}: {theirs.individual_plan or '–'}"]
        return page(
            request,
            "whatmatters/plan.html",
            patient,
            "plan",
            {
                "plan": existing_plan(patient),
                "details": PlanDetailsForm(resubmit),
                "comment_form": CommentForm(),
                **conflict_context(theirs, lines),
            },
        )
    audit(
        request, AuditAction.UPDATE, plan, patient, after={"individual_plan": plan.individual_plan}
    )
    messages.success(request, _("The plan has been saved."))
    return redirect("whatmatters:plan", patient.pk)


def action_lines(action: PlanAction) -> list[str]:
    return [
        f"{_('Planned action')}: {action.description}",
        f"{_('Responsible')}: {action.responsible}",
        f"{_('By date')}: {format_date(action.due_on) or '–'}",
        f"{_('Status')}: {action.get_status_display()}",
    ]


def action_edit(request, patient_pk, action_pk=None):
    patient = get_patient(request, patient_pk)
    plan = Plan.objects.filter(patient=patient).first()
    action = None
    if action_pk is not None:
        if plan is None:
            raise Http404
        action = plan.actions.filter(pk=action_pk).select_related("updated_by").first()
        if action is None:
            raise Http404
    form_obj = latest_form(patient)
    options = {"activities": list(form_obj.activities.all()) if form_obj else []}
    extra = {}
    if request.method == "POST":
        form = ActionForm(request.POST, instance=action, **options)
        if form.is_valid():
            plan = plan or plan_for(patient, request.user)
            seen = form.cleaned_data["version"] or (action.version if action else 0)
            try:
                saved = save_action(plan, action, form.cleaned_data, seen, request.user)
            except EditConflict as conflict:
                extra = conflict_context(conflict.current, action_lines(conflict.current))
                resubmit = request.POST.copy()
                resubmit["version"] = str(conflict.current.version)
                form = ActionForm(resubmit, instance=action, **options)
            else:
                audit(
                    request,
                    AuditAction.UPDATE if action else AuditAction.CREATE,
                    saved,
                    patient,
                    after={"description": saved.description, "status": saved.status},
                )
                messages.success(request, _("The action has been saved."))
                return redirect("whatmatters:plan", patient.pk)
    else:
        form = ActionForm(
            instance=action, initial={"version": action.version if action else 0}, **options
        )
    audit_view(request, action or plan, patient)
    return page(
        request,
        "whatmatters/action_form.html",
        patient,
        "plan",
        {"form": form, "action": action, **extra},
    )


@require_POST
def comment_new(request, patient_pk):
    patient = get_patient(request, patient_pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the comment before saving it."))
        return redirect("whatmatters:plan", patient.pk)
    plan = plan_for(patient, request.user)
    comment = add_comment(
        plan, form.cleaned_data["text"], form.cleaned_data["source"], request.user
    )
    audit(request, AuditAction.CREATE, comment, patient, after={"text": comment.text})
    messages.success(request, _("The comment has been saved."))
    return redirect("whatmatters:plan", patient.pk)


def document_context(patient) -> dict:
    plan = existing_plan(patient)
    form = latest_form(patient)
    wheel = Wheel.objects.filter(patient=patient).first()
    return {
        "patient": patient,
        "plan": plan,
        "activities": list(form.activities.all()) if form else [],
        "wheel_svg": wheel_svg(wheel.areas, numbered=True) if wheel and wheel.areas else "",
        "wheel_areas": describe(wheel.areas) if wheel else [],
        "today": today_oslo(),
        **contacts_context(patient),
    }


def plan_print(request, patient_pk):
    patient = get_patient(request, patient_pk, gp_read=True)
    context = document_context(patient)
    audit_view(request, context["plan"], patient)
    return render(request, "whatmatters/plan_document.html", {**context, "print_view": True})


def plan_pdf(request, patient_pk):
    from weasyprint import CSS, HTML

    patient = get_patient(request, patient_pk, gp_read=True)
    context = document_context(patient)
    html = render_to_string("whatmatters/plan_document.html", context, request=request)
    stylesheet = CSS(filename=finders.find("whatmatters/plan_document.css"))
    pdf = HTML(string=html).write_pdf(stylesheets=[stylesheet])
    audit(request, AuditAction.EXPORT, context["plan"] or patient, patient, reason="PDF")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tiltaksplan-{patient.pk}.pdf"'
    return response
