"""What every toolkit page does: fetch the user of services through ``lib.access``, log the
read, and explain an edit conflict."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction
from pasientforlop.lib import access
from pasientforlop.lib.dates import format_datetime


def get_patient(request, patient_pk, *, gp_read: bool = False):
    """The user of services, for staff with a care relation (``lib.access``): 404 outside
    the person's municipalities, the access-on-need page without a relation. The user's GP
    only reads the pages marked ``gp_read`` (the plan and the what-matters summary)."""
    return access.get_patient_for_user(
        request.user, patient_pk, gp_read=gp_read, method=request.method
    )


def audit(request, action, obj, patient, **extra):
    return record(request, action, obj, organisation=patient.municipality, **extra)


def audit_view(request, obj, patient):
    """Every read of a user's data is logged; ``obj`` is the record shown or the patient."""
    return audit(request, AuditAction.VIEW, obj if obj is not None else patient, patient)


def conflict_context(current, lines: list[str]) -> dict:
    """The other person's entry, for the page to show when they saved first."""
    who = current.updated_by.display_name() if current.updated_by else _("someone else")
    return {
        "conflict": {
            "message": _(
                "%(who)s saved this at %(when)s while you were editing. "
                "Your changes were not saved. Their entry is shown below; "
                "make your changes again if they are still needed."
            )
            % {"who": who, "when": format_datetime(current.updated_at)},
            "lines": lines,
        }
    }


def page(request, template, patient, tool, context):
    read_only = access.patient_relation(request.user, patient) == access.RELATION_GP
    return render(
        request, template, {"patient": patient, "tool": tool, "read_only": read_only, **context}
    )
