"""A pathway: start one, the timeline of its chain, its details, stays, and closing it."""

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction
from pasientforlop.lib import access
from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways import deadlines, starting
from pasientforlop.pathways.forms import CloseForm, PathwayDetailsForm, PathwayForm, StayForm
from pasientforlop.pathways.models import IntermediateStay, Pathway
from pasientforlop.pathways.rule_messages import pathway_messages
from pasientforlop.pathways.views.common import CLOSING_ROLES, chain_boxes, require_clinical_role
from pasientforlop.whatmatters.summary import panel_context


def _municipal_pathway(request, pk, roles=access.CLINICAL_ROLES) -> Pathway:
    """A pathway the user sees as municipal staff with one of ``roles``; hospital staff 403."""
    pathway, view = access.get_pathway_for_user(request.user, pk)
    if view != "municipal":
        raise PermissionDenied
    require_clinical_role(request.user, pathway.municipality, roles)
    access.require_full_relation(request.user, pathway.patient)
    return pathway


def _refused_by_rules(form, facts) -> bool:
    """Show every pathway rule the changed facts break (the rules the imports apply)."""
    problems = pathway_messages(facts)
    for message in problems:
        form.add_error(None, message)
    return bool(problems)


def _form_page(request, form, title, button, **context):
    return render(
        request,
        "pathways/pathway_form.html",
        {"form": form, "title": title, "button": button, **context},
    )


def pathway_new(request, patient_pk):
    patient = access.get_patient_for_user(request.user, patient_pk)
    require_clinical_role(request.user, patient.municipality)
    form = PathwayForm(
        request.POST or None,
        municipality=patient.municipality,
        initial={"start_date": today_oslo()},
    )
    already_open = starting.open_pathways(patient)
    starting.ask_for_confirmation(form, already_open)
    if request.method == "GET":
        record(
            request,
            AuditAction.VIEW,
            patient,
            organisation=patient.municipality,
            reason="new pathway",
        )
    if request.method == "POST" and form.is_valid():
        pathway = starting.start_pathway(request, form, patient)
        messages.success(request, _("The pathway is started."))
        starting.record_primary_contact(request, pathway)
        return redirect("pathways:timeline", pathway.pk)
    return _form_page(
        request,
        form,
        _("Start a pathway"),
        _("Start"),
        patient=patient,
        open_pathways=already_open,
    )


def timeline(request, pk):
    pathway, view = access.get_pathway_for_user(request.user, pk)
    pathway = (
        Pathway.objects.select_related(
            "patient", "municipality", "unit", "hospital", "primary_contact"
        )
        .prefetch_related("records", "stays")
        .get(pk=pathway.pk)
    )
    today = today_oslo()
    record(
        request,
        AuditAction.VIEW,
        pathway,
        organisation=pathway.municipality,
        reason="hospital" if view == "hospital" else "",
    )
    context = {
        "pathway": pathway,
        "patient": pathway.patient,
        "view": view,
        "boxes": chain_boxes(pathway, today, view),
        "today": today,
    }
    if view == "municipal":
        context["stays"] = pathway.stays.all()
        context.update(panel_context(pathway.patient, pathway))
        # The hospital's e-messages about the pathway (not among the GP's parts).
        context["hospital_messages"] = pathway.hospital_id is not None and (
            access.patient_relation(request.user, pathway.patient) != access.RELATION_GP
        )
    return render(request, "pathways/timeline.html", context)


def pathway_details(request, pk):
    pathway = _municipal_pathway(request, pk)
    form = PathwayDetailsForm(request.POST or None, instance=pathway)
    if request.method == "GET":
        record(request, AuditAction.VIEW, pathway, organisation=pathway.municipality)
    if (
        request.method == "POST"
        and form.is_valid()
        and not _refused_by_rules(form, form.instance.facts())
    ):
        before = {
            "readmission_on": str(pathway.readmission_on or ""),
            "deterioration_plan": Pathway.objects.get(pk=pk).deterioration_plan,
        }
        form.save()
        record(
            request,
            AuditAction.UPDATE,
            pathway,
            organisation=pathway.municipality,
            before=before,
            after={
                "readmission_on": str(pathway.readmission_on or ""),
                "deterioration_plan": pathway.deterioration_plan,
            },
        )
        messages.success(request, _("The pathway is updated."))
        return redirect("pathways:timeline", pathway.pk)
    return _form_page(
        request, form, _("Deterioration plan and readmission"), _("Save"), pathway=pathway
    )


def stay_new(request, pk):
    pathway = _municipal_pathway(request, pk)
    form = StayForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _stay_refused(form, pathway):
        with transaction.atomic():
            stay = IntermediateStay.objects.create(pathway=pathway, **form.cleaned_data)
            record(
                request,
                AuditAction.CREATE,
                stay,
                organisation=pathway.municipality,
                after={k: str(v) for k, v in form.cleaned_data.items()},
            )
        messages.success(request, _("The stay is recorded."))
        return redirect("pathways:timeline", pathway.pk)
    return _form_page(request, form, _("Record a stay"), _("Save"), pathway=pathway)


def _stay_refused(form, pathway: Pathway) -> bool:
    facts = pathway.facts()
    data = form.cleaned_data
    stay = deadlines.IntermediateStay(start=data["start"], end=data["end"], unit=data["unit_name"])
    return _refused_by_rules(
        form, replace(facts, intermediate_stays=(*facts.intermediate_stays, stay))
    )


def pathway_close(request, pk):
    pathway = _municipal_pathway(request, pk, roles=CLOSING_ROLES)
    form = CloseForm(request.POST or None, initial={"closed_on": today_oslo()})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["closed_on"] < pathway.start_date:
            form.add_error("closed_on", _("A pathway cannot close before it started."))
        else:
            changed = Pathway.objects.filter(pk=pathway.pk, closed_on__isnull=True).update(
                closed_on=form.cleaned_data["closed_on"], closed_reason=form.cleaned_data["reason"]
            )
            if changed:
                record(
                    request,
                    AuditAction.UPDATE,
                    pathway,
                    organisation=pathway.municipality,
                    after={
                        "closed_on": str(form.cleaned_data["closed_on"]),
                        "closed_reason": form.cleaned_data["reason"],
                    },
                )
                messages.success(request, _("The pathway is closed."))
            else:
                messages.info(request, _("The pathway was already closed."))
            return redirect("pathways:timeline", pathway.pk)
    return _form_page(request, form, _("Close the pathway"), _("Close"), pathway=pathway)
