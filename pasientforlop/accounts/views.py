"""Log-in, log-out, password change, the start page and the organisation pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from pasientforlop.accounts import oidc, throttle, two_factor
from pasientforlop.accounts.choices import Role
from pasientforlop.accounts.forms import CodeForm, ThrottledAuthenticationForm
from pasientforlop.accounts.models import Membership, User
from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction
from pasientforlop.lib import access
from pasientforlop.lib.client_address import client_address

LEADER_ROLES = {Role.UNIT_LEADER, Role.SYSADMIN}


PENDING_TWO_FACTOR = "pf_pending_two_factor"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_provider"] = settings.OIDC_PROVIDER_NAME if oidc.is_configured() else ""
        return context

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.has_two_factor(user):
            # The password was right; the session becomes a log-in only after the code.
            self.request.session.cycle_key()
            self.request.session[PENDING_TWO_FACTOR] = {
                "user": user.pk,
                "backend": user.backend,
                "next": self.get_success_url(),
            }
            return redirect("accounts:login_code")
        response = super().form_valid(form)  # logs in and rotates the session key
        record(self.request, AuditAction.LOGIN, object_type="login")
        return response


@login_not_required
def login_code(request):
    """The second step of log-in for people with an authenticator app."""
    pending = request.session.get(PENDING_TWO_FACTOR)
    if not pending:
        return redirect("accounts:login")
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        del request.session[PENDING_TWO_FACTOR]
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    address = client_address(request)
    if request.method == "POST" and form.is_valid():
        if throttle.is_throttled(user.username, address):
            form.add_error("code", _("Too many failed attempts. Wait and try again later."))
        elif two_factor.verify(user.two_factor, form.cleaned_data["code"]):
            del request.session[PENDING_TWO_FACTOR]
            login(request, user, backend=pending["backend"])
            throttle.forget_failures(user.username)
            record(request, AuditAction.LOGIN, object_type="login", reason="totp")
            return redirect(pending["next"])
        else:
            throttle.record_failure(user.username, address)
            record(
                request,
                AuditAction.LOGIN_FAILED,
                object_type="login",
                reason=f"{user.username} (totp)",
            )
            form.add_error("code", _("The code is wrong or already used. Try the next code."))
    return render(request, "accounts/login_code.html", {"form": form})


def two_factor_setup(request):
    """Set up an authenticator app: scan the code, type the first code to confirm."""
    if two_factor.has_two_factor(request.user):
        return render(request, "accounts/two_factor_setup.html", {"done": True})
    device = two_factor.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(device, form.cleaned_data["code"]):
            record(request, AuditAction.UPDATE, request.user, reason="two-factor enabled")
            messages.success(request, _("Two-factor authentication is on."))
            return redirect("home")
        form.add_error("code", _("The code is wrong. Check the clock on your phone and try again."))
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": two_factor.qr_svg(device),
            "secret": device.secret,
            "required": two_factor.must_set_up(request.user),
        },
    )


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
    from pasientforlop.pathways.views import day

    if day.has_day(request.user):
        return day.day(request, memberships)
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


class PasswordResetView(auth_views.PasswordResetView):
    """Send a single-use link that expires (PASIENTFORLOP_PASSWORD_RESET_MINUTES)."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        record(self.request, AuditAction.PASSWORD_RESET_REQUESTED, object_type="login")
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        record(
            self.request,
            AuditAction.PASSWORD_CHANGE,
            form.user,
            actor=form.user,
            reason="reset by e-mail link",
        )
        return response


@login_not_required
def oidc_start(request):
    if not oidc.is_configured():
        raise Http404
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = ""
    try:
        return redirect(oidc.start(request, next_url or settings.LOGIN_REDIRECT_URL))
    except oidc.OidcError as error:
        messages.error(request, str(error))
        return redirect("accounts:login")


@login_not_required
def oidc_callback(request):
    if not oidc.is_configured():
        raise Http404
    try:
        user, next_url, facts = oidc.complete(request)
    except oidc.OidcError as error:
        record(
            request,
            AuditAction.LOGIN_FAILED,
            object_type="login",
            reason="oidc",
            after={"error": str(error)},
        )
        messages.error(request, str(error))
        return redirect("accounts:login")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    record(request, AuditAction.LOGIN, object_type="login", reason="oidc", after=facts)
    return redirect(next_url)
