"""Users of services, pathways and their steps, with the statuses the pages show."""

from datetime import date, datetime

from django.db.models import Q
from ninja import Query, Router, Schema, Status
from pydantic import Field

from pasientforlop.accounts.models import Organisation
from pasientforlop.audit.log import record, record_patients_shown
from pasientforlop.audit.models import AuditAction
from pasientforlop.interop.api.auth import need
from pasientforlop.interop.api.common import (
    Id,
    LongText,
    PageMeta,
    Text,
    form_problem,
    page_of,
    responses,
)
from pasientforlop.interop.problems import Problem
from pasientforlop.lib import access
from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways import deadlines
from pasientforlop.pathways.choices import StepChoice
from pasientforlop.pathways.forms import PatientForm
from pasientforlop.pathways.models import Pathway
from pasientforlop.pathways.procedures import current_template
from pasientforlop.pathways.recording import StepConflict, StepEntry, StepRefused, record_step
from pasientforlop.pathways.views.common import (
    chain_boxes,
    get_step_for_user,
    require_clinical_role,
)

router = Router(tags=["pathways"])


class OrganisationRef(Schema):
    id: int
    name: str
    number: str


class PersonRef(Schema):
    id: int | None
    name: str


class PatientOut(Schema):
    id: int
    municipality: OrganisationRef
    display_name: str
    first_name: str
    last_name: str
    national_id: str
    pseudonym: str
    phone: str
    address: str
    next_of_kin: str
    gp_name: str
    created_at: datetime


class PatientDetail(PatientOut):
    pathways: list[int]


class PatientPage(PageMeta):
    results: list[PatientOut]


class PatientIn(Schema):
    municipality: Id
    first_name: Text = ""
    last_name: Text = ""
    national_id: Text = ""
    pseudonym: Text = ""
    phone: Text = ""
    address: Text = ""
    next_of_kin: Text = ""
    gp_name: Text = ""


class StepOut(Schema):
    step: str
    label: str
    status: str
    status_label: str
    due: date | None
    done_on: date | None
    done_by: str
    reason: str
    days_late: int


class PatientRef(Schema):
    id: int
    display_name: str


class PathwayOut(Schema):
    id: int
    view: str = Field(description="municipal: the whole pathway; hospital: hospital steps only")
    patient: PatientRef
    municipality: OrganisationRef
    unit: OrganisationRef
    hospital: OrganisationRef | None
    start_type: str
    start_type_label: str
    start_date: date
    anchor: date | None
    primary_contact: PersonRef | None
    readmission_on: date | None
    closed_on: date | None
    external_ref: str
    steps: list[StepOut]


class PathwayPage(PageMeta):
    results: list[PathwayOut]


class StepIn(Schema):
    done_on: date | None = None
    done_at: datetime | None = None
    not_applicable: bool = False
    reason: Text = ""
    note: LongText = ""
    version: int = Field(0, ge=0, le=2**31 - 1, description="the record's version; 0 = new")


def organisation_ref(org: Organisation | None) -> dict | None:
    if org is None:
        return None
    return {"id": org.pk, "name": org.name, "number": org.number}


def patient_out(patient) -> dict:
    return {
        "id": patient.pk,
        "municipality": organisation_ref(patient.municipality),
        "display_name": patient.display_name(),
        **{name: getattr(patient, name) for name in (*PatientForm.Meta.fields, "created_at")},
    }


def pathway_out(pathway: Pathway, view: str, today: date) -> dict:
    """The pathway as the timeline shows it: ``chain_boxes`` gives the same steps, statuses
    and due dates (hospital view: hospital steps only)."""
    contact = pathway.primary_contact
    hospital_view = view == "hospital"
    return {
        "id": pathway.pk,
        "view": view,
        "patient": {"id": pathway.patient_id, "display_name": pathway.patient.display_name()},
        "municipality": organisation_ref(pathway.municipality),
        "unit": organisation_ref(pathway.unit),
        "hospital": organisation_ref(pathway.hospital),
        "start_type": pathway.start_type,
        "start_type_label": str(pathway.get_start_type_display()),
        "start_date": pathway.start_date,
        "anchor": None if hospital_view else deadlines.anchor(pathway.facts()),
        "primary_contact": (
            {"id": contact.pk, "name": contact.display_name()}
            if contact and not hospital_view
            else None
        ),
        "readmission_on": None if hospital_view else pathway.readmission_on,
        "closed_on": pathway.closed_on,
        "external_ref": "" if hospital_view else pathway.external_ref,
        "steps": [
            {**box.__dict__, "label": str(box.label), "status_label": str(box.status_label)}
            for box in chain_boxes(pathway, today, view)
        ],
    }


def _pathways():
    return Pathway.objects.select_related(
        "patient", "municipality", "unit", "hospital", "primary_contact"
    ).prefetch_related("records", "stays")


@router.get("/patients", response=responses({200: PatientPage}), summary="Users of services")
def list_patients(
    request,
    municipality: Id | None = None,
    created_from: date | None = None,
    created_to: date | None = None,
    page: int = Query(1, ge=1, le=100000),
    page_size: int = Query(50, ge=1, le=200),
):
    need(request, "pathways:read")
    patients = access.patients_for_user(request.user).select_related("municipality")
    if municipality is not None:
        patients = patients.filter(municipality_id=municipality)
    if created_from:
        patients = patients.filter(created_at__date__gte=created_from)
    if created_to:
        patients = patients.filter(created_at__date__lte=created_to)
    items, count = page_of(patients.order_by("pk"), page, page_size)
    record_patients_shown(request, [p.pk for p in items], object_type="api.patients")
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "results": [patient_out(p) for p in items],
    }


