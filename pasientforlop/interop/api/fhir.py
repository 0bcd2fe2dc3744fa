"""FHIR R4: a user's resources (``$everything``), a municipality's bulk export (NDJSON) and
import of the same bundles."""

import json
from typing import Annotated

from django.db.models import Q
from django.http import Http404, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from pasientforlop.accounts.choices import Role
from pasientforlop.audit.log import record, record_patients_shown
from pasientforlop.audit.models import AuditAction
from pasientforlop.interop.api.auth import need
from pasientforlop.interop.api.common import MAX_ID, NO_CONTROL, Id, responses
from pasientforlop.interop.fhir import export
from pasientforlop.interop.fhir import systems as s
from pasientforlop.interop.fhir.importer import ImportRefused, import_resources, resources_of
from pasientforlop.interop.fhir.systems import VERSIONS
from pasientforlop.interop.problems import Problem
from pasientforlop.lib import access
from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways.models import Pathway, Patient
from pasientforlop.pathways.views.imports import municipalities_with_role
from pasientforlop.whatmatters.models import Conversation

router = Router(tags=["fhir"])

FHIR_JSON = "application/fhir+json"
NDJSON = "application/fhir+ndjson"
MAX_IMPORT_BYTES = 5 * 1024 * 1024
BULK_ROLES = {Role.UNIT_LEADER}


class ImportOut(Schema):
    patients: int
    pathways: int
    steps: int
    conversations: int
    actors: int


def fhir_base(request) -> str:
    return request.build_absolute_uri("/api/fhir")


def _fhir_response(body: str, content_type: str, name: str | None = None) -> HttpResponse:
    response = HttpResponse(body, content_type=f"{content_type}; fhirVersion=4.0")
    if name:
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _fhir_json(document) -> HttpResponse:
    return _fhir_response(json.dumps(document, ensure_ascii=False), FHIR_JSON)


def _fhir_ok(description: str, media: str = FHIR_JSON, schema_type: str = "object") -> dict:
    """The OpenAPI ``responses`` of an operation answering 200 with FHIR content."""
    return {
        "200": {"description": description, "content": {media: {"schema": {"type": schema_type}}}}
    }


def _refused(refused: ImportRefused) -> Problem:
    """An import refused whole: nothing was imported, with the first hundred errors."""
    return Problem(
        "invalid",
        "Ingenting ble importert: se errors.",
        "Nothing was imported: see errors.",
        errors=refused.errors[:100],
    )


def _municipality_for_bulk(user, pk: int):
    """A municipality where the user is a unit leader (there or in a unit): 404 when the
    user has no clinical role there, 403 when they have one but are not a unit leader."""
    if pk not in access.clinical_municipality_ids(user):
        raise Http404
    found = {m.pk: m for m in municipalities_with_role(user, BULK_ROLES)}.get(pk)
    if found is None:
        raise Problem(
            "forbidden",
            "Bare enhetsledere kan eksportere eller importere for hele kommunen.",
            "Only unit leaders may export or import for the whole municipality.",
        )
    return found


@router.get(
    "/Patient/{pk}/$everything",
    response=responses({}),
    summary="Every FHIR resource about one user (Bundle)",
    openapi_extra={"responses": _fhir_ok("A FHIR R4 Bundle of type collection")},
)
def patient_everything(request, pk: Id):
    need(request, "fhir:read")
    patient = access.get_patient_for_user(request.user, pk)
    bundle = export.patient_everything(patient, today_oslo(), fhir_base(request))
    _audit(request, patient, "fhir $everything", len(bundle["entry"]), AuditAction.EXPORT)
    return _fhir_json(bundle)


