from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from pasientforlop.admin_site import SysadminModelAdmin
from pasientforlop.audit.log import mask_national_ids
from pasientforlop.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(SysadminModelAdmin):
    """Read-only: the audit log can be searched, never changed or deleted."""

    list_display = ["at", "actor_name", "action", "organisation", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_name", "object_type", "object_id", "request_id"]
    date_hierarchy = "at"
    # The administrator sees which fields changed, never their content: values may hold
    # clinical free text, which stays behind the clinical access rules.
    readonly_fields = ["changed_fields", "masked_reason"]

    @admin.display(description=_("changed fields"))
    def changed_fields(self, obj):
        names = set((obj.before or {}).keys()) | set((obj.after or {}).keys())
        return ", ".join(sorted(names)) or "–"

    @admin.display(description=_("reason"))
    def masked_reason(self, obj):
        return mask_national_ids(obj.reason)

    def get_exclude(self, request, obj=None):
        return ["before", "after", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
