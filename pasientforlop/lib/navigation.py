"""The navigation each role sees, and the demo banner."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pasientforlop.accounts.choices import Role
from pasientforlop.lib.access import (
    CLINICAL_ROLES,
    clinical_municipality_ids,
    is_sysadmin,
    user_roles,
)


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    roles: frozenset[str] | None = None  # None: everyone logged in
    sysadmin_only: bool = False


CLINICAL = CLINICAL_ROLES

NAV_ITEMS = [
    NavItem("home", _("Start")),
    NavItem("pathways:worklist", _("Worklist"), CLINICAL),
    NavItem(
        "pathways:inbox",
        _("Incoming"),
        frozenset({Role.ALLOCATION_OFFICE, Role.UNIT_LEADER, Role.CLINICIAN}),
    ),
    NavItem("plo:messages", _("E-messages"), frozenset({Role.ALLOCATION_OFFICE, Role.UNIT_LEADER})),
    NavItem("pathways:patients", _("Users"), CLINICAL),
    NavItem("pathways:hospital", _("Shared pathways"), frozenset({Role.DISCHARGE_COORDINATOR})),
    NavItem("pathways:indicators", _("Indicators"), frozenset({Role.CLINICIAN, Role.UNIT_LEADER})),
    NavItem("pathways:import", _("Import"), frozenset({Role.UNIT_LEADER})),
    NavItem(
        "improvement:teams",
        _("Improvement work"),
        frozenset({Role.IMPROVEMENT_MEMBER, Role.UNIT_LEADER}),
    ),
    NavItem(
        "networks:index",
        _("Learning networks"),
        frozenset({Role.NETWORK_COORDINATOR, Role.UNIT_LEADER, Role.IMPROVEMENT_MEMBER}),
    ),
    NavItem("accounts:organisations", _("Organisations")),
    NavItem("audit:patient_trail_search", _("Right of access"), frozenset({Role.PRIVACY_OFFICER})),
    NavItem("audit:review", _("Access review"), frozenset({Role.PRIVACY_OFFICER})),
    NavItem("audit:search", _("Audit log"), sysadmin_only=True),
    NavItem("admin:index", _("Administration"), sysadmin_only=True),
]


def items_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    roles = user_roles(user)
    admin = is_sysadmin(user)
    return [
        item
        for item in NAV_ITEMS
        if (not item.sysadmin_only or admin) and (item.roles is None or item.roles & roles)
    ]


def navigation(request):
    """Template context: ``nav`` (label, url, current) and ``demo_mode``."""
    user = getattr(request, "user", None)
    nav = []
    if user is not None:
        for item in items_for(user):
            url = reverse(item.url_name)
            current = request.path == url or (url != "/" and request.path.startswith(url))
            nav.append({"label": item.label, "url": url, "current": current})
    searches = user is not None and user.is_authenticated and bool(clinical_municipality_ids(user))
    return {"nav": nav, "demo_mode": settings.DEMO_MODE, "patient_search": searches}