@router.get(
    "/Organization/{pk}/$export",
    response=responses({}),
    summary="Bulk export of a municipality (NDJSON, one resource a line)",
    openapi_extra={"responses": _fhir_ok("FHIR R4 resources as NDJSON", NDJSON, "string")},
)
def organisation_export(request, pk: Id):
    need(request, "fhir:read")
    municipality = _municipality_for_bulk(request.user, pk)
    resources = export.organisation_export(municipality, today_oslo())
    record(
        request,
        AuditAction.EXPORT,
        municipality,
        organisation=municipality,
        reason="fhir bulk export",
        after={"resources": len(resources)},
    )
    # One record per user of services exported, so each user's trail shows the export.
    record_patients_shown(
        request,
        [_pk(r["id"], "pat") for r in resources if r.get("resourceType") == "Patient"],
        object_type="interop.fhir_bulk_export",
        organisation=municipality,
        action=AuditAction.EXPORT,
        reason="fhir bulk export",
    )
    return _fhir_response(
        export.to_ndjson(resources), NDJSON, f"fhir-{municipality.number or municipality.pk}.ndjson"
    )


def _read_body(request) -> bytes:
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_IMPORT_BYTES:
        raise Problem(
            "too-large",
            "Høyst 5 MB per import: del opp bunten.",
            "At most 5 MB per import: split the bundle.",
        )
    body = request.read(MAX_IMPORT_BYTES + 1)
    if len(body) > MAX_IMPORT_BYTES:
        raise Problem("too-large", "Høyst 5 MB per import.", "At most 5 MB per import.")
    return body


def _parse(request) -> list:
    media = request.content_type or ""
    if media not in (FHIR_JSON, "application/json", NDJSON):
        raise Problem(
            "unsupported-media-type",
            "Send application/fhir+json (en Bundle) eller application/fhir+ndjson.",
            "Send application/fhir+json (a Bundle) or application/fhir+ndjson.",
        )
    version = {k.lower(): v for k, v in request.content_params.items()}.get("fhirversion")
    if version is not None and version not in VERSIONS:
        raise Problem(
            "invalid",
            f"FHIR-versjon «{version[:20]}» støttes ikke: bruk R4 (4.0).",
            f"FHIR version “{version[:20]}” is not supported: use R4 (4.0).",
        )
    body = _read_body(request)
    try:
        text = body.decode("utf-8")
        if media == NDJSON:
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        document = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise Problem(
            "malformed",
            "Innholdet kunne ikke leses som JSON.",
            "The body could not be read as JSON.",
        ) from None
    try:
        return resources_of(document)
    except ImportRefused as refused:
        raise _refused(refused) from None


@router.post(
    "/Organization/{pk}/$import",
    response=responses({201: ImportOut}),
    summary="Import a Bundle (or NDJSON) into a municipality, all or nothing",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                FHIR_JSON: {
                    "schema": {
                        "type": "object",
                        "properties": {"resourceType": {"type": "string"}},
                        "required": ["resourceType"],
                    }
                }
            },
        }
    },
)
def organisation_import(request, pk: Id):
    need(request, "fhir:write")
    municipality = _municipality_for_bulk(request.user, pk)
    resources = _parse(request)
    try:
        counts = import_resources(resources, municipality, request.user)
    except ImportRefused as refused:
        raise _refused(refused) from None
    result = {
        "patients": counts.patients,
        "pathways": counts.pathways,
        "steps": counts.steps,
        "conversations": counts.conversations,
        "actors": counts.actors,
    }
    record(
        request,
        AuditAction.IMPORT,
        municipality,
        organisation=municipality,
        reason="fhir import",
        after=result,
    )
    return Status(201, result)


# --- CapabilityStatement, read and search ---------------------------------------------------

SEARCHABLE = {
    "Patient": ["_id", "identifier"],
    "CarePlan": ["_id", "identifier", "patient"],
    "Task": ["_id", "patient", "based-on"],
    "QuestionnaireResponse": ["_id", "patient"],
}


