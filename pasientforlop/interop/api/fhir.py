"""FHIR R4: a user's resources (``$everything``), a municipality's bulk export (NDJSON) and
import of the same bundles."""

import json

from django.http import Http404, HttpResponse
from ninja import Router, Schema, Status

from pasientforlop.accounts.choices import Role
from pasientforlop.audit.log import record
from pasientforlop.audit.models import AuditAction
from pasientforlop.interop.api.auth import need
from pasientforlop.interop.api.common import Id, responses
from pasientforlop.interop.fhir import export
from pasientforlop.interop.fhir.importer import ImportRefused, import_resources, resources_of
from pasientforlop.interop.fhir.systems import VERSIONS
from pasientforlop.interop.problems import Problem
from pasientforlop.lib import access
from pasientforlop.lib.dates import today_oslo
from pasientforlop.pathways.views.imports import municipalities_with_role

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


def _fhir_response(body: str, content_type: str, name: str | None = None) -> HttpResponse:
    response = HttpResponse(body, content_type=f"{content_type}; fhirVersion=4.0")
    if name:
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


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
    openapi_extra={
        "responses": {
            "200": {
                "description": "A FHIR R4 Bundle of type collection",
                "content": {FHIR_JSON: {"schema": {"type": "object"}}},
            }
        }
    },
)
def patient_everything(request, pk: Id):
    need(request, "fhir:read")
    patient = access.get_patient_for_user(request.user, pk)
    bundle = export.patient_everything(patient, today_oslo())
    record(
        request,
        AuditAction.EXPORT,
        patient,
        organisation=patient.municipality,
        reason="fhir $everything",
        after={"resources": len(bundle["entry"])},
    )
    return _fhir_response(json.dumps(bundle, ensure_ascii=False), FHIR_JSON)


@router.get(
    "/Organization/{pk}/$export",
    response=responses({}),
    summary="Bulk export of a municipality (NDJSON, one resource a line)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "FHIR R4 resources as NDJSON",
                "content": {NDJSON: {"schema": {"type": "string"}}},
            }
        }
    },
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
        return resources_of(json.loads(text))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise Problem(
            "malformed",
            "Innholdet kunne ikke leses som JSON.",
            "The body could not be read as JSON.",
        ) from None


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
        raise Problem(
            "invalid",
            "Ingenting ble importert: se errors.",
            "Nothing was imported: see errors.",
            errors=refused.errors[:100],
        ) from None
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
