"""Who may see and do what. Every view fetches organisation-scoped data through here.

The rules:
- A membership gives its role in its organisation and in everything below it (a
  municipality's membership covers its units; a trust's covers its hospitals and their units).
- An organisation the user has no membership above or in is invisible: views answer 404,
  so an outsider cannot even learn that it exists.
- A visible organisation where the user lacks the role a view needs answers 403.
- System administrators manage organisations and people and read the audit log; they get no
  patient data through that role.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.http import Http404

from pasientforlop.accounts.choices import Role
from pasientforlop.accounts.models import Membership, Organisation

MAX_DEPTH = 6


def _memberships(user) -> list[Membership]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_pf_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organisation"))
        user._pf_memberships = cached
    return cached


def memberships(user) -> list[Membership]:
    """The user's memberships with their organisations (cached on the user object)."""
    return _memberships(user)


def is_sysadmin(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(m.role == Role.SYSADMIN for m in _memberships(user))


def user_roles(user) -> set[str]:
    """Every role the user holds anywhere."""
    roles = {m.role for m in _memberships(user)}
    if user.is_authenticated and user.is_superuser:
        roles.add(Role.SYSADMIN)
    return roles


def has_any_role(user, roles: Iterable[str]) -> bool:
    return bool(user_roles(user) & set(roles))


def descendant_ids(root_ids: Iterable[int]) -> set[int]:
    """The given organisations and everything below them."""
    found = set(root_ids)
    frontier = set(found)
    for _ in range(MAX_DEPTH):
        if not frontier:
            break
        children = set(
            Organisation.objects.filter(parent_id__in=frontier).values_list("id", flat=True)
        )
        frontier = children - found
        found |= frontier
    return found


def visible_organisation_ids(user, roles: Iterable[str] | None = None) -> set[int]:
    """Organisations the user may see, optionally only through memberships with ``roles``."""
    if roles is None and is_sysadmin(user):
        return set(Organisation.objects.values_list("id", flat=True))
    wanted = set(roles) if roles is not None else None
    roots = {m.organisation_id for m in _memberships(user) if wanted is None or m.role in wanted}
    return descendant_ids(roots)


def visible_organisations(user, roles: Iterable[str] | None = None):
    return Organisation.objects.filter(id__in=visible_organisation_ids(user, roles))


def roles_in(user, organisation: Organisation) -> set[str]:
    """The roles the user holds in ``organisation`` or anything above it."""
    chain = {organisation.id, *(o.id for o in organisation.ancestors())}
    return {m.role for m in _memberships(user) if m.organisation_id in chain}


def require_role(user, organisation: Organisation, roles: Iterable[str]) -> None:
    if not roles_in(user, organisation) & set(roles):
        raise PermissionDenied


def get_organisation_for_user(user, pk, roles: Iterable[str] | None = None) -> Organisation:
    """The organisation with ``pk`` if the user may see it (404 otherwise) and, when ``roles``
    is given, holds one of them there (403 otherwise)."""
    try:
        organisation = Organisation.objects.select_related("parent").get(pk=pk)
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if organisation.id not in visible_organisation_ids(user):
        raise Http404
    if roles is not None and not is_sysadmin(user):
        require_role(user, organisation, roles)
    return organisation


def role_required(*roles: str):
    """View decorator: the user must hold one of ``roles`` somewhere (403 otherwise)."""

    def decorator(view):
        def wrapped(request, *args, **kwargs):
            if not has_any_role(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return wrapped

    return decorator


def sysadmin_required(view):
    """View decorator: system administrators only (403 otherwise)."""

    def wrapped(request, *args, **kwargs):
        if not is_sysadmin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


# --- patients and pathways -----------------------------------------------------------------

#: Roles that work with a municipality's users of services.
CLINICAL_ROLES = frozenset({Role.CLINICIAN, Role.UNIT_LEADER, Role.GP})
#: Roles that see the hospital steps of pathways shared with their hospital.
HOSPITAL_ROLES = frozenset({Role.DISCHARGE_COORDINATOR})
#: Roles whose membership of a unit (or of the whole municipality) is a care relation to the
#: users that unit serves.
UNIT_ROLES = frozenset({Role.CLINICIAN, Role.UNIT_LEADER})
#: Roles that find users of services in their municipality (search: name and birth year) and
#: open a record by care relation or access on need.
PATIENT_ROLES = CLINICAL_ROLES | {Role.ALLOCATION_OFFICE}
#: Roles that decide the receiving unit of incoming users anywhere in their municipality.
ALLOCATING_ROLES = frozenset({Role.ALLOCATION_OFFICE, Role.UNIT_LEADER})

#: How a user is related to a user of services (``patient_relation``).
RELATION_CARE = "care"  # the unit serving the user, an open pathway's unit or primary contact
RELATION_ALLOCATION = "allocation"  # the allocation office, for users in its inbox
RELATION_NEED = "need"  # a running access-on-need grant
RELATION_GP = "gp"  # the user's GP: the GP-relevant parts only


class AccessOnNeedRequired(Http404):
    """A user of services in the user's municipality without a care relation: pages answer
    with the access-on-need page (``AccessOnNeedMiddleware``); the API answers 404."""

    def __init__(self, patient):
        super().__init__("access on need required")
        self.patient = patient


def clinical_municipality_ids(user) -> set[int]:
    """Municipalities whose users of services the user may find: those where the user holds a
    patient role, in the municipality itself or in one of its units. Finding is not opening:
    a record opens by care relation (``patient_relation``) or access on need."""
    cached = getattr(user, "_pf_clinical_municipalities", None)
    if cached is None:
        cached = set()
        for membership in _memberships(user):
            if membership.role in PATIENT_ROLES:
                municipality = membership.organisation.municipality
                if municipality is not None:
                    cached.add(municipality.id)
        if user.is_authenticated:
            user._pf_clinical_municipalities = cached
    return cached


def hospital_ids(user) -> set[int]:
    """Hospitals whose shared pathways the user may see as a discharge coordinator."""
    from pasientforlop.accounts.choices import OrganisationKind

    found: set[int] = set()
    for membership in _memberships(user):
        if membership.role not in HOSPITAL_ROLES:
            continue
        organisation = membership.organisation
        if organisation.kind == OrganisationKind.HOSPITAL_TRUST:
            found |= set(
                organisation.children.filter(kind=OrganisationKind.HOSPITAL).values_list(
                    "id", flat=True
                )
            )
        for node in [organisation, *organisation.ancestors()]:
            if node.kind == OrganisationKind.HOSPITAL:
                found.add(node.id)
    return found


def _municipalities_with(user, roles) -> set[int]:
    found = set()
    for membership in _memberships(user):
        if membership.role in roles:
            municipality = membership.organisation.municipality
            if municipality is not None:
                found.add(municipality.id)
    return found


def _waiting_pathways():
    """Open pathways with no home-services start recorded (the municipality's inbox)."""
    from pasientforlop.pathways.inbox import waiting_pathways

    return waiting_pathways()


def _relation_filters(user) -> dict[str, object]:
    """One ``Q`` per kind of relation, over ``Patient``. The single definition of who is
    related to whom; everything else asks through ``patients_for_user`` and friends."""
    from django.db.models import Q
    from django.utils import timezone

    from pasientforlop.audit.models import AccessOnNeed

    nothing = Q(pk__in=[])
    if not user.is_authenticated:
        return {}
    open_pathway = Q(pathways__closed_on__isnull=True)
    covered = descendant_ids(m.organisation_id for m in _memberships(user) if m.role in UNIT_ROLES)
    care = Q(pathways__primary_contact_id=user.pk) & open_pathway
    if covered:
        care |= (
            Q(unit_id__in=covered)
            | (Q(pathways__unit_id__in=covered) & open_pathway)
            | Q(municipality_id__in=covered)  # a membership of the whole municipality
        )
    allocation = nothing
    offices = _municipalities_with(user, ALLOCATING_ROLES)
    if offices:
        allocation = Q(municipality_id__in=offices) & (
            Q(unit__isnull=True) | Q(pathways__in=_waiting_pathways())
        )
    gp = nothing
    gp_municipalities = _municipalities_with(user, {Role.GP})
    if gp_municipalities and user.hpr_number:
        gp = Q(municipality_id__in=gp_municipalities, gp_hpr_number=user.hpr_number)
    need = Q(
        pk__in=AccessOnNeed.objects.filter(user=user, expires_at__gt=timezone.now()).values(
            "patient_id"
        )
    )
    return {
        RELATION_CARE: care,
        RELATION_ALLOCATION: allocation,
        RELATION_NEED: need,
        RELATION_GP: gp,
    }


def home_unit(user, municipality: Organisation) -> Organisation | None:
    """The one unit of ``municipality`` where the user works in a care role, if just one."""
    units = {
        m.organisation_id: m.organisation
        for m in _memberships(user)
        if m.role in UNIT_ROLES and m.organisation.parent_id == municipality.id
    }
    return next(iter(units.values())) if len(units) == 1 else None


def patients_in_reach(user):
    """Users of services the user may find by search (name and birth year only)."""
    from pasientforlop.pathways.models import Patient

    return Patient.objects.filter(municipality_id__in=clinical_municipality_ids(user))


def patients_for_user(user):
    """Users of services whose record the user may open: a care relation, the allocation
    office's inbox, the user's GP, or a running access-on-need grant."""
    from django.db.models import Q

    from pasientforlop.pathways.models import Patient

    filters = _relation_filters(user)
    if not filters:
        return Patient.objects.none()
    related = Q(pk__in=[])
    for q in filters.values():
        related |= q
    return patients_in_reach(user).filter(pk__in=Patient.objects.filter(related).values("pk"))


def patient_relation(user, patient) -> str | None:
    """How the user is related to ``patient`` (``RELATION_*``), or None. Cached per request."""
    from pasientforlop.pathways.models import Patient

    if patient.municipality_id not in clinical_municipality_ids(user):
        return None
    cache = getattr(user, "_pf_relations", None)
    if cache is None:
        cache = user._pf_relations = {}
    if patient.pk not in cache:
        found = None
        for relation, q in _relation_filters(user).items():
            if Patient.objects.filter(q, pk=patient.pk).exists():
                found = relation
                break
        cache[patient.pk] = found
    return cache[patient.pk]


def require_full_relation(user, patient) -> None:
    """403 for a GP (who sees only the GP-relevant parts) on a page beyond those."""
    if patient_relation(user, patient) == RELATION_GP:
        raise PermissionDenied


def get_patient_for_user(user, pk, *, gp_read: bool = False, method: str = "GET"):
    """A user of services the user may open. 404 outside the user's municipalities; the
    access-on-need page (``AccessOnNeedRequired``) inside them without a relation; 403 for
    the user's GP unless the page is one the GP reads (``gp_read`` and a safe ``method``)."""
    from pasientforlop.pathways.models import Patient

    try:
        patient = patients_in_reach(user).select_related("municipality", "unit").get(pk=pk)
    except (Patient.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    relation = patient_relation(user, patient)
    if relation is None:
        raise AccessOnNeedRequired(patient)
    if relation == RELATION_GP and not (gp_read and method in ("GET", "HEAD")):
        raise PermissionDenied
    return patient


def pathways_for_user(user):
    """Pathways the user may see: those of the users of services the user may open, and
    the pathways shared with their hospital."""
    from django.db.models import Q

    from pasientforlop.pathways.models import Pathway

    return Pathway.objects.filter(
        Q(patient_id__in=patients_for_user(user).values("pk"))
        | Q(hospital_id__in=hospital_ids(user))
    )


def get_pathway_for_user(user, pk):
    """The pathway with ``pk`` and how the user sees it: ``"municipal"`` (the whole
    pathway; a GP reads it and records the GP visit) or ``"hospital"`` (the hospital steps
    only). 404 when the user may not see it; the access-on-need page for a pathway in the
    user's municipality without a relation to its user of services."""
    from pasientforlop.pathways.models import Pathway

    try:
        pathway = Pathway.objects.select_related(
            "patient", "municipality", "unit", "hospital", "primary_contact"
        ).get(pk=pk)
    except (Pathway.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if patient_relation(user, pathway.patient) is not None:
        return pathway, "municipal"
    if pathway.hospital_id is not None and pathway.hospital_id in hospital_ids(user):
        return pathway, "hospital"
    if pathway.municipality_id in clinical_municipality_ids(user):
        raise AccessOnNeedRequired(pathway.patient)
    raise Http404


def roles_in_municipality(user, municipality: Organisation) -> set[str]:
    """Roles held in the municipality itself or in one of its units."""
    units = set(municipality.children.values_list("id", flat=True))
    return {
        m.role
        for m in _memberships(user)
        if m.organisation_id == municipality.id or m.organisation_id in units
    }


def get_clinical_municipality_for_user(user, pk) -> Organisation:
    """A municipality whose users of services the user works with (404 otherwise)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if pk not in clinical_municipality_ids(user):
        raise Http404
    return Organisation.objects.get(pk=pk)
