"""The worklist of a unit and the municipality's inbox of incoming users, as the pages show
them: ``GET /api/worklist?unit=<id>`` and ``GET /api/inbox?municipality=<number>``."""

from datetime import date, datetime
from datetime import date as Date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Schema
from pydantic import Field

from pasientforlop.accounts.choices import OrganisationKind
from pasientforlop.accounts.models import Organisation
from pasientforlop.audit.log import record_patients_shown
from pasientforlop.interop.api.auth import need
from pasientforlop.interop.api.common import Id, responses
from pasientforlop.lib import access
from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways.inbox import (
    InboxRow,
    NextStep,
    can_assign,
    inbox_for_user,
    inbox_municipality_ids,
    inbox_rows,
)
from pasientforlop.pathways.models import Pathway
from pasientforlop.pathways.views.worklist import rows_for, worklist_units

router = Router(tags=["worklist and inbox"])


class OrgRef(Schema):
    id: int
    name: str


class NextStepOut(Schema):
    step: str
    label: str
    due: date | None
    overdue: bool


class WorklistItem(Schema):
    pathway: int
    patient: int
    display_name: str
    step: str
    label: str
    due: date
    status: str
    days_late: int


class IncomingItem(Schema):
    pathway: int
    patient: int
    display_name: str
    start_type: str
    from_hospital: bool = Field(
        description="a hospital start with admission or discharge-ready recorded"
    )
    hospital: OrgRef | None
    hospital_ward: str
    admitted_on: date | None
    discharge_ready_at: datetime | None
    expected_discharge_at: datetime | None
    information_exchange_on: date | None
    unit: OrgRef
    primary_contact: str | None
    planned_start: date | None
    next_step: NextStepOut | None


class WorklistOut(Schema):
    unit: OrgRef
    date: Date = Field(description="today's date in Europe/Oslo, the day the sections are for")
    incoming: list[IncomingItem] = Field(description="waiting for home services to start")
    overdue: list[WorklistItem]
    today: list[WorklistItem]
    week: list[WorklistItem] = Field(description="due in the coming 7 days")


class InboxOut(Schema):
    municipality: OrgRef
    number: str
    today: date
    can_assign: bool
    items: list[IncomingItem]


def _ref(org: Organisation | None) -> dict | None:
    return None if org is None else {"id": org.pk, "name": org.name}


def _next(step: NextStep | None) -> dict | None:
    return None if step is None else step.__dict__


def incoming_out(row: InboxRow) -> dict:
    pathway = row.pathway
    return {
        "pathway": pathway.pk,
        "patient": pathway.patient_id,
        "display_name": pathway.patient.display_name(),
        "start_type": pathway.start_type,
        "from_hospital": row.from_hospital,
        "hospital": _ref(pathway.hospital),
        "hospital_ward": pathway.hospital_ward,
        "admitted_on": row.admitted_on,
        "discharge_ready_at": row.discharge_ready_at,
        "expected_discharge_at": pathway.expected_discharge_at,
        "information_exchange_on": row.information_exchange_on,
        "unit": _ref(pathway.unit),
        "primary_contact": (
            pathway.primary_contact.display_name() if pathway.primary_contact else None
        ),
        "planned_start": pathway.planned_start,
        "next_step": _next(row.next),
    }


def _item(row: dict) -> dict:
    return {
        "pathway": row["pathway"].pk,
        "patient": row["patient"].pk,
        "display_name": row["patient"].display_name(),
        "step": row["step"],
        "label": str(row["step_label"]),
        "due": row["due"],
        "status": row["status"],
        "days_late": row["days_late"],
    }


@router.get(
    "/worklist",
    response=responses({200: WorklistOut}),
    summary="A unit's worklist: incoming, overdue, due today and in the coming 7 days",
)
def worklist(request, unit: Id):
    need(request, "pathways:read")
    organisation = access.get_organisation_for_user(request.user, unit)  # 404: not visible
    if organisation.kind != OrganisationKind.UNIT:
        raise Http404
    access.require_role(request.user, organisation, access.CLINICAL_ROLES)  # 403: wrong role
    chosen = next((u for u in worklist_units(request.user) if u.pk == unit), None)
    if chosen is None:
        raise Http404
    today = today_oslo()
    pathways = Pathway.objects.filter(closed_on__isnull=True, unit=chosen)
    incoming = inbox_rows(pathways, today)
    groups = rows_for(pathways, today)
    sections = {
        key: sorted(rows, key=lambda r: (r["due"], r["patient"].display_name()))
        for key, rows in groups.items()
    }
    record_patients_shown(
        request,
        [row.pathway.patient_id for row in incoming]
        + [row["patient"].pk for rows in sections.values() for row in rows],
        object_type="api.worklist",
        organisation=chosen,
    )
    return {
        "unit": _ref(chosen),
        "date": today,
        "incoming": [incoming_out(row) for row in incoming],
        "overdue": [_item(r) for r in sections["overdue"]],
        "today": [_item(r) for r in sections["today"]],
        "week": [_item(r) for r in sections["this_week"]],
    }


@router.get(
    "/inbox",
    response=responses({200: InboxOut}),
    summary="The municipality's inbox of incoming users",
)
def inbox(request, municipality: str = Query(pattern=r"^\d{4}$")):
    need(request, "pathways:read")
    found = Organisation.objects.filter(
        kind=OrganisationKind.MUNICIPALITY, number=municipality
    ).first()
    if found is None:
        raise Http404
    if found.pk not in inbox_municipality_ids(request.user):
        if found.pk in access.visible_organisation_ids(request.user):
            raise PermissionDenied
        raise Http404
    today = today_oslo()
    rows = inbox_for_user(request.user, found, today)
    record_patients_shown(
        request,
        [row.pathway.patient_id for row in rows],
        object_type="api.inbox",
        organisation=found,
    )
    return {
        "municipality": _ref(found),
        "number": found.number,
        "today": today,
        "can_assign": can_assign(request.user, found),
        "items": [incoming_out(row) for row in rows],
    }
