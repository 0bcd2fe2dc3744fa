"""The start page of clinicians, unit leaders and the allocation office: their day.

Incoming users (waiting for home services to start), the steps that are overdue, due today
and due in the coming days on the user's own pathways, and the pathways changed recently,
each with a count. "Own" pathways: those where the user is primary contact, and for unit
leaders every pathway of their units.
"""

from datetime import timedelta

from django.db.models import Max, Q
from django.shortcuts import render
from django.utils import timezone

from pasientforlop.accounts.choices import Role
from pasientforlop.audit.log import record_patients_shown
from pasientforlop.lib import access
from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways.choices import BUCKET_LABELS, StepChoice
from pasientforlop.pathways.inbox import (
    inbox_municipality_ids,
    inbox_rows,
    next_steps,
    waiting_pathways,
)
from pasientforlop.pathways.models import Pathway, StepRecord
from pasientforlop.pathways.views.worklist import rows_for, worklist_units

#: Roles whose start page is their day.
DAY_ROLES = frozenset({Role.CLINICIAN, Role.UNIT_LEADER, Role.ALLOCATION_OFFICE})
#: How far back "recently changed" looks.
RECENT_DAYS = 7
RECENT_LIMIT = 10


def has_day(user) -> bool:
    return access.has_any_role(user, DAY_ROLES)


def _open_pathways():
    return Pathway.objects.filter(closed_on__isnull=True)


def own_pathways(user):
    """Open pathways the user answers for: primary contact, and a unit leader's units."""
    clinical = access.clinical_municipality_ids(user)
    led_units = access.visible_organisation_ids(user, roles={Role.UNIT_LEADER})
    return _open_pathways().filter(
        Q(primary_contact=user, municipality_id__in=clinical) | Q(unit_id__in=led_units)
    )


def incoming_scope(user):
    """Open pathways whose incoming users the user should see: those of the user's units,
    those where the user is primary contact, and for the allocation office the whole
    municipality."""
    units = [unit.pk for unit in worklist_units(user)]
    office = inbox_municipality_ids(user, roles={Role.ALLOCATION_OFFICE})
    clinical = access.clinical_municipality_ids(user)
    return _open_pathways().filter(
        Q(unit_id__in=units)
        | Q(primary_contact=user, municipality_id__in=clinical)
        | Q(municipality_id__in=office)
    )


def recently_changed(pathways, since):
    """(pathway, last change, next step) for the pathways of ``pathways`` with a step
    recorded or the pathway started since ``since``, newest first."""
    changed = (
        StepRecord.objects.filter(pathway__in=pathways, recorded_at__gte=since)
        .values("pathway_id")
        .annotate(last=Max("recorded_at"))
    )
    last = {row["pathway_id"]: row["last"] for row in changed}
    for pk, created in pathways.filter(created_at__gte=since).values_list("pk", "created_at"):
        last[pk] = max(last.get(pk, created), created)
    newest = sorted(last.items(), key=lambda item: item[1], reverse=True)
    return newest


def day(request, memberships):
    user = request.user
    today = today_oslo()
    incoming_pool = incoming_scope(user)
    incoming = inbox_rows(incoming_pool, today)
    own = own_pathways(user)
    groups = rows_for(own, today)
    buckets = [
        {
            "key": key,
            "label": BUCKET_LABELS[key],
            "rows": sorted(rows, key=lambda r: (r["due"], r["patient"].display_name())),
        }
        for key, rows in groups.items()
    ]
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    # recently changed: own pathways, the user's units' pathways, and the incoming ones
    units = [unit.pk for unit in worklist_units(user)]
    scope = _open_pathways().filter(
        Q(pk__in=own) | Q(unit_id__in=units) | Q(pk__in=waiting_pathways(incoming_pool))
    )
    newest = recently_changed(scope, since)
    shown = [pk for pk, _when in newest[:RECENT_LIMIT]]
    pathways = Pathway.objects.filter(pk__in=shown).select_related("patient", "unit")
    by_pk = {p.pk: p for p in pathways}
    nexts = next_steps(Pathway.objects.filter(pk__in=shown), today)
    last_steps = {}
    for pathway_id, step, when in StepRecord.objects.filter(
        pathway_id__in=shown, recorded_at__gte=since
    ).values_list("pathway_id", "step", "recorded_at"):
        if pathway_id not in last_steps or when > last_steps[pathway_id][1]:
            last_steps[pathway_id] = (step, when)
    recent = [
        {
            "pathway": by_pk[pk],
            "patient": by_pk[pk].patient,
            "when": when,
            "what": StepChoice(last_steps[pk][0]).label if pk in last_steps else None,
            "next": nexts.get(pk),
        }
        for pk, when in newest[:RECENT_LIMIT]
    ]
    record_patients_shown(
        request,
        [row.pathway.patient_id for row in incoming]
        + [row["patient"].pk for bucket in buckets for row in bucket["rows"]]
        + [row["patient"].pk for row in recent],
        object_type="pathways.day",
    )
    return render(
        request,
        "pathways/day.html",
        {
            "memberships": memberships,
            "today": today,
            "incoming": incoming,
            "buckets": buckets,
            "recent": recent,
            "recent_count": len(newest),
            "clinical_ids": access.clinical_municipality_ids(user),
            "has_inbox": bool(inbox_municipality_ids(user)),
            "has_worklist": bool(worklist_units(user)),
            "recent_days": RECENT_DAYS,
        },
    )