def capability_statement(base: str) -> dict:
    resources = [
        {
            "type": kind,
            "profile": profile,
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "searchParam": [
                {"name": name, "type": "token" if name in ("_id", "identifier") else "reference"}
                for name in params
            ],
        }
        for kind, params in SEARCHABLE.items()
        for profile in [
            {"Patient": s.PROFILE_PATIENT}.get(
                kind, f"http://hl7.org/fhir/StructureDefinition/{kind}"
            )
        ]
    ]
    return {
        "resourceType": "CapabilityStatement",
        "id": "pasientforlop",
        "url": base + "/metadata",
        "name": "Pasientforlop",
        "title": "pasientforlop FHIR R4 API",
        "status": "active",
        "date": "2026-12-06",
        "kind": "instance",
        "implementation": {"description": "pasientforlop", "url": base},
        "fhirVersion": "4.0.1",
        "format": [FHIR_JSON, "json"],
        "rest": [
            {
                "mode": "server",
                "security": {
                    "description": "Authorization: Bearer pf_… (a personal API token with the "
                    "scope fhir:read or fhir:write)."
                },
                "resource": resources,
                "operation": [
                    {
                        "name": "everything",
                        "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything",
                    },
                    {
                        "name": "export",
                        "definition": "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export",
                    },
                    {"name": "import", "definition": base + "/OperationDefinition/import"},
                ],
            }
        ],
    }


@router.get(
    "/metadata",
    auth=None,
    response=responses({}),
    summary="The server's CapabilityStatement",
    openapi_extra={"responses": _fhir_ok("A FHIR R4 CapabilityStatement")},
)
def metadata(request):
    return _fhir_response(json.dumps(capability_statement(fhir_base(request))), FHIR_JSON)


def _pk(value: str, prefix: str) -> int:
    """The primary key in one of our ids (``pat-12``, ``cp-7``), or 404."""
    head, _sep, tail = value.partition("-")
    if head != prefix or not tail.split("-")[0].isdigit() or int(tail.split("-")[0]) > MAX_ID:
        raise Http404
    return int(tail.split("-")[0])


def _patient_resources(request, patient) -> list[dict]:
    return export.export_patients(Patient.objects.filter(pk=patient.pk), today_oslo())


def _patient_of(request, kind: str, key: str):
    """The user of services a resource id belongs to, through the access rules."""
    if kind == "Patient":
        return access.get_patient_for_user(request.user, _pk(key, "pat"))
    if kind in ("CarePlan", "Task"):
        pathway = Pathway.objects.filter(
            pk=_pk(key, "cp" if kind == "CarePlan" else "task")
        ).first()
        if pathway is None:
            raise Http404
        return access.get_patient_for_user(request.user, pathway.patient_id)
    conversation = Conversation.objects.filter(pk=_pk(key, "qr")).select_related("form").first()
    if conversation is None:
        raise Http404
    return access.get_patient_for_user(request.user, conversation.form.patient_id)


def _audit(request, patient, reason: str, count: int, action=AuditAction.VIEW) -> None:
    """Audit ``count`` resources about one user of services read (or exported) through FHIR."""
    record(
        request,
        action,
        patient,
        organisation=patient.municipality,
        reason=reason,
        after={"resources": count},
    )


def _matches(resource: dict, kind: str, params: dict) -> bool:
    if resource["resourceType"] != kind:
        return False
    if "_id" in params and resource["id"] != params["_id"]:
        return False
    if "identifier" in params:
        system, _bar, value = params["identifier"].rpartition("|")
        if not any(
            i.get("value") == value and (not system or i.get("system") == system)
            for i in resource.get("identifier") or []
        ):
            return False
    if "based-on" in params:
        wanted = params["based-on"].removeprefix("CarePlan/")
        if f"CarePlan/{wanted}" not in [r.get("reference") for r in resource.get("basedOn") or []]:
            return False
    return True


FHIR_OK = _fhir_ok("A FHIR R4 resource or a searchset Bundle")


def _read(request, kind: str, key: str):
    need(request, "fhir:read")
    patient = _patient_of(request, kind, key)
    found = [r for r in _patient_resources(request, patient) if r["resourceType"] == kind]
    resource = next((r for r in found if r["id"] == key), None)
    if resource is None:
        raise Http404
    _audit(request, patient, f"fhir read {kind}", 1)
    return _fhir_json(resource)


