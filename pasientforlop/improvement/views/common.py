"""Helpers shared by the improvement views."""

from django.shortcuts import render

from pasientforlop.improvement.access import TeamAccess


def page(request, template: str, access: TeamAccess, context: dict):
    """Render with the team, the user's access and the team's navigation."""
    return render(
        request,
        template,
        {"team": access.team, "access": access, **context},
    )
