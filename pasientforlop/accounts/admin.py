from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from pasientforlop.accounts.forms import OrganisationForm
from pasientforlop.accounts.models import Membership, Organisation, User
from pasientforlop.admin_site import SysadminModelAdmin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["organisation"]

    def has_view_permission(self, request, obj=None):
        return True

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(Organisation)
class OrganisationAdmin(SysadminModelAdmin):
    form = OrganisationForm
    list_display = ["name", "kind", "number", "unit_kind", "parent", "is_demo"]
    list_filter = ["kind", "unit_kind", "is_demo", "historic"]
    search_fields = ["name", "number"]
    autocomplete_fields = ["parent"]


@admin.register(User)
class PersonAdmin(SysadminModelAdmin, UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_demo"]
    fieldsets = UserAdmin.fieldsets + (("HPR", {"fields": ["hpr_number", "phone", "is_demo"]}),)
