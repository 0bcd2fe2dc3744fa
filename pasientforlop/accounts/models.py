"""Organisations, people and their roles in organisations."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pasientforlop.accounts.choices import ALLOWED_PARENTS, OrganisationKind, Role, UnitKind
from pasientforlop.lib.identifiers import (
    validate_her_id,
    validate_municipality_number,
    validate_organisation_number,
    validate_resh_id,
)


class Organisation(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    number = models.CharField(
        _("number"),
        max_length=9,
        blank=True,
        help_text=_("Municipality number (4 digits) or organisation number (9 digits)."),
    )
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=9,
        blank=True,
        help_text=_("Nine digits, from the Central Coordinating Register (Enhetsregisteret)."),
    )
    her_id = models.CharField(
        _("HER-id"),
        max_length=12,
        blank=True,
        help_text=_(
            "The address in the Norwegian Health Network's address register, for e-messages."
        ),
    )
    resh_id = models.CharField(
        _("RESH-id"),
        max_length=12,
        blank=True,
        help_text=_("The id in the register of health-service units (hospital units)."),
    )
    historic = models.BooleanField(
        _("historic name"),
        default=False,
        help_text=_("A name from before a merger or renaming; the number may be unknown."),
    )
    unit_kind = models.CharField(
        _("kind of unit"), max_length=32, choices=UnitKind.choices, blank=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("belongs to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    without_identities = models.BooleanField(
        _("runs without identities"),
        default=False,
        help_text=_("Users of services are registered with a local pseudonym only."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "number"],
                condition=~models.Q(number=""),
                name="organisation_number_unique_per_kind",
            ),
            models.UniqueConstraint(
                fields=["kind", "name", "parent"], name="organisation_name_unique_in_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})" if self.number else self.name

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.kind == OrganisationKind.MUNICIPALITY:
            if self.number:
                try:
                    self.number = validate_municipality_number(self.number)
                except ValidationError as e:
                    errors["number"] = e.messages
            elif not self.historic:
                errors["number"] = [
                    gettext(
                        "A municipality needs its 4-digit municipality number, unless it is a "
                        "historic name."
                    )
                ]
        elif self.number:
            try:
                self.number = validate_organisation_number(self.number)
            except ValidationError as e:
                errors["number"] = e.messages
        for name, check in (
            ("organisation_number", validate_organisation_number),
            ("her_id", validate_her_id),
            ("resh_id", validate_resh_id),
        ):
            if getattr(self, name):
                try:
                    setattr(self, name, check(getattr(self, name)))
                except ValidationError as e:
                    errors[name] = e.messages
        if self.kind == OrganisationKind.UNIT and not self.unit_kind:
            errors["unit_kind"] = [gettext("Choose what kind of unit this is.")]
        if self.kind != OrganisationKind.UNIT and self.unit_kind:
            errors["unit_kind"] = [gettext("Only units have a kind of unit.")]
        allowed = ALLOWED_PARENTS.get(OrganisationKind(self.kind), set()) if self.kind else set()
        if self.parent_id is None and self.kind == OrganisationKind.UNIT:
            errors["parent"] = [gettext("A unit must belong to a municipality or a hospital.")]
        elif self.parent is not None and self.parent.kind not in allowed:
            errors["parent"] = [
                gettext(
                    "An organisation of kind “%(kind)s” cannot belong to one of kind “%(parent)s”."
                )
                % {
                    "kind": self.get_kind_display(),
                    "parent": self.parent.get_kind_display(),
                }
            ]
        if errors:
            raise ValidationError(errors)

    def ancestors(self) -> list["Organisation"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    @property
    def municipality(self) -> "Organisation | None":
        """The municipality this organisation is, or belongs to."""
        for node in [self, *self.ancestors()]:
            if node.kind == OrganisationKind.MUNICIPALITY:
                return node
        return None


class User(AbstractUser):
    """A person using the product. Access comes from memberships, never from the user alone."""

    hpr_number = models.CharField(_("HPR number"), max_length=9, blank=True)
    phone = models.CharField(
        _("work phone"),
        max_length=32,
        blank=True,
        help_text=_("Shown to the users of services this person is primary contact for."),
    )
    is_demo = models.BooleanField(_("demo user"), default=False)
    oidc_subject = models.CharField(
        _("OpenID Connect subject"),
        max_length=255,
        null=True,
        blank=True,
        unique=True,
        help_text=_("The identity provider's id for this person (HelseID, ID-porten)."),
    )

    class Meta:
        verbose_name = _("user account")
        verbose_name_plural = _("user accounts")

    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"


class LoginFailure(models.Model):
    """A failed log-in, kept for throttling per user name and per address."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} {self.address} {self.at:%d.%m.%Y %H:%M}"


class TwoFactorDevice(models.Model):
    """A person's authenticator app (TOTP, RFC 6238). Confirmed once a first code matched."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="two_factor")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"TOTP for {self.user}"
