"""``{% patient_banner patient pathway %}`` and the ``birth_date`` filter."""

from django import template

from pasientforlop.lib import access
from pasientforlop.pathways import finding
from pasientforlop.pathways.banner import banner_context

register = template.Library()


@register.inclusion_tag("pathways/_patient_banner.html", takes_context=True)
def patient_banner(context, patient, pathway=None):
    """The banner, for people who work with the user's municipality; nothing for others
    (the hospital side sees a shared pathway without the municipal details)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or patient.municipality_id not in access.clinical_municipality_ids(user):
        return {"hidden": True}
    return banner_context(patient, pathway) | {"request": request}


@register.filter
def birth_date(national_id):
    """The birth date a national identity number encodes, or None."""
    return finding.birth_date(national_id or "")
