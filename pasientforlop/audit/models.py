"""The append-only audit log: who did or saw what, in which organisation, and when."""

from django.conf import settings
from django.db import models
from django.utils import timezone
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
    ACCESS_ON_NEED = "access_on_need", _("Opened by access on need")
    NO_RELATION = "no_relation", _("Refused: no care relation")
    REVIEW = "review", _("Reviewed access")
    GRANT = "grant", _("Granted access")
    REVOKE = "revoke", _("Removed access")
    SELF_GRANT_ALERT = "self_grant_alert", _("Gave themself clinical access")


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


class AccessOnNeedReason(models.TextChoices):
    EMERGENCY = "akutt", _("Emergency")
    NEW_IN_SERVICE = "ny_i_tjenesten", _("New in the service")
    STAND_IN = "vikar", _("Standing in for a colleague")
    OTHER = "annet", _("Other (explain)")


class PrivacyReview(models.Model):
    """What the privacy officer's review adds to a record: who reviewed it, when, and a
    note. Not reviewed yet while ``reviewed_at`` is empty."""

    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        abstract = True

    def mark_reviewed(self, user, note: str) -> None:
        self.reviewed_by = user
        self.reviewed_at = timezone.now()
        self.review_note = note
        self.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])


class AccessOnNeed(PrivacyReview):
    """Access on need (tilgang ved behov): a time-limited opening of one user's record by
    someone without a care relation, with a stated reason, reviewed by the privacy officer."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="access_on_need",
    )
    patient = models.ForeignKey(
        "pathways.Patient",
        verbose_name=_("user of services"),
        on_delete=models.CASCADE,
        related_name="access_on_need",
    )
    reason = models.CharField(_("reason"), max_length=32, choices=AccessOnNeedReason.choices)
    text = models.CharField(_("explanation"), max_length=500, blank=True)
    granted_at = models.DateTimeField(_("granted"), db_index=True)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("access on need")
        verbose_name_plural = _("access on need")
        ordering = ["-granted_at", "-id"]
        indexes = [models.Index(fields=["user", "patient", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.patient_id} ({self.get_reason_display()})"


class AdminAlert(PrivacyReview):
    """Something a privacy officer must look at: a system administrator who gave themself a
    role that opens users' records. Shown in the review queue until acknowledged."""

    event = models.OneToOneField(
        AuditEvent, verbose_name=_("audit record"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=32)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("alert to the privacy officer")
        verbose_name_plural = _("alerts to the privacy officer")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.organisation}"


class AuditChainLink(models.Model):
    """One audit record's place in the hash chain (``audit/chain.py``): a keyed hash over the
    record and the previous link, so an edited or deleted record breaks the chain. Kept beside
    the records (not in them) so the chain can be checked and re-read without touching them."""

    event_id = models.BigIntegerField(primary_key=True)
    digest = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain link")
        verbose_name_plural = _("audit chain links")
        ordering = ["event_id"]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.digest[:12]}…"