def _search(request, kind: str, params: dict):
    need(request, "fhir:read")
    params = {k: v for k, v in params.items() if v}
    if not params:
        raise Problem(
            "invalid",
            "Oppgi minst ett søkeparameter: " + ", ".join(SEARCHABLE[kind]) + ".",
            "Give at least one search parameter: " + ", ".join(SEARCHABLE[kind]) + ".",
        )
    if kind == "Patient" or "patient" not in params:
        patients = access.patients_for_user(request.user)
        if "_id" in params and kind == "Patient":
            patients = patients.filter(pk=_pk_or_zero(params["_id"], "pat"))
        elif "identifier" in params and kind == "Patient":
            value = params["identifier"].rpartition("|")[2]
            patients = patients.filter(Q(national_id=value) | Q(pseudonym=value))
        elif "identifier" in params and kind == "CarePlan":
            value = params["identifier"].rpartition("|")[2]
            patients = patients.filter(pathways__external_ref=value)
        elif "_id" in params:
            prefix = {"CarePlan": "cp", "Task": "task", "QuestionnaireResponse": "qr"}[kind]
            pk = _pk_or_zero(params["_id"], prefix)
            patients = patients.filter(
                **(
                    {"pathways__pk": pk}
                    if kind != "QuestionnaireResponse"
                    else {"forms__conversations__pk": pk}
                )
            )
        elif "based-on" in params:
            pk = _pk_or_zero(params["based-on"].removeprefix("CarePlan/"), "cp")
            patients = patients.filter(pathways__pk=pk)
    else:
        reference = params.pop("patient").removeprefix("Patient/")
        patients = access.patients_for_user(request.user).filter(pk=_pk_or_zero(reference, "pat"))
    patients = list(patients.distinct().order_by("pk")[:50])
    found = []
    for patient in patients:
        matching = [r for r in _patient_resources(request, patient) if _matches(r, kind, params)]
        if matching:
            _audit(request, patient, f"fhir search {kind}", len(matching))
        found += matching
    return _fhir_json(export.bundle(found, fhir_base(request), "searchset"))


def _pk_or_zero(value: str, prefix: str) -> int:
    try:
        return _pk(value, prefix)
    except Http404:
        return 0


FhirId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9\-\.]{1,64}$")]
Token = Annotated[str, Field(max_length=200, pattern=NO_CONTROL)]
ID_PARAM = Query("", alias="_id")
BASED_ON_PARAM = Query("", alias="based-on")


def _fhir_get(path: str, summary: str):
    """Register a FHIR read or search operation: a FHIR body on 200, problems otherwise."""
    return router.get(
        path, response=responses({}), summary=summary, openapi_extra={"responses": FHIR_OK}
    )


@_fhir_get("/Patient/{key}", "Read a Patient")
def read_patient(request, key: FhirId):
    return _read(request, "Patient", key)


@_fhir_get("/Patient", "Search Patients by identifier (system|value)")
def search_patient(request, identifier: Token = "", id_: Token = ID_PARAM):
    return _search(request, "Patient", {"identifier": identifier, "_id": id_})


@_fhir_get("/CarePlan/{key}", "Read a CarePlan (a pathway)")
def read_care_plan(request, key: FhirId):
    return _read(request, "CarePlan", key)


@_fhir_get("/CarePlan", "Search CarePlans")
def search_care_plan(request, identifier: Token = "", patient: Token = "", id_: Token = ID_PARAM):
    return _search(request, "CarePlan", {"identifier": identifier, "patient": patient, "_id": id_})


@_fhir_get("/Task/{key}", "Read a Task (a step)")
def read_task(request, key: FhirId):
    return _read(request, "Task", key)


@_fhir_get("/Task", "Search Tasks")
def search_task(
    request,
    patient: Token = "",
    based_on: Token = BASED_ON_PARAM,
    id_: Token = ID_PARAM,
):
    return _search(request, "Task", {"patient": patient, "based-on": based_on, "_id": id_})


@_fhir_get("/QuestionnaireResponse/{key}", "Read a QuestionnaireResponse (a conversation)")
def read_questionnaire_response(request, key: FhirId):
    return _read(request, "QuestionnaireResponse", key)


@_fhir_get("/QuestionnaireResponse", "Search QuestionnaireResponses")
def search_questionnaire_response(request, patient: Token = "", id_: Token = ID_PARAM):
    return _search(request, "QuestionnaireResponse", {"patient": patient, "_id": id_})
