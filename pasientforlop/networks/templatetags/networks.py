"""Filters for the networks pages: suppressed counts, hours, shares and lookups."""

from django import template
from django.utils.formats import number_format

from pasientforlop.networks.models import PackageStatus
from pasientforlop.networks.suppress import suppress
from pasientforlop.networks.svg import hours as hours_text

register = template.Library()


@register.filter
def suppressed(n):
    """A count shown above one organisation: ``<5`` under 5."""
    return suppress(n)


@register.filter
def hours(minutes):
    return hours_text(minutes)


@register.filter
def percent(share):
    return f"{number_format(share * 100, 1)} %"


@register.filter
def get(mapping, key):
    return mapping.get(key, "")


@register.filter
def index(sequence, position):
    return sequence[position]


@register.filter
def package_status(value):
    return PackageStatus(value).label
