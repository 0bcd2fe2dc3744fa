"""Access on need (tilgang ved behov) and the privacy officer's access review.

- ``access_on_need``: someone with a patient role in the municipality but no care relation
  states a reason and gets the record for ``ACCESS_ON_NEED_HOURS``; every record written
  while that access lasts is flagged.
- ``review``: the privacy officer's queue of access-on-need openings and of alerts about
  administrators who gave themselves clinical roles, with counts; ``employee_trail``: what
  one employee did; ``sample``: the monthly sample of ordinary reads to check.
"""

import random
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pasientforlop.accounts.choices import Role
from pasientforlop.accounts.models import User
from pasientforlop.audit.forms import AccessOnNeedForm, ReviewForm
from pasientforlop.audit.log import (
    ACCESS_ON_NEED_FLAG,
    record,
    record_about_patient,
    record_patients_shown,
)
from pasientforlop.audit.models import AccessOnNeed, AdminAlert, AuditAction, AuditEvent
from pasientforlop.lib import access
from pasientforlop.lib.dates import OSLO

PAGE_SIZE = 50
#: Ordinary reads drawn for the privacy officer's monthly check.
SAMPLE_SIZE = 20


def _next_url(request, patient) -> str:
    going = request.POST.get("neste") or request.GET.get("neste") or ""
    if going and url_has_allowed_host_and_scheme(
        going, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return going
    from django.urls import reverse

    return reverse("pathways:patient", args=[patient.pk])


def access_on_need(request, patient_pk):
    """State a reason, get the record for a few hours. 404 outside the person's
    municipalities; straight on for someone who already has a care relation."""
    from pasientforlop.pathways.models import Patient

    try:
        patient = (
            access.patients_in_reach(request.user).select_related("municipality").get(pk=patient_pk)
        )
    except (Patient.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    relation = access.patient_relation(request.user, patient)
    if relation not in (None, access.RELATION_GP):
        return redirect(_next_url(request, patient))
    form = AccessOnNeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        now = timezone.now()
        grant = AccessOnNeed.objects.create(
            user=request.user,
            patient=patient,
            reason=form.cleaned_data["reason"],
            text=form.cleaned_data["text"],
            granted_at=now,
            expires_at=now + timedelta(hours=settings.ACCESS_ON_NEED_HOURS),
        )
        record(
            request,
            AuditAction.ACCESS_ON_NEED,
            grant,
            organisation=patient.municipality,
            patient=patient,
            reason=f"{ACCESS_ON_NEED_FLAG}: {grant.get_reason_display()}",
            after={"reason": grant.reason, "expires_at": grant.expires_at.isoformat()},
        )
        messages.success(
            request,
            _("You have access to this record until %(time)s. The opening is logged and reviewed.")
            % {"time": timezone.localtime(grant.expires_at, OSLO).strftime("%d.%m.%Y %H:%M")},
        )
        return redirect(_next_url(request, patient))
    record_about_patient(request, AuditAction.VIEW, patient, "audit.access_on_need_page")
    from pasientforlop.pathways.finding import birth_date

    born = birth_date(patient.national_id or "")
    return render(
        request,
        "audit/access_on_need.html",
        {
            "patient": patient,
            "birth_year": born.year if born else None,
            "form": form,
            "neste": request.POST.get("neste") or request.GET.get("neste", ""),
            "hours": settings.ACCESS_ON_NEED_HOURS,
            "expired": AccessOnNeed.objects.filter(user=request.user, patient=patient).exists(),
        },
    )


# --- the privacy officer -------------------------------------------------------------------


def _officer_municipalities(user) -> set[int]:
    found = set()
    for membership in access.memberships(user):
        if membership.role == Role.PRIVACY_OFFICER:
            municipality = membership.organisation.municipality
            if municipality is not None:
                found.add(municipality.id)
    if not found:
        raise PermissionDenied
    return found


def _grants(municipalities):
    return AccessOnNeed.objects.filter(patient__municipality_id__in=municipalities).select_related(
        "user", "patient", "reviewed_by"
    )


def _alerts(municipalities):
    places = access.descendant_ids(municipalities)
    return AdminAlert.objects.filter(organisation_id__in=places).select_related(
        "user", "organisation", "reviewed_by", "event"
    )


def _month_start(today: date) -> datetime:
    return datetime.combine(today.replace(day=1), time(), OSLO)


def review(request):
    """The review queue: access-on-need openings and administrator alerts to check."""
    municipalities = _officer_municipalities(request.user)
    wanted = request.GET.get("ansatt", "").strip()
    if wanted:
        employee = _employees(municipalities).filter(username__iexact=wanted).first()
        if employee is not None:
            return redirect("audit:employee_trail", employee.pk)
        messages.error(request, _("No employee with that user name in your municipality."))
    show_all = request.GET.get("vis") == "alle"
    grants = _grants(municipalities)
    month = _month_start(timezone.localdate())
    counts = {
        "open": grants.filter(reviewed_at__isnull=True).count(),
        "month": grants.filter(granted_at__gte=month).count(),
        "reviewed_month": grants.filter(reviewed_at__gte=month).count(),
        "alerts": _alerts(municipalities).filter(reviewed_at__isnull=True).count(),
    }
    shown = grants if show_all else grants.filter(reviewed_at__isnull=True)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("side"))
    alerts = _alerts(municipalities)
    if not show_all:
        alerts = alerts.filter(reviewed_at__isnull=True)
    record(request, AuditAction.VIEW, object_type="audit.review")
    record_patients_shown(request, [grant.patient_id for grant in page], object_type="audit.review")
    return render(
        request,
        "audit/review.html",
        {
            "page": page,
            "alerts": list(alerts[:100]),
            "counts": counts,
            "show_all": show_all,
            "form": ReviewForm(),
            "wanted": wanted,
        },
    )


@require_POST
def review_grant(request, pk):
    grant = _reviewable(_grants(_officer_municipalities(request.user)), pk)
    return _review(request, grant, organisation=grant.patient.municipality, patient=grant.patient)


@require_POST
def review_alert(request, pk):
    alert = _reviewable(_alerts(_officer_municipalities(request.user)), pk)
    return _review(request, alert, organisation=alert.organisation)


def _reviewable(queryset, pk):
    """The grant or alert ``pk`` among those the privacy officer reviews (else 404)."""
    item = queryset.filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def _review(request, item, **audited):
    """Mark a grant or an alert reviewed (once), with the note, and audit it."""
    form = ReviewForm(request.POST)
    if form.is_valid() and item.reviewed_at is None:
        item.mark_reviewed(request.user, form.cleaned_data["note"])
        record(
            request,
            AuditAction.REVIEW,
            item,
            after={"reviewed": True, "note_given": bool(item.review_note)},
            **audited,
        )
        messages.success(request, _("Marked as reviewed."))
    return redirect("audit:review")


def _employees(municipalities):
    places = access.descendant_ids(municipalities)
    return User.objects.filter(memberships__organisation_id__in=places).distinct()


def _events_in(municipalities):
    """Audit records about the municipalities: their organisations or their users of
    services (and the person's own log-ins, which name no organisation)."""
    from pasientforlop.pathways.models import Patient

    places = access.descendant_ids(municipalities)
    patients = Patient.objects.filter(municipality_id__in=municipalities).values("pk")
    return AuditEvent.objects.filter(
        Q(organisation_id__in=places)
        | Q(patient_id__in=patients)
        | Q(organisation__isnull=True, patient_id__isnull=True)
    )


def employee_trail(request, user_pk):
    """Everything one employee of the municipality did or saw, newest first."""
    municipalities = _officer_municipalities(request.user)
    employee = _employees(municipalities).filter(pk=user_pk).first()
    if employee is None:
        raise Http404
    record(request, AuditAction.VIEW, object_type="audit.employee_trail", object_id=employee.pk)
    events = _events_in(municipalities).filter(actor=employee).order_by("-at", "-id")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("side"))
    grants = _grants(municipalities).filter(user=employee)
    counts = {
        "events": events.count(),
        "grants": grants.count(),
        "open": grants.filter(reviewed_at__isnull=True).count(),
    }
    return render(
        request,
        "audit/employee_trail.html",
        {"employee": employee, "page": page, "grants": grants[:50], "counts": counts},
    )


