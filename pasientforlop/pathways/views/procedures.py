"""Each municipality's procedure and checklist per step, edited by unit leaders as versions."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pasientforlop.accounts.choices import Role
from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction
from pasientforlop.lib import access
from pasientforlop.pathways import deadlines
from pasientforlop.pathways.choices import StepChoice
from pasientforlop.pathways.forms import ProcedureForm
from pasientforlop.pathways.procedures import current_template, new_version
from pasientforlop.pathways.views.common import require_clinical_role

LEADERS = {Role.UNIT_LEADER}


def procedure_list(request, municipality_pk):
    municipality = access.get_clinical_municipality_for_user(request.user, municipality_pk)
    require_clinical_role(request.user, municipality)
    templates = [current_template(municipality, step) for step in deadlines.CHAIN]
    can_edit = bool(access.roles_in_municipality(request.user, municipality) & LEADERS)
    return render(
        request,
        "pathways/procedure_list.html",
        {"municipality": municipality, "templates": templates, "can_edit": can_edit},
    )


def procedure_edit(request, municipality_pk, step):
    municipality = access.get_clinical_municipality_for_user(request.user, municipality_pk)
    if step not in deadlines.CHAIN:
        raise Http404
    require_clinical_role(request.user, municipality, roles=LEADERS)
    template = current_template(municipality, step)
    form = ProcedureForm(
        request.POST or None,
        initial={"guidance": template.guidance, "items": "\n".join(template.items)},
    )
    if request.method == "POST" and form.is_valid():
        saved = new_version(
            municipality,
            step,
            form.cleaned_data["guidance"],
            form.cleaned_data["items"],
            request.user,
        )
        record(
            request,
            AuditAction.UPDATE,
            saved,
            organisation=municipality,
            before={"version": template.version, "items": template.items},
            after={"version": saved.version, "items": saved.items},
        )
        messages.success(
            request,
            _("Version %(version)s of the procedure is saved.") % {"version": saved.version},
        )
        return redirect("pathways:procedures", municipality.pk)
    return render(
        request,
        "pathways/procedure_form.html",
        {
            "municipality": municipality,
            "template": template,
            "form": form,
            "step_label": StepChoice(step).label,
        },
    )
