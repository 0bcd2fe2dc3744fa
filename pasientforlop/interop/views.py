"""Pages: the user's API tokens, the API docs, and worklist downloads (CSV/Excel)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pasientforlop.accounts import two_factor
from pasientforlop.accounts.models import TwoFactorDevice
from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction
from pasientforlop.interop import files, tokens
from pasientforlop.interop.models import Scope


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. the system that uses it."),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Access"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"),
        min_value=1,
        max_value=tokens.MAX_DAYS,
        initial=90,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = None
        if user is not None and two_factor.has_two_factor(user):
            # A new token needs a fresh two-factor code: a stolen session alone cannot mint
            # a long-lived key.
            self.device = TwoFactorDevice.objects.get(user=user)
            self.fields["code"] = forms.CharField(
                label=gettext_lazy("Six-digit code from the authenticator app"),
                max_length=12,
                widget=forms.TextInput(
                    attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
                ),
            )

    def clean_code(self):
        code = self.cleaned_data.get("code", "")
        if self.device is not None and not two_factor.verify(self.device, code):
            raise forms.ValidationError(_("The code is wrong or already used. Try the next code."))
        return code


def token_list(request):
    form = TokenForm(request.POST or None, user=request.user)
    created = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = tokens.create_token(request.user, data["name"], data["scopes"], data["days"])
        record(
            request,
            AuditAction.CREATE,
            created.token,
            after={
                "name": created.token.name,
                "scopes": created.token.scopes,
                "expires_at": created.token.expires_at.isoformat(),
            },
        )
        form = TokenForm(user=request.user)
    return render(
        request,
        "interop/tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": tokens.tokens_of(request.user),
            "now": timezone.now(),
            "scope_labels": dict(Scope.choices),
        },
    )


@require_POST
def token_revoke(request, pk):
    token = tokens.revoke(request.user, pk)
    if token is None:
        raise Http404
    record(request, AuditAction.DELETE, token, after={"revoked_at": token.revoked_at.isoformat()})
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("interop:tokens")


@login_not_required
def api_docs(request):
    return render(request, "interop/api_docs.html")


def _download(make, fmt: str, *args):
    if fmt not in files.CONTENT_TYPES:
        raise Http404
    content, name = make(*args, fmt)
    response = HttpResponse(content, content_type=files.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def worklist_download(request, fmt: str):
    return _download(files.worklist_file, fmt, request)


def measure_download(request, pk: int, fmt: str):
    return _download(files.measure_file, fmt, request, pk)


def network_download(request, pk: int, fmt: str):
    return _download(files.network_file, fmt, request, pk)