@router.get("/patients/{pk}", response=responses({200: PatientDetail}), summary="A user")
def get_patient(request, pk: Id):
    need(request, "pathways:read")
    patient = access.get_patient_for_user(request.user, pk)
    record(request, AuditAction.VIEW, patient, organisation=patient.municipality)
    return patient_out(patient) | {
        "pathways": list(patient.pathways.order_by("-start_date").values_list("pk", flat=True))
    }


@router.post("/patients", response=responses({201: PatientDetail}), summary="Register a user")
def create_patient(request, data: PatientIn):
    need(request, "pathways:write")
    municipality = access.get_clinical_municipality_for_user(request.user, data.municipality)
    require_clinical_role(request.user, municipality)
    values = data.dict(exclude={"municipality"})

    def make_form():
        return PatientForm(values, municipality=municipality)

    problem = form_problem(make_form)
    if problem:
        raise problem
    patient = make_form()
    patient.is_valid()
    patient = patient.save(commit=False)
    patient.municipality = municipality
    patient.created_by = request.user
    patient.save()
    record(request, AuditAction.CREATE, patient, organisation=municipality, reason="api")
    return Status(201, patient_out(patient) | {"pathways": []})


@router.get("/pathways", response=responses({200: PathwayPage}), summary="Pathways")
def list_pathways(
    request,
    municipality: Id | None = None,
    unit: Id | None = None,
    patient: Id | None = None,
    open: bool | None = None,
    start_from: date | None = None,
    start_to: date | None = None,
    page: int = Query(1, ge=1, le=100000),
    page_size: int = Query(50, ge=1, le=200),
):
    need(request, "pathways:read")
    municipal = access.clinical_municipality_ids(request.user)
    pathways = _pathways().filter(
        Q(municipality_id__in=municipal) | Q(hospital_id__in=access.hospital_ids(request.user))
    )
    filters = {
        "municipality_id": municipality,
        "unit_id": unit,
        "patient_id": patient,
        "start_date__gte": start_from,
        "start_date__lte": start_to,
    }
    pathways = pathways.filter(**{k: v for k, v in filters.items() if v is not None})
    if open is not None:
        pathways = pathways.filter(closed_on__isnull=open)
    items, count = page_of(pathways.order_by("-start_date", "-pk"), page, page_size)
    today = today_oslo()
    record_patients_shown(request, [p.patient_id for p in items], object_type="api.pathways")
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "results": [
            pathway_out(p, "municipal" if p.municipality_id in municipal else "hospital", today)
            for p in items
        ],
    }


@router.get("/pathways/{pk}", response=responses({200: PathwayOut}), summary="A pathway")
def get_pathway(request, pk: Id):
    need(request, "pathways:read")
    pathway, view = access.get_pathway_for_user(request.user, pk)
    pathway = _pathways().get(pk=pathway.pk)
    record(
        request,
        AuditAction.VIEW,
        pathway,
        organisation=pathway.municipality,
        reason="hospital" if view == "hospital" else "",
    )
    return pathway_out(pathway, view, today_oslo())


@router.post(
    "/pathways/{pk}/steps/{step}",
    response=responses({200: PathwayOut}),
    summary="Record a step (done, or not applicable with a reason)",
)
def record_pathway_step(request, data: StepIn, pk: Id, step: str):
    need(request, "pathways:write")
    pathway, view = get_step_for_user(request.user, pk, step)
    pathway = _pathways().get(pk=pathway.pk)
    if step == deadlines.Step.DISCHARGE_READY and data.done_at is None and not data.not_applicable:
        raise _invalid("done_at", "Oppgi tidspunkt (done_at).", "Give the time (done_at).")
    if step != deadlines.Step.DISCHARGE_READY and data.done_at is not None:
        raise _invalid(
            "done_at", "Bare utskrivningsklar har tidspunkt.", "Only discharge_ready has a time."
        )
    if not data.not_applicable and data.done_on is None and data.done_at is None:
        raise _invalid("done_on", "Oppgi dato.", "Give the date.")
    if data.not_applicable and not data.reason.strip():
        raise _invalid("reason", "Oppgi en grunn.", "Give a reason.")
    if data.done_at is not None and data.done_at.tzinfo is None:
        raise _invalid("done_at", "Oppgi tidssone.", "Give a time zone.")
    entry = StepEntry(
        done_on=None if data.not_applicable or data.done_at else data.done_on,
        done_at=None if data.not_applicable else data.done_at,
        not_applicable=data.not_applicable,
        reason=data.reason.strip(),
        note=data.note,
    )
    template = current_template(pathway.municipality, step)
    try:
        record_step(request, pathway, step, entry, data.version, template, request.user)
    except StepRefused as refused:
        raise Problem(
            "invalid",
            "Ingenting ble lagret: " + " ".join(refused.messages),
            "Nothing was saved: the entry breaks a pathway rule (see errors).",
            errors=[{"loc": ["body"], "message": m, "message_en": ""} for m in refused.messages],
        ) from None
    except StepConflict as conflict:
        current = conflict.current
        raise Problem(
            "conflict",
            "Noen andre lagret steget i mellomtiden. Ingenting ble lagret.",
            "Someone else saved the step meanwhile. Nothing was saved.",
            errors=[
                {"loc": ["body", "version"], "current_version": current.version if current else 0}
            ],
        ) from None
    return pathway_out(_pathways().get(pk=pathway.pk), view, today_oslo())


def _invalid(field: str, nb: str, en: str) -> Problem:
    return Problem(
        "invalid", nb, en, errors=[{"loc": ["body", field], "message": nb, "message_en": en}]
    )


STEP_CODES = [str(step) for step in StepChoice.values]
