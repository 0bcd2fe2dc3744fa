"""Log-in with throttling, and the organisation form shared by the admin and the CLI."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pasientforlop.accounts import throttle
from pasientforlop.accounts.models import Organisation
from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction
from pasientforlop.lib.client_address import client_address


class ThrottledAuthenticationForm(AuthenticationForm):
    """The same message whether or not the user exists; repeated failures lock the door."""

    error_messages = {
        "invalid_login": _("Wrong user name or password. Check both and try again."),
        "inactive": _("Wrong user name or password. Check both and try again."),
        "throttled": _("Too many failed log-in attempts. Wait %(minutes)s minutes and try again."),
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        address = client_address(self.request) if self.request else None
        if username and throttle.is_throttled(username, address):
            record(self.request, AuditAction.LOGIN_THROTTLED, object_type="login", reason=username)
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": settings.LOGIN_FAILURE_WINDOW_MINUTES},
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            throttle.record_failure(username, address)
            record(self.request, AuditAction.LOGIN_FAILED, object_type="login", reason=username)
            raise
        throttle.forget_failures(username)
        return cleaned


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "kind",
            "name",
            "number",
            "organisation_number",
            "her_id",
            "resh_id",
            "historic",
            "unit_kind",
            "parent",
            "is_demo",
            "without_identities",
        ]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Six-digit code from the authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
