"""The follow-up log: contacts with teams between gatherings, and teams not contacted for N
weeks."""

from datetime import timedelta

from django.contrib import messages
from django.db.models import Max
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pasientforlop.audit.models import AuditAction
from pasientforlop.improvement.services import fields_of
from pasientforlop.lib.dates import today_oslo
from pasientforlop.networks import access
from pasientforlop.networks.forms import FollowUpForm
from pasientforlop.networks.models import FollowUp
from pasientforlop.networks.services import audit

DEFAULT_WEEKS = 6
FIELDS = ("participation", "contacted_on", "channel", "by", "topic", "next_step")


def _weeks(value) -> int:
    try:
        return max(1, min(int(value), 104))
    except (TypeError, ValueError):
        return DEFAULT_WEEKS


def followups(request, pk):
    net = access.get_network(request.user, pk)
    network = net.network
    form = FollowUpForm(
        request.POST or None,
        network=network,
        initial={"contacted_on": today_oslo(), "by": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        entry = form.save()
        audit(
            request,
            AuditAction.CREATE,
            entry,
            network,
            organisation=entry.participation.organisation,
            after=fields_of(entry, FIELDS),
        )
        messages.success(request, _("The contact has been logged."))
        return redirect("networks:followups", network.pk)
    weeks = _weeks(request.GET.get("uker"))
    since = today_oslo() - timedelta(weeks=weeks)
    teams = network.participations.select_related("team", "organisation").annotate(
        last=Max("followups__contacted_on")
    )
    quiet = [p for p in teams if p.last is None or p.last < since]
    return render(
        request,
        "networks/followups.html",
        {
            "network": network,
            "form": form,
            "entries": FollowUp.objects.filter(participation__network=network).select_related(
                "participation__team", "by"
            ),
            "weeks": weeks,
            "quiet": quiet,
        },
    )
