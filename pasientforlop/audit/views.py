"""Searching the audit log (system administrators)."""

from django.core.paginator import Paginator
from django.shortcuts import render

from pasientforlop.audit.forms import AuditSearchForm
from pasientforlop.audit.models import AuditEvent
from pasientforlop.lib.access import sysadmin_required

PAGE_SIZE = 50


@sysadmin_required
def search(request):
    form = AuditSearchForm(request.GET or None)
    events = AuditEvent.objects.select_related("organisation")
    if form.is_valid():
        events = form.filter(events)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "audit/search.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
