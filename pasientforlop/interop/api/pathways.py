"""Users of services, pathways and their steps, with the statuses the pages show."""

import re
from datetime import date, datetime
from typing import Literal

from django.http import HttpResponse, QueryDict
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
    ProblemOut,
    StrictDate,
    StrictDateTime,
    Text,
    form_problem,
    page_of,
    responses,
)
from pasientforlop.interop.problems import Problem
from pasientforlop.lib import access
from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways import deadlines, starting
from pasientforlop.pathways.choices import ExchangeMethodChoice, StartTypeChoice, StepChoice
from pasientforlop.pathways.forms import PathwayForm, PatientForm, StepForm
from pasientforlop.pathways.models import Pathway
from pasientforlop.pathways.recording import StepConflict, StepEntry, StepRefused, record_step
from pasientforlop.pathways.views.common import (
    chain_boxes,
    get_step_for_user,
    require_clinical_role,
)
from pasientforlop.pathways.views.steps import step_parts

router = Router(tags=["pathways"])

#: The steps of the chain, as the OpenAPI document lists them.
StepName = Literal[tuple(str(step) for step in deadlines.CHAIN)]
StartType = Literal[tuple(StartTypeChoice.values)]
ExchangeMethod = Literal[("", *ExchangeMethodChoice.values)]


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
    version: int


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
    done_at: datetime | None = Field(description="discharge_ready only: the time it was done")
    done_by: str
    reason: str
    days_late: int
    version: int = Field(description="the record's version (0: nothing recorded); If-Match")


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
    version: int
    steps: list[StepOut]


class PathwayPage(PageMeta):
    results: list[PathwayOut]


class StepIn(Schema):
    done_on: StrictDate | None = Field(None, description="every step but discharge_ready")
    done_at: StrictDateTime | None = Field(None, description="discharge_ready: date and time")
    not_applicable: bool = False
    reason: Text = Field("", description="why the step is not applicable (then required)")
    note: LongText = ""
    checklist: list[Text] = Field([], description="the ticked items of the step's checklist")
    person: Id | None = Field(None, description="primary_contact: the person (a user id)")
    exchange_method: ExchangeMethod = Field("", description="information_exchange: how")
    exchange_with: Text = Field("", description="information_exchange: with whom")
    version: int = Field(
        0,
        ge=0,
        le=2**31 - 1,
        description="the record's version when read (0: new); or send If-Match",
    )


class PathwayIn(Schema):
    patient: Id
    start_type: StartType
    start_date: StrictDate
    unit: Id = Field(description="the municipal unit that owns the pathway")
    hospital: Id | None = Field(None, description="required when start_type is a hospital start")
    primary_contact: Id | None = None
    deterioration_plan: LongText = ""


def organisation_ref(org: Organisation | None) -> dict | None:
    if org is None:
        return None
    return {"id": org.pk, "name": org.name, "number": org.number}


def patient_out(patient) -> dict:
    return {
        "id": patient.pk,
        "municipality": organisation_ref(patient.municipality),
        "display_name": patient.display_name(),
        **{
            name: getattr(patient, name)
            for name in (*PatientForm.Meta.fields, "created_at", "version")
        },
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
        "version": pathway.version,
        "steps": [step_out(pathway, box) for box in chain_boxes(pathway, today, view)],
    }


def step_out(pathway: Pathway, box) -> dict:
    found = next((r for r in pathway.records.all() if r.step == box.step), None)
    return {
        **box.__dict__,
        "label": str(box.label),
        "status_label": str(box.status_label),
        "done_at": found.done_at if found else None,
        "version": found.version if found else 0,
    }


def _pathways():
    return Pathway.objects.select_related(
        "patient", "municipality", "unit", "hospital", "primary_contact"
    ).prefetch_related("records", "stays")


