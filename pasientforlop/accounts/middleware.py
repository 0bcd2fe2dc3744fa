"""Send people who must use two-factor authentication to set it up before anything else."""

from django.shortcuts import redirect
from django.urls import reverse

from pasientforlop.accounts.two_factor import must_set_up

ALWAYS_OPEN = ("/static/", "/i18n/", "/helse/")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.user.is_authenticated
            and not request.path.startswith(ALWAYS_OPEN)
            and request.path
            not in (reverse("accounts:two_factor_setup"), reverse("accounts:logout"))
            and must_set_up(request.user)
        ):
            return redirect("accounts:two_factor_setup")
        return self.get_response(request)
