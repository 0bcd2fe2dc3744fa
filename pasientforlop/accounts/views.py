"""Log-in, log-out, password change, the start page and the organisation pages."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from pasientforlop.accounts.choices import Role
from pasientforlop.accounts.forms import ThrottledAuthenticationForm
from pasientforlop.accounts.models import Membership
from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction
from pasientforlop.lib import access

LEADER_ROLES = {Role.UNIT_LEADER, Role.SYSADMIN}


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)  # logs in and rotates the session key
        record(self.request, AuditAction.LOGIN, object_type="login")
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            record(request, AuditAction.LOGOUT, object_type="login")
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        record(self.request, AuditAction.PASSWORD_CHANGE, self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


def home(request):
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organisation", "organisation__parent")
        .order_by("organisation__name")
    )
    return render(request, "accounts/home.html", {"memberships": memberships})


def organisation_list(request):
    organisations = (
        access.visible_organisations(request.user).select_related("parent").order_by("kind", "name")
    )
    return render(request, "accounts/organisation_list.html", {"organisations": organisations})


def organisation_detail(request, pk):
    organisation = access.get_organisation_for_user(request.user, pk)
    can_see_people = access.is_sysadmin(request.user) or bool(
        access.roles_in(request.user, organisation) & LEADER_ROLES
    )
    children = organisation.children.order_by("name")
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "children": children,
            "can_see_people": can_see_people,
        },
    )


def organisation_people(request, pk):
    """The members of an organisation: for its leaders and system administrators only."""
    organisation = access.get_organisation_for_user(request.user, pk, roles=LEADER_ROLES)
    people = organisation.memberships.select_related("user").order_by("user__last_name")
    return render(
        request,
        "accounts/organisation_people.html",
        {"organisation": organisation, "people": people},
    )


@login_not_required
def health(request):
    """For load balancers: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
