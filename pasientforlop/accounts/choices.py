"""Named choices for organisations and roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    HOSPITAL_TRUST = "hospital_trust", _("Hospital trust")
    HOSPITAL = "hospital", _("Hospital")
    UNIT = "unit", _("Unit")
    HEALTH_PARTNERSHIP = "health_partnership", _("Health partnership")
    NETWORK_OFFICE = "network_office", _("Network office")


class UnitKind(models.TextChoices):
    HOME_SERVICES = "home_services", _("Home services")
    SHORT_TERM_WARD = "short_term_ward", _("Short-term ward")
    ACUTE_BED_UNIT = "acute_bed_unit", _("Municipal acute bed unit")
    HEALTH_HOUSE = "health_house", _("Health house")
    DPS = "dps", _("District psychiatric centre (DPS)")
    HOSPITAL_WARD = "hospital_ward", _("Hospital ward")
    CITY_DISTRICT = "city_district", _("City district")


class Role(models.TextChoices):
    CLINICIAN = "clinician", _("Clinician (home services)")
    UNIT_LEADER = "unit_leader", _("Unit leader")
    ALLOCATION_OFFICE = "allocation_office", _("Allocation office (coordinating unit)")
    DISCHARGE_COORDINATOR = "discharge_coordinator", _("Hospital discharge coordinator")
    GP = "gp", _("GP")
    IMPROVEMENT_MEMBER = "improvement_member", _("Improvement team member")
    NETWORK_COORDINATOR = "network_coordinator", _("Network coordinator")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    SYSADMIN = "sysadmin", _("System administrator")


# Which parent kinds each kind of organisation may hang under.
ALLOWED_PARENTS = {
    OrganisationKind.MUNICIPALITY: set(),
    OrganisationKind.HOSPITAL_TRUST: set(),
    OrganisationKind.HOSPITAL: {OrganisationKind.HOSPITAL_TRUST},
    OrganisationKind.UNIT: {
        OrganisationKind.MUNICIPALITY,
        OrganisationKind.HOSPITAL,
        OrganisationKind.HOSPITAL_TRUST,
    },
    OrganisationKind.HEALTH_PARTNERSHIP: {OrganisationKind.HOSPITAL_TRUST},
    OrganisationKind.NETWORK_OFFICE: set(),
}
