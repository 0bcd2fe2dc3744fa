"""The admin pages, open to system administrators (by role or superuser flag) only."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pasientforlop.lib.access import is_sysadmin


class PasientforlopAdminSite(admin.AdminSite):
    site_header = _("pasientforlop – administration")
    site_title = _("pasientforlop administration")
    index_title = _("Organisations, people and the audit log")

    def has_permission(self, request):
        return is_sysadmin(request.user)

    def login(self, request, extra_context=None):
        """Log-in goes through the product's own (throttled, audited) log-in page; a logged-in
        user without the administrator role is refused."""
        next_url = request.GET.get("next") or reverse("admin:index")
        if not next_url.startswith("/admin/"):
            next_url = reverse("admin:index")
        if self.has_permission(request):
            return redirect(next_url)
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(next_url, reverse("accounts:login"))


class SysadminModelAdmin(admin.ModelAdmin):
    """Model permissions follow the system administrator role, not Django's permission table."""

    def has_module_permission(self, request):
        return is_sysadmin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_sysadmin(request.user)

    def has_add_permission(self, request):
        return is_sysadmin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_sysadmin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_sysadmin(request.user)