def _month(value: str, today: date) -> date:
    try:
        year, month = (int(part) for part in value.split("-", 1))
        return date(year, month, 1)
    except (TypeError, ValueError):
        return today.replace(day=1)


def sample(request):
    """The monthly report: every access-on-need opening of the month and a random sample of
    ordinary reads, drawn with the month as seed (a finished month always gives the same
    sample)."""
    municipalities = _officer_municipalities(request.user)
    today = timezone.localdate()
    first = _month(request.GET.get("maned", ""), today)
    following = (first + timedelta(days=32)).replace(day=1)
    start = datetime.combine(first, time(), OSLO)
    end = datetime.combine(following, time(), OSLO)
    grants = _grants(municipalities).filter(granted_at__gte=start, granted_at__lt=end)
    reads = (
        _events_in(municipalities)
        .filter(action=AuditAction.VIEW, patient_id__isnull=False, at__gte=start, at__lt=end)
        .exclude(reason__contains=ACCESS_ON_NEED_FLAG)
        .exclude(object_type__startswith="audit.")  # the review's own reads
        .exclude(actor__isnull=True)
    )
    ids = sorted(reads.values_list("id", flat=True))
    chosen = random.Random(f"{first:%Y-%m}:{sorted(municipalities)}").sample(
        ids, min(SAMPLE_SIZE, len(ids))
    )
    sampled = AuditEvent.objects.filter(id__in=chosen).order_by("at", "id")
    record(request, AuditAction.VIEW, object_type="audit.sample", object_id=f"{first:%Y-%m}")
    record_patients_shown(
        request,
        [grant.patient_id for grant in grants] + [event.patient_id for event in sampled],
        object_type="audit.sample",
    )
    counts = {
        "grants": grants.count(),
        "reviewed": grants.filter(reviewed_at__isnull=False).count(),
        "reads": len(ids),
        "sampled": len(chosen),
    }
    previous = (first - timedelta(days=1)).replace(day=1)
    return render(
        request,
        "audit/sample.html",
        {
            "month": first,
            "previous": f"{previous:%Y-%m}",
            "next": f"{following:%Y-%m}" if following <= today else "",
            "grants": grants,
            "sampled": sampled,
            "counts": counts,
        },
    )
