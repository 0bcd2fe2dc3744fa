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
