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


def clinical_municipality_ids(user) -> set[int]:
    """Municipalities whose users of services the user may see: those where the user holds a
    clinical role, in the municipality itself or in one of its units."""
    cached = getattr(user, "_pf_clinical_municipalities", None)
    if cached is None:
        cached = set()
        for membership in _memberships(user):
            if membership.role in CLINICAL_ROLES:
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


def patients_for_user(user):
    from pasientforlop.pathways.models import Patient

    return Patient.objects.filter(municipality_id__in=clinical_municipality_ids(user))


def get_patient_for_user(user, pk):
    """A user of services in one of the user's municipalities (404 otherwise)."""
    from pasientforlop.pathways.models import Patient

    try:
        return patients_for_user(user).select_related("municipality").get(pk=pk)
    except (Patient.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def pathways_for_user(user):
    """Pathways the user may see: all of their municipalities' pathways, and the pathways
    shared with their hospital."""
    from django.db.models import Q

    from pasientforlop.pathways.models import Pathway

    return Pathway.objects.filter(
        Q(municipality_id__in=clinical_municipality_ids(user))
        | Q(hospital_id__in=hospital_ids(user))
    )


def get_pathway_for_user(user, pk):
    """The pathway with ``pk`` and how the user sees it: ``"municipal"`` (the whole
    pathway) or ``"hospital"`` (the hospital steps only). 404 when the user may not see it."""
    from pasientforlop.pathways.models import Pathway

    try:
        pathway = Pathway.objects.select_related(
            "patient", "municipality", "unit", "hospital", "primary_contact"
        ).get(pk=pk)
    except (Pathway.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if pathway.municipality_id in clinical_municipality_ids(user):
        return pathway, "municipal"
    if pathway.hospital_id is not None and pathway.hospital_id in hospital_ids(user):
        return pathway, "hospital"
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
