"""The conversation wheel: the life areas that matter, where help is wanted, in priority."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from pasientforlop.audit.models import AuditAction
from pasientforlop.whatmatters.forms import WheelForm
from pasientforlop.whatmatters.models import Wheel
from pasientforlop.whatmatters.services import EditConflict, save_wheel
from pasientforlop.whatmatters.views.common import (
    audit,
    audit_view,
    conflict_context,
    get_patient,
    page,
)
from pasientforlop.whatmatters.wheel import WheelArea, ordered, render_wheel


def wheel_svg(areas: list[dict], numbered: bool = False) -> str:
    return render_wheel(
        [WheelArea(**a) for a in areas],
        title=_("Conversation wheel"),
        empty_label=_("No life areas chosen yet."),
        help_label=_("wants help"),
        priority_label=_("priority"),
        numbered=numbered,
    )


def describe(areas: list[dict]) -> list[str]:
    return [
        a.name
        + (f" – {_('priority')} {a.priority}" if a.priority else "")
        + (f" – {_('wants help')}" if a.wants_help else "")
        for a in ordered([WheelArea(**a) for a in areas])
    ]


def wheel(request, patient_pk):
    patient = get_patient(request, patient_pk, gp_read=True)
    current = Wheel.objects.filter(patient=patient).select_related("updated_by").first()
    areas = current.areas if current else []
    seen = current.version if current else 0
    extra = {}
    if request.method == "POST":
        form = WheelForm(request.POST, areas=areas)
        if form.is_valid():
            seen = form.cleaned_data["version"] or 0
            try:
                saved = save_wheel(patient, current, form.cleaned_data["areas"], seen, request.user)
            except EditConflict as conflict:
                # Theirs shown above, yours kept in the form with their version.
                mine = form.cleaned_data["areas"]
                extra = conflict_context(conflict.current, describe(conflict.current.areas))
                areas, seen = conflict.current.areas, conflict.current.version
                form = WheelForm(areas=mine, initial={"version": seen})
            else:
                audit(request, AuditAction.UPDATE, saved, patient, after={"areas": saved.areas})
                messages.success(request, _("The conversation wheel has been saved."))
                return redirect("whatmatters:wheel", patient.pk)
    else:
        form = WheelForm(areas=areas, initial={"version": seen})
    audit_view(request, current, patient)
    return page(
        request,
        "whatmatters/wheel.html",
        patient,
        "wheel",
        {"form": form, "svg": wheel_svg(areas), "areas": describe(areas), **extra},
    )
