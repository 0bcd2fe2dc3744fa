"""Personal API tokens and the per-organisation key for research pseudonyms."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pasientforlop.accounts.models import Organisation


class Scope(models.TextChoices):
    """What a token may do. A token acts with its owner's memberships and roles, never more."""

    PATHWAYS_READ = "pathways:read", _("Read users of services, pathways, steps and indicators")
    PATHWAYS_WRITE = "pathways:write", _("Register users of services and record steps")
    WHATMATTERS_READ = "whatmatters:read", _("Read the “what matters” toolkit")
    WHATMATTERS_WRITE = "whatmatters:write", _("Change the “what matters” toolkit")
    FHIR_READ = "fhir:read", _("Export FHIR resources")
    FHIR_WRITE = "fhir:write", _("Import FHIR resources")
    MEASURES_READ = "measures:read", _("Read improvement measures")
    NETWORKS_READ = "networks:read", _("Read learning networks")


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 hash of the secret is stored; the token itself
    is shown once, when it is created. ``prefix`` finds the row without the secret."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    scopes = models.JSONField(_("scopes"), default=list)
    prefix = models.CharField(max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, now) -> bool:
        return self.revoked_at is None and self.expires_at > now


class PseudonymKey(models.Model):
    """The organisation's secret key for keyed-hash pseudonyms in research exports, made with
    ``secrets`` on first use and never shown or exported."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="pseudonym_key"
    )
    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pseudonym key")
        verbose_name_plural = _("pseudonym keys")

    def __str__(self) -> str:
        return f"{self.organisation}"

    @classmethod
    def for_organisation(cls, organisation: Organisation) -> bytes:
        found, _created = cls.objects.get_or_create(
            organisation=organisation, defaults={"key": secrets.token_hex(32)}
        )
        return bytes.fromhex(found.key)


class IdempotentRequest(models.Model):
    """The first answer to a POST sent with an ``Idempotency-Key`` header, kept for a day so a
    retry with the same key gets the same answer instead of a second write."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100)
    body = models.BinaryField()
    location = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique_per_user")
        ]

    def __str__(self) -> str:
        return self.key