@router.get("/patients", response=responses({200: PatientPage}), summary="Users of services")
def list_patients(
    request,
    municipality: Id | None = None,
    created_from: StrictDate | None = None,
    created_to: StrictDate | None = None,
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
def create_patient(request, data: PatientIn, response: HttpResponse):
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
    response["Location"] = f"/api/patients/{patient.pk}"
    return Status(201, patient_out(patient) | {"pathways": []})


@router.get("/pathways", response=responses({200: PathwayPage}), summary="Pathways")
def list_pathways(
    request,
    municipality: Id | None = None,
    unit: Id | None = None,
    patient: Id | None = None,
    open: bool | None = None,
    start_from: StrictDate | None = None,
    start_to: StrictDate | None = None,
    page: int = Query(1, ge=1, le=100000),
    page_size: int = Query(50, ge=1, le=200),
):
    need(request, "pathways:read")
    municipal = access.clinical_municipality_ids(request.user)
    pathways = _pathways().filter(pk__in=access.pathways_for_user(request.user).values("pk"))
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


STEP_RESPONSES = responses({200: PathwayOut}) | {412: ProblemOut, 428: ProblemOut}


def _if_match(request) -> int | None:
    """The step version in an ``If-Match`` header (``"3"`` or ``W/"3"``), or None."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    found = re.fullmatch(r'(W/)?"([0-9]{1,9})"', header)
    if found is None:
        raise Problem(
            "invalid-request",
            'If-Match må være stegets versjon, for eksempel "3".',
            'If-Match must be the step\'s version, for example "3".',
        )
    return int(found.group(2))


def _unchanged(current, entry: StepEntry) -> bool:
    """The record already holds exactly this entry (a resend, not a conflict)."""
    return (
        current.done_on == entry.done_on
        and current.done_at == entry.done_at
        and current.not_applicable == entry.not_applicable
        and current.reason == entry.reason
        and current.note == entry.note
        and (current.checklist or {}) == (entry.checklist or {})
        and getattr(current, "exchange_method", "") == entry.exchange_method
        and getattr(current, "exchange_with", "") == entry.exchange_with
    )


def _step_in_chain(request, pk: int, step: str):
    """404 for a pathway the user cannot see; 422 for a step the pathway's chain does not
    have (a rule); then 403 for a step outside the user's role or view."""
    pathway, _view = access.get_pathway_for_user(request.user, pk)
    if step not in deadlines.steps_for(deadlines.StartType(pathway.start_type)):
        label = StartTypeChoice(pathway.start_type).label
        raise _invalid(
            "step",
            f"Steget «{StepChoice(step).label}» hører ikke til et forløp som starter med "
            f"«{label}».",
            f"The step “{step}” is not part of a pathway that starts with “{pathway.start_type}”.",
        )
    return get_step_for_user(request.user, pk, step)


@router.get(
    "/pathways/{pk}/steps/{step}",
    response=responses({200: StepOut}),
    summary="One step of a pathway, with its version as ETag",
)
def get_pathway_step(request, pk: Id, step: StepName, response: HttpResponse):
    need(request, "pathways:read")
    pathway, view = access.get_pathway_for_user(request.user, pk)
    pathway = _pathways().get(pk=pathway.pk)
    box = next((b for b in chain_boxes(pathway, today_oslo(), view) if b.step == step), None)
    if box is None:
        raise Problem(
            "not-found", "Forløpet har ikke dette steget.", "The pathway has no such step."
        )
    found = step_out(pathway, box)
    response["ETag"] = f'"{found["version"]}"'
    return found


@router.post(
    "/pathways/{pk}/steps/{step}",
    response=STEP_RESPONSES,
    summary="Record a step (done, or not applicable with a reason), as the step page does",
)
def record_pathway_step(request, data: StepIn, pk: Id, step: StepName, response: HttpResponse):
    need(request, "pathways:write")
    pathway, view = _step_in_chain(request, pk, step)
    pathway = _pathways().get(pk=pathway.pk)
    if_match = _if_match(request)
    expected = data.version if if_match is None else if_match
    if step == deadlines.Step.DISCHARGE_READY and data.done_on is not None:
        raise _invalid(
            "done_on", "Utskrivningsklar har tidspunkt: bruk done_at.", "Use done_at for this step."
        )
    if step != deadlines.Step.DISCHARGE_READY and data.done_at is not None:
        raise _invalid(
            "done_at", "Bare utskrivningsklar har tidspunkt.", "Only discharge_ready has a time."
        )
    current, template, staff = step_parts(pathway, step)
    values = {
        "done_on": data.done_on.isoformat() if data.done_on else "",
        "done_at": data.done_at.isoformat() if data.done_at else "",
        "not_applicable": "on" if data.not_applicable else "",
        "reason": data.reason,
        "checklist": data.checklist,
        "person": str(data.person or ""),
        "note": data.note,
        "exchange_method": data.exchange_method,
        "exchange_with": data.exchange_with,
        "version": str(expected),
    }

    def make_form():
        form_data = QueryDict(mutable=True)
        for name, value in values.items():
            if isinstance(value, list):
                form_data.setlist(name, value)
            else:
                form_data[name] = value
        return StepForm(form_data, step=step, items=template.items, staff=staff)

    problem = form_problem(make_form)
    if problem:
        raise problem
    form = make_form()
    form.is_valid()
    cleaned = form.cleaned_data
    ticked = set(cleaned.get("checklist") or [])
    entry = StepEntry(
        done_on=None if cleaned["not_applicable"] else cleaned.get("done_on"),
        done_at=None if cleaned["not_applicable"] else cleaned.get("done_at"),
        not_applicable=cleaned["not_applicable"],
        reason=cleaned["reason"].strip() if cleaned["not_applicable"] else "",
        checklist={item: item in ticked for item in template.items},
        note=cleaned["note"],
        exchange_method=cleaned.get("exchange_method") or "",
        exchange_with=(cleaned.get("exchange_with") or "").strip(),
    )
    if current is not None and _unchanged(current, entry):
        response["ETag"] = f'"{current.version}"'
        return pathway_out(pathway, view, today_oslo())
    try:
        saved = record_step(request, pathway, step, entry, expected, template, request.user)
    except StepRefused as refused:
        raise Problem(
            "invalid",
            "Ingenting ble lagret: " + " ".join(refused.messages),
            "Nothing was saved: the entry breaks a pathway rule (see errors).",
            errors=[{"loc": ["body"], "message": m, "message_en": ""} for m in refused.messages],
        ) from None
    except StepConflict as conflict:
        now = conflict.current.version if conflict.current else 0
        raise Problem(
            "conflict" if if_match is None else "precondition-failed",
            "Noen andre lagret steget i mellomtiden. Ingenting ble lagret.",
            "Someone else saved the step meanwhile. Nothing was saved.",
            errors=[{"loc": ["body", "version"], "current_version": now}],
            headers={"ETag": f'"{now}"'},
        ) from None
    if step == deadlines.Step.PRIMARY_CONTACT and cleaned.get("person"):
        Pathway.objects.filter(pk=pathway.pk).update(primary_contact=cleaned["person"])
    response["ETag"] = f'"{saved.version}"'
    return pathway_out(_pathways().get(pk=pathway.pk), view, today_oslo())


@router.post("/pathways", response=responses({201: PathwayOut}), summary="Start a pathway")
def create_pathway(request, data: PathwayIn, response: HttpResponse):
    need(request, "pathways:write")
    patient = access.get_patient_for_user(request.user, data.patient)
    require_clinical_role(request.user, patient.municipality)
    access.require_full_relation(request.user, patient)
    values = {
        "start_type": data.start_type,
        "start_date": data.start_date.isoformat(),
        "unit": str(data.unit),
        "hospital": str(data.hospital or ""),
        "primary_contact": str(data.primary_contact or ""),
        "deterioration_plan": data.deterioration_plan,
    }

    def make_form():
        return PathwayForm(values, municipality=patient.municipality)

    problem = form_problem(make_form)
    if problem:
        raise problem
    form = make_form()
    form.is_valid()
    pathway = starting.start_pathway(request, form, patient, reason="api")
    response["Location"] = f"/api/pathways/{pathway.pk}"
    return Status(201, pathway_out(_pathways().get(pk=pathway.pk), "municipal", today_oslo()))


def _invalid(field: str, nb: str, en: str) -> Problem:
    return Problem(
        "invalid", nb, en, errors=[{"loc": ["body", field], "message": nb, "message_en": en}]
    )


STEP_CODES = [str(step) for step in StepChoice.values]
