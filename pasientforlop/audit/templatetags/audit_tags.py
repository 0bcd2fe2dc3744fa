"""``mask_ids``: audit pages never show a full national identity number."""

from django import template

from pasientforlop.audit.log import mask_national_ids

register = template.Library()


@register.filter
def mask_ids(value):
    return mask_national_ids(str(value or ""))
