from django.contrib import admin

from pasientforlop.admin_site import SysadminModelAdmin
from pasientforlop.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(SysadminModelAdmin):
    """Read-only: the audit log can be searched, never changed or deleted."""

    list_display = ["at", "actor_name", "action", "organisation", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_name", "object_type", "object_id", "request_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
