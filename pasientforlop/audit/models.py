"""The append-only audit log: who did or saw what, in which organisation, and when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")
    IMPORT = "import", _("Imported")
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed log-in")
    LOGIN_THROTTLED = "login_throttled", _("Log-in refused (too many attempts)")
    LOGOUT = "logout", _("Logged out")
    PASSWORD_CHANGE = "password_change", _("Changed password")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Asked for a password reset")


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or remove an audit record."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("The audit log cannot be changed.")

    def delete(self):
        raise AuditLogIsAppendOnly("The audit log cannot be deleted.")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=32, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    patient_id = models.BigIntegerField(_("user of services"), null=True, blank=True, db_index=True)
    actor_roles = models.CharField(_("roles"), max_length=200, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.actor_name} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditLogIsAppendOnly("An audit record cannot be changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("An audit record cannot be deleted.")

    @property
    def role_labels(self) -> str:
        from pasientforlop.accounts.choices import Role

        labels = dict(Role.choices)
        return ", ".join(
            str(labels.get(role, role)) for role in self.actor_roles.split(",") if role
        )
