"""Bearer-token authentication and scope checks for the API."""

from ninja.security import HttpBearer

from pasientforlop.interop.problems import Problem
from pasientforlop.interop.tokens import check_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer pf_…``. The request then acts as the token's user, with the
    user's memberships and roles (``lib.access`` decides every object)."""

    def authenticate(self, request, token):
        found = check_token(token)
        if found is None:
            return None
        request.user = found.user
        request.api_token = found
        return found


def need(request, scope: str) -> None:
    """403 problem unless the request's token has ``scope``."""
    token = getattr(request, "api_token", None)
    if token is None or scope not in token.scopes:
        raise Problem(
            "scope",
            f"API-nøkkelen mangler tilgangen «{scope}».",
            f"The API token lacks the scope “{scope}”.",
        )
