"""Taking in one PLO message: check, store, enter into the pathway, answer with an AppRec.

The one write path for received messages; the command line, the upload page and the API
all call :func:`receive`. ``docs/plo.md`` describes the rules; in short:

* A message is refused (AppRec "Avvist", nothing stored) when it is not well-formed XML
  (T01), not a supported PLO message (T10, T02), has a bad message id (E10), is addressed
  to a HER-id that is not a municipality the importer may receive for (E21), has no or an
  invalid national identity number (E30, E31), or cancels a message never received (X99).
* The same message id from the same sender again changes nothing: the receipt given the
  first time is returned. The same id with other content is refused (E10).
* The user of services is found by national identity number (fødselsnummer or D-number)
  in the receiving municipality, never by name. No match: the message waits for a person
  to match it (AppRec OK: it was received and can be read).
* Logistics messages record the admission and discharge-ready steps, set the hospital, the
  ward and the discharge time; a withdrawn discharge-ready declaration removes that step.
  A change (Forsendelsesstatus M) replaces what the earlier message entered; a cancellation
  (C) undoes it, unless a person has changed the step since.
* What the pathway rules refuse is kept with the reason (AppRec OK: a negative receipt is
  not for content errors, HIS 80415:2012 section 3.3.2) and shown for a person to handle.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from pasientforlop.accounts.choices import OrganisationKind
from pasientforlop.accounts.models import Organisation
from pasientforlop.audit.log import mask_national_ids
from pasientforlop.audit.log import record as audit
from pasientforlop.audit.models import AuditAction
from pasientforlop.lib.identifiers import NationalIdKind, classify_national_id
from pasientforlop.pathways import deadlines, recording
from pasientforlop.pathways.forms import home_units
from pasientforlop.pathways.models import Pathway, Patient, StepRecord
from pasientforlop.pathways.recording import StepEntry, check_rules
from pasientforlop.plo import apprec
from pasientforlop.plo.apprec import ReceiptError
from pasientforlop.plo.models import MessageDocument, MessageStatus, ReceivedMessage
from pasientforlop.plo.parsing import (
    EVENT_ADMITTED,
    EVENT_DISCHARGE_READY,
    LOGISTICS_KINDS,
    Action,
    ErrorCode,
    Header,
    Kind,
    MessageError,
    PloMessage,
    header_of,
    parse,
)

STEP = deadlines.Step
_HER_ID = re.compile(r"^[1-9][0-9]{0,8}$")


class Result:
    """How one message went, for the import report."""

    OK = "ok"
    UNMATCHED = "unmatched"
    KEPT = "kept"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


RESULT_LABELS = {
    Result.OK: "Tatt inn",
    Result.UNMATCHED: "Venter på kobling",
    Result.KEPT: "Tatt vare på, ikke registrert",
    Result.DUPLICATE: "Allerede mottatt",
    Result.REJECTED: "Avvist",
}


@dataclass
class Outcome:
    source: str
    result: str
    line: str
    apprec_xml: str
    apprec_status: str
    msg_id: str = ""
    kind: str = ""
    error_code: str = ""
    message: ReceivedMessage | None = None

    @property
    def result_label(self) -> str:
        return RESULT_LABELS[self.result]

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "msg_id": self.msg_id,
            "kind": self.kind,
            "result": self.result,
            "apprec_status": self.apprec_status,
            "error_code": self.error_code,
            "line": self.line,
            "message_id": self.message.pk if self.message else None,
        }


@dataclass
class Context:
    actor: object = None
    request: object = None
    #: Municipality ids the importer may receive for (None: all, the command line).
    allowed: set[int] | None = None
    now: datetime = field(default_factory=timezone.now)

    @property
    def user(self):
        """The actor when it is a stored user (None for the command line)."""
        return self.actor if getattr(self.actor, "pk", None) else None


class _Refused(Exception):
    def __init__(self, code: ErrorCode, reason: str):
        super().__init__(reason)
        self.code = code
        self.reason = reason


def _audit(context: Context, action: AuditAction, obj, reason: str, **details) -> None:
    """An audit record of a change made in taking in or matching a message, by the person
    (or command line) that did it."""
    audit(context.request, action, obj, actor=context.actor, reason=reason, **details)


def _because(stored: ReceivedMessage) -> str:
    """The audit reason for what a message entered or undid."""
    return f"PLO-melding {stored.msg_id}"


# --- entry point ------------------------------------------------------------------------


def receive(data: bytes, *, source: str, context: Context | None = None) -> Outcome:
    """Take in one message (the bytes of one XML file)."""
    context = context or Context()
    try:
        message = parse(data)
    except MessageError as error:
        header = error.header if error.header.msg_id else header_of(data)
        return _rejected(source, header, error.code, error.reason, context)
    try:
        return _receive(data, message, source, context)
    except _Refused as refused:
        return _rejected(source, message.header, refused.code, refused.reason, context)


def _rejected(source, header: Header, code: ErrorCode, reason: str, context) -> Outcome:
    xml = apprec.build(
        header, apprec.Status.REJECTED, [ReceiptError(code, reason)], now=context.now
    )
    return Outcome(
        source=source,
        result=Result.REJECTED,
        line=f"Avvist ({code.value}): {reason} Ingenting er endret.",
        apprec_xml=xml,
        apprec_status=apprec.Status.REJECTED.value,
        msg_id=header.msg_id[:64],
        kind=header.type_code[:40],
        error_code=code.value,
    )


def _receive(data: bytes, message: PloMessage, source: str, context: Context) -> Outcome:
    header = message.header
    if not _HER_ID.match(header.sender.her_id):
        raise _Refused(
            ErrorCode.NOT_VALID,
            f"Avsenderens HER-id «{header.sender.her_id[:20]}» mangler eller er ugyldig "
            "(MsgInfo/Sender).",
        )
    municipality = _municipality(header, context)
    digest = hashlib.sha256(data).hexdigest()
    earlier = ReceivedMessage.objects.filter(
        sender_her_id=header.sender.her_id, msg_id=header.msg_id
    ).first()
    if earlier is not None:
        return _duplicate(source, earlier, digest, context)
    national_id = _national_id(message)
    parent = _parent(message, municipality)
    try:
        with transaction.atomic():
            stored = _store(
                data, digest, message, municipality, national_id, parent, source, context
            )
            if message.content_xml:
                MessageDocument.objects.create(
                    message=stored,
                    kind=message.kind.value,
                    issued_at=message.occurred_at,
                    text=[list(item) for item in message.content_text],
                    content_xml=message.content_xml,
                )
            line = _process(stored, message, parent, context)
            stored.apprec_xml = apprec.build(header, apprec.Status.OK, now=context.now)
            stored.apprec_status = apprec.Status.OK.value
            stored.save(update_fields=["apprec_xml", "apprec_status"])
            _audit(
                context,
                AuditAction.IMPORT,
                stored,
                f"PLO {message.kind.value} {header.msg_id}",
                organisation=municipality,
                patient=stored.patient,
            )
    except IntegrityError:
        # The same message arrived twice at once: the other one was stored first.
        earlier = ReceivedMessage.objects.get(
            sender_her_id=header.sender.her_id, msg_id=header.msg_id
        )
        return _duplicate(source, earlier, digest, context)
    result = {
        MessageStatus.UNMATCHED: Result.UNMATCHED,
        MessageStatus.NEEDS_ATTENTION: Result.KEPT,
    }.get(stored.status, Result.OK)
    return Outcome(
        source=source,
        result=result,
        line=line,
        apprec_xml=stored.apprec_xml,
        apprec_status=stored.apprec_status,
        msg_id=stored.msg_id,
        kind=stored.message_type,
        message=stored,
    )


def _duplicate(source, earlier: ReceivedMessage, digest: str, context) -> Outcome:
    if earlier.raw_sha256 != digest:
        raise _Refused(
            ErrorCode.BAD_MESSAGE_ID,
            f"Meldingsidentifikatoren {earlier.msg_id} er allerede brukt for en annen melding "
            "fra samme avsender.",
        )
    when = timezone.localtime(earlier.received_at).strftime("%d.%m.%Y %H:%M")
    return Outcome(
        source=source,
        result=Result.DUPLICATE,
        line=f"Duplikat: meldingen ble mottatt {when}. Ingenting er endret; samme kvittering "
        "som første gang.",
        apprec_xml=earlier.apprec_xml,
        apprec_status=earlier.apprec_status,
        msg_id=earlier.msg_id,
        kind=earlier.message_type,
        message=earlier,
    )


# --- checks -----------------------------------------------------------------------------


def municipality_for_her_ids(her_ids) -> Organisation | None:
    """The municipality a HER-id belongs to: the municipality itself or one of its units
    (tried outermost first, as MsgHead nests them)."""
    wanted = [her for her in her_ids if her]
    found = {
        org.her_id: org
        for org in Organisation.objects.filter(her_id__in=wanted).select_related("parent")
    }
    for her in wanted:
        organisation = found.get(her)
        if organisation is not None and organisation.municipality is not None:
            return organisation.municipality
    return None


def _municipality(header: Header, context: Context) -> Organisation:
    municipality = municipality_for_her_ids(header.receiver.her_ids)
    if municipality is None or (
        context.allowed is not None and municipality.pk not in context.allowed
    ):
        shown = ", ".join(her[:20] for her in header.receiver.her_ids[:4])
        raise _Refused(
            ErrorCode.NO_RECEIVER,
            f"Mottakerens HER-id ({shown}) er ikke en kommune du kan ta imot meldinger for.",
        )
    return municipality


def _national_id(message: PloMessage) -> str:
    value = message.patient.national_id
    if not value:
        raise _Refused(
            ErrorCode.NATIONAL_ID_MISSING,
            "Meldingen mangler pasientens fødselsnummer eller D-nummer (MsgInfo/Patient/Ident).",
        )
    try:
        return classify_national_id(value).value
    except ValidationError as error:
        raise _Refused(
            ErrorCode.NATIONAL_ID_WRONG,
            mask_national_ids(f"Ugyldig fødselsnummer: {error.messages[0]}"),
        ) from None


def _parent(message: PloMessage, municipality) -> ReceivedMessage | None:
    if message.action == Action.NEW:
        return None
    parent = ReceivedMessage.objects.filter(
        sender_her_id=message.header.sender.her_id,
        msg_id=message.header.parent_id,
        municipality=municipality,
    ).first()
    if parent is None and message.action == Action.CANCEL:
        raise _Refused(
            ErrorCode.OTHER,
            f"Meldingen som kanselleres ({message.header.parent_id}) er ikke mottatt her.",
        )
    if parent is not None and parent.kind != message.kind:
        raise _Refused(
            ErrorCode.OTHER,
            f"Meldingen viser til {message.header.parent_id}, som er en annen meldingstype "
            f"({parent.message_type}).",
        )
    if parent is not None and parent.status == MessageStatus.CANCELLED:
        raise _Refused(
            ErrorCode.OTHER,
            f"Meldingen {message.header.parent_id} er allerede kansellert.",
        )
    return parent


# --- storing and processing -------------------------------------------------------------


def _summary(message: PloMessage) -> dict:
    return {
        "type_label": message.header.type_label,
        "hospital": message.header.sender.name,
        "department": message.header.sender.department,
        "ward": message.ward,
        "responsible": message.responsible,
        "remark": message.remark,
        "version": message.version,
        "receiver": list(message.header.receiver.names),
        "receiver_her_ids": list(message.header.receiver.her_ids),
        "sender_her_ids": list(message.header.sender.her_ids),
        "events": [
            {
                "code": event.code,
                "label": event.label,
                "at": event.at.isoformat(),
                "has_time": event.has_time,
                "estimated": event.estimated,
                "description": event.description,
                "remark": event.remark,
            }
            for event in message.events
        ],
    }


def _store(data, digest, message, municipality, national_id, parent, source, context):
    header = message.header
    patient = message.patient
    return ReceivedMessage.objects.create(
        municipality=municipality,
        msg_id=header.msg_id,
        sender_her_id=header.sender.her_id,
        sender_name=header.sender.name[:200],
        receiver_her_id=header.receiver.her_id,
        message_type=header.type_code,
        kind=message.kind.value,
        action=message.action.value,
        parent_msg_id=header.parent_id,
        replaces=parent,
        national_id=national_id,
        patient_name=f"{patient.given_name} {patient.family_name}".strip()[:200],
        occurred_at=message.occurred_at,
        generated_at=header.gen_date,
        status=MessageStatus.PROCESSED,
        summary=_summary(message),
        raw_sha256=digest,
        raw_xml=xml_text(data),
        apprec_status="",
        apprec_xml="",
        received_by=context.user,
        source=source[:200],
    )


_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")


def xml_text(data: bytes) -> str:
    """The text of a message in the encoding it declares (ISO-8859-1 is common)."""
    declared = _DECLARED.match(data)
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return data.decode("utf-8", errors="replace")


def _process(stored: ReceivedMessage, message: PloMessage, parent, context) -> str:
    if parent is not None:
        if message.action == Action.CHANGE:
            parent.status = MessageStatus.SUPERSEDED
            parent.save(update_fields=["status"])
        else:
            return _cancel(stored, parent, context)
    patient = parent.patient if parent is not None and parent.patient_id else _match(stored)
    if patient is None:
        stored.status = MessageStatus.UNMATCHED
        stored.save(update_fields=["status"])
        return (
            f"Venter på manuell kobling: ingen bruker med fødselsnummer "
            f"{stored.national_id[:6]}***** i {stored.municipality.name}."
        )
    return enter(stored, patient, context)


def _match(stored: ReceivedMessage) -> Patient | None:
    """The user with the message's fødselsnummer or D-number in the municipality."""
    if not stored.national_id:
        return None
    kind = classify_national_id(stored.national_id, allow_synthetic=True).kind
    if kind not in (NationalIdKind.FNR, NationalIdKind.DNR):
        return None
    return Patient.objects.filter(
        municipality=stored.municipality, national_id=stored.national_id
    ).first()


def enter(stored: ReceivedMessage, patient: Patient, context) -> str:
    """Enter a matched message into the patient's pathway; the report line."""
    stored.patient = patient
    kind = Kind(stored.kind)
    if kind in LOGISTICS_KINDS:
        applied: dict = {}
        try:
            # A pathway made for the message is rolled back with it when the rules refuse.
            with transaction.atomic():
                pathway, created = _pathway_for(stored, patient, context)
                stored.pathway = pathway
                if created:
                    applied["created_pathway"] = pathway.pk
                line = _apply_logistics(stored, pathway, applied, context)
        except _NotEntered as refused:
            if applied.get("created_pathway"):
                stored.pathway = None
            stored.status = MessageStatus.NEEDS_ATTENTION
            stored.problem = refused.reason
            stored.applied = {}
            stored.save(update_fields=["patient", "pathway", "status", "problem", "applied"])
            return f"Tatt vare på, men ikke registrert i forløpet: {refused.reason}"
        stored.applied = _carry_over(stored, applied)
        stored.status = MessageStatus.PROCESSED
        stored.problem = ""
        stored.save(update_fields=["patient", "pathway", "status", "problem", "applied"])
        return line
    pathway = _latest_pathway(patient)
    stored.pathway = pathway
    stored.status = MessageStatus.PROCESSED
    stored.save(update_fields=["patient", "pathway", "status"])
    _attach_document(stored, patient, pathway)
    where = f"forløpet til {patient.display_name()}" if pathway else patient.display_name()
    return f"{stored.get_kind_display()} lagt ved {where}."


def _carry_over(stored: ReceivedMessage, applied: dict) -> dict:
    """A change replaces its original: undoing the change must undo the original too, so
    the state before the original (and the pathway it created) is carried over."""
    parent = stored.replaces
    if parent is None or not parent.applied:
        return applied
    for key in ("admission", "discharge_ready"):
        if key not in parent.applied:
            continue
        if key in applied:
            applied[key]["before"] = parent.applied[key]["before"]
        else:
            applied[key] = parent.applied[key]
    if "created_pathway" in parent.applied:
        applied["created_pathway"] = parent.applied["created_pathway"]
    return applied


def _attach_document(stored: ReceivedMessage, patient: Patient, pathway) -> None:
    if stored.replaces_id:
        MessageDocument.objects.filter(message_id=stored.replaces_id).update(current=False)
    MessageDocument.objects.filter(message=stored).update(patient=patient, pathway=pathway)


_CONFLICT = "Steget ble endret av noen andre samtidig. Prøv igjen."


class _NotEntered(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _latest_pathway(patient: Patient) -> Pathway | None:
    pathways = Pathway.objects.filter(patient=patient).order_by(
        F("closed_on").desc(nulls_first=True), "-start_date", "-id"
    )
    return pathways.first()


def _pathway_for(stored: ReceivedMessage, patient: Patient, context) -> tuple[Pathway, bool]:
    """The patient's open hospital-start pathway, or a new one (and whether it is new)."""
    if stored.replaces_id and stored.replaces.pathway_id:
        return stored.replaces.pathway, False
    existing = (
        Pathway.objects.filter(
            patient=patient,
            closed_on__isnull=True,
            start_type=deadlines.StartType.HOSPITAL_DISCHARGE,
        )
        .order_by("-start_date", "-id")
        .first()
    )
    if existing is not None:
        return existing, False
    unit = _unit_for(stored, patient)
    if unit is None:
        raise _NotEntered(
            f"{stored.municipality.name} har ingen enhet å knytte et nytt forløp til."
        )
    start = timezone.localtime(stored.occurred_at).date() if stored.occurred_at else None
    pathway = Pathway.objects.create(
        patient=patient,
        municipality=stored.municipality,
        unit=unit,
        hospital=_hospital(stored),
        hospital_ward=_ward(stored),
        start_type=deadlines.StartType.HOSPITAL_DISCHARGE,
        start_date=start or timezone.localdate(),
        created_by=context.user,
    )
    _audit(
        context,
        AuditAction.CREATE,
        pathway,
        _because(stored),
        organisation=stored.municipality,
    )
    return pathway, True


def _unit_for(stored: ReceivedMessage, patient: Patient) -> Organisation | None:
    """The unit of a new pathway: the user's unit, else the unit the message was addressed
    to, else the first home-services unit of the municipality (the allocation office
    assigns the receiving unit from the inbox)."""
    units = home_units(stored.municipality).order_by("name")
    if patient.unit_id and units.filter(pk=patient.unit_id).exists():
        return patient.unit
    addressed = units.filter(her_id=stored.receiver_her_id).first()
    if addressed is None:
        her_ids = [h for h in _receiver_her_ids(stored) if h]
        addressed = units.filter(her_id__in=her_ids).first() if her_ids else None
    return addressed or units.first()


def _receiver_her_ids(stored: ReceivedMessage) -> list[str]:
    return stored.summary.get("receiver_her_ids") or [stored.receiver_her_id]


def _hospital(stored: ReceivedMessage) -> Organisation | None:
    """The hospital organisation registered with the sender's HER-id, if any."""
    for organisation in Organisation.objects.filter(her_id=stored.sender_her_id).select_related(
        "parent"
    ):
        node = organisation
        while node is not None:
            if node.kind == OrganisationKind.HOSPITAL:
                return node
            node = node.parent
    return None


def _ward(stored: ReceivedMessage) -> str:
    summary = stored.summary
    return (summary.get("ward") or summary.get("department") or "")[:200]


def _oslo_date(moment: datetime):
    return timezone.localtime(moment, deadlines.OSLO).date()


def _event(stored: ReceivedMessage, code: str) -> dict | None:
    for event in stored.summary.get("events", []):
        if event["code"] == code:
            return event
    return None


def _apply_logistics(stored: ReceivedMessage, pathway: Pathway, applied: dict, context) -> str:
    kind = Kind(stored.kind)
    name = pathway.patient.display_name()
    changes = _update_pathway_fields(stored, pathway, context)
    if changes:
        applied["pathway_fields"] = changes
    if kind in (Kind.ADMITTED, Kind.DISCHARGE_READY):
        admitted = _event(stored, EVENT_ADMITTED)
        if admitted is not None:
            day = _oslo_date(datetime.fromisoformat(admitted["at"]))
            current = _record(pathway, STEP.ADMISSION)
            if kind == Kind.ADMITTED or current is None:
                snapshot = save_step(
                    pathway, STEP.ADMISSION, StepEntry(done_on=day), stored, context
                )
                if snapshot is not None:
                    applied["admission"] = snapshot
    if kind == Kind.ADMITTED:
        return f"Innleggelse registrert for {name}."
    if kind == Kind.DISCHARGE_READY:
        ready = _event(stored, EVENT_DISCHARGE_READY)
        moment = datetime.fromisoformat(ready["at"])
        note = "Anslått tidspunkt." if ready.get("estimated") else ""
        snapshot = save_step(
            pathway,
            STEP.DISCHARGE_READY,
            StepEntry(done_at=moment, note=note),
            stored,
            context,
        )
        if snapshot is not None:
            applied["discharge_ready"] = snapshot
        shown = timezone.localtime(moment, deadlines.OSLO).strftime("%d.%m.%Y %H:%M")
        return f"Utskrivningsklar {shown} registrert for {name}."
    if kind == Kind.DISCHARGE_READY_CANCELLED:
        removed = remove_step(pathway, STEP.DISCHARGE_READY, stored, context)
        if removed is not None:
            applied["removed_discharge_ready"] = removed
            return f"Utskrivningsklar-meldingen for {name} er trukket tilbake; steget er fjernet."
        return f"Avmelding mottatt for {name}; det var ikke registrert utskrivningsklar."
    shown = timezone.localtime(stored.occurred_at, deadlines.OSLO).strftime("%d.%m.%Y %H:%M")
    return f"Utskrevet fra sykehuset {shown}: {name}."


def _update_pathway_fields(stored: ReceivedMessage, pathway: Pathway, context) -> dict:
    """Hospital, ward and (for a discharge) the discharge time; {field: [before, after]}."""
    wanted = {}
    hospital = _hospital(stored)
    if hospital is not None and pathway.hospital_id != hospital.pk:
        wanted["hospital"] = hospital
    ward = _ward(stored)
    if ward and pathway.hospital_ward != ward:
        wanted["hospital_ward"] = ward
    if stored.kind == Kind.DISCHARGED and stored.occurred_at != pathway.expected_discharge_at:
        wanted["expected_discharge_at"] = stored.occurred_at
    if not wanted:
        return {}
    before = {key: _plain(getattr(pathway, key)) for key in wanted}
    for key, value in wanted.items():
        setattr(pathway, key, value)
    _save_pathway(pathway, wanted)
    after = {key: _plain(getattr(pathway, key)) for key in wanted}
    _audit_pathway(pathway, stored, context, before=before, after=after)
    return {key: [before[key], after[key]] for key in wanted}


def _save_pathway(pathway: Pathway, fields) -> None:
    """Save the changed ``fields``, with a new version so open forms see the change."""
    pathway.version += 1
    pathway.save(update_fields=[*fields, "version"])


def _audit_pathway(pathway: Pathway, stored: ReceivedMessage, context, **details) -> None:
    """The audit record of a pathway change a message made (or undid)."""
    _audit(
        context,
        AuditAction.UPDATE,
        pathway,
        _because(stored),
        organisation=pathway.municipality,
        **details,
    )


def _plain(value):
    if isinstance(value, Organisation):
        return value.pk
    if isinstance(value, datetime):
        return value.isoformat()
    return value


# --- steps ------------------------------------------------------------------------------


def _record(pathway: Pathway, step: str) -> StepRecord | None:
    return StepRecord.objects.filter(pathway=pathway, step=step).first()


def step_snapshot(record: StepRecord | None) -> dict | None:
    """The step as ``applied`` keeps it: the pathway's snapshot and the record's version."""
    return recording.step_snapshot(record, "version")


def _by(stored: ReceivedMessage) -> str:
    """Who did it, as shown on the step: the hospital, through an e-message."""
    hospital = stored.sender_name or stored.sender_her_id
    return f"{hospital} (e-melding)"[:150]


def save_step(
    pathway: Pathway, step: str, entry: StepEntry, stored: ReceivedMessage, context
) -> dict | None:
    """Record ``step`` from a message, under the pathway rules (``recording.check_rules``)
    and with an audit record; the stored snapshot, or None when it was already so.
    Raises _NotEntered with the rules' reasons."""
    current = _record(pathway, step)
    pathway = Pathway.objects.prefetch_related("records", "stays").get(pk=pathway.pk)
    if current is not None and (current.done_on, current.done_at) == (
        entry.done_on,
        entry.done_at,
    ):
        return None
    problems = check_rules(pathway, step, entry)
    if problems:
        raise _NotEntered(" ".join(problems))
    fields = {
        "done_on": entry.done_on,
        "done_at": entry.done_at,
        "not_applicable": False,
        "reason": "",
        "note": entry.note,
        "done_by": None,
        "done_by_name": _by(stored),
        "recorded_at": timezone.now(),
    }
    before = step_snapshot(current)
    if current is None:
        saved = StepRecord.objects.create(pathway=pathway, step=step, **fields)
    else:
        changed = StepRecord.objects.filter(pk=current.pk, version=current.version).update(
            version=F("version") + 1, **fields
        )
        if not changed:
            raise _NotEntered(_CONFLICT)
        saved = StepRecord.objects.get(pk=current.pk)
    after = step_snapshot(saved)
    _audit(
        context,
        AuditAction.CREATE if before is None else AuditAction.UPDATE,
        saved,
        _because(stored),
        organisation=pathway.municipality,
        before=before,
        after=after,
    )
    return {"before": before, "after": after}


def remove_step(pathway: Pathway, step: str, stored: ReceivedMessage, context) -> dict | None:
    """Remove a step record (a withdrawn declaration); its snapshot, or None if absent."""
    current = _record(pathway, step)
    if current is None:
        return None
    before = step_snapshot(current)
    deleted, _ = StepRecord.objects.filter(pk=current.pk, version=current.version).delete()
    if not deleted:
        raise _NotEntered(_CONFLICT)
    _audit(
        context,
        AuditAction.DELETE,
        current,
        _because(stored),
        organisation=pathway.municipality,
        patient=pathway.patient,
        object_id=current.pk,
        before=before,
    )
    return before


def _restore_step(pathway, step: str, snapshot: dict, stored, context) -> None:
    done_at = datetime.fromisoformat(snapshot["done_at"]) if snapshot.get("done_at") else None
    done_on = (
        datetime.fromisoformat(snapshot["done_on"]).date() if snapshot.get("done_on") else None
    )
    save_step(pathway, step, StepEntry(done_on=done_on, done_at=done_at), stored, context)


# --- cancellation -----------------------------------------------------------------------


def _latest_in_chain(parent: ReceivedMessage) -> ReceivedMessage:
    """The newest change of ``parent`` (a cancellation undoes what is in force)."""
    target = parent
    while True:
        follower = (
            ReceivedMessage.objects.filter(replaces=target, action=Action.CHANGE)
            .order_by("-id")
            .first()
        )
        if follower is None:
            return target
        target = follower


def _cancel(stored: ReceivedMessage, parent: ReceivedMessage, context) -> str:
    target = _latest_in_chain(parent)
    stored.patient_id = target.patient_id
    stored.pathway_id = target.pathway_id
    notes = []
    if target.status == MessageStatus.PROCESSED and target.pathway_id:
        notes = _undo(target, stored, context)
    for message in {parent.pk: parent, target.pk: target}.values():
        message.status = MessageStatus.CANCELLED
        message.save(update_fields=["status"])
    MessageDocument.objects.filter(message__in=[parent, target, stored]).update(current=False)
    stored.status = MessageStatus.PROCESSED
    stored.save(update_fields=["patient", "pathway", "status"])
    line = (
        f"Kansellering: {parent.get_kind_display().lower()} ({parent.msg_id}) er trukket tilbake."
    )
    return " ".join([line, *notes])


def _undo(target: ReceivedMessage, stored: ReceivedMessage, context) -> list[str]:
    """Undo what ``target`` entered, step by step, unless a person changed it since."""
    pathway = target.pathway
    applied = target.applied or {}
    notes: list[str] = []
    try:
        with transaction.atomic():
            for key, step in (
                ("admission", STEP.ADMISSION),
                ("discharge_ready", STEP.DISCHARGE_READY),
            ):
                if key not in applied:
                    continue
                current = step_snapshot(_record(pathway, step))
                entered = applied[key]["after"]
                if current is not None and _same(current, entered):
                    before = applied[key]["before"]
                    if before is None:
                        remove_step(pathway, step, stored, context)
                    else:
                        _restore_step(pathway, step, before, stored, context)
                elif current is not None:
                    notes.append(
                        f"{deadlines.STEP_LABELS[step]} er endret av en person etter meldingen "
                        "og er beholdt."
                    )
            if (
                "removed_discharge_ready" in applied
                and _record(pathway, STEP.DISCHARGE_READY) is None
            ):
                _restore_step(
                    pathway,
                    STEP.DISCHARGE_READY,
                    applied["removed_discharge_ready"],
                    stored,
                    context,
                )
            discharged = applied.get("pathway_fields", {}).get("expected_discharge_at")
            if discharged:
                pathway.refresh_from_db()
                if _plain(pathway.expected_discharge_at) == discharged[1]:
                    pathway.expected_discharge_at = (
                        datetime.fromisoformat(discharged[0]) if discharged[0] else None
                    )
                    _save_pathway(pathway, ["expected_discharge_at"])
            if applied.get("created_pathway") == pathway.pk and not pathway.records.exists():
                pathway.closed_on = timezone.localdate()
                pathway.closed_reason = (
                    "Meldingen som startet forløpet ble kansellert av sykehuset."
                )
                _save_pathway(pathway, ["closed_on", "closed_reason"])
                _audit_pathway(
                    pathway, stored, context, after={"closed_on": pathway.closed_on.isoformat()}
                )
                notes.append("Forløpet som meldingen startet, er avsluttet.")
    except _NotEntered as refused:
        notes.append(f"Kunne ikke tilbakestille forløpet: {refused.reason}")
    return notes


def _same(current: dict, entered: dict) -> bool:
    return (current["done_on"], current["done_at"]) == (entered["done_on"], entered["done_at"])


# --- manual matching --------------------------------------------------------------------


def match(stored: ReceivedMessage, patient: Patient, *, context: Context) -> str:
    """A person matched a waiting message to ``patient``: enter it, and the other waiting
    messages with the same national identity number in the municipality, in time order."""
    lines = []
    with transaction.atomic():
        waiting = list(
            ReceivedMessage.objects.select_for_update()
            .filter(
                municipality=stored.municipality,
                national_id=stored.national_id,
                status=MessageStatus.UNMATCHED,
            )
            .order_by("occurred_at", "id")
        )
        for message in waiting:
            message.matched_by = context.user
            message.save(update_fields=["matched_by"])
            lines.append(enter(message, patient, context))
            _audit(
                context,
                AuditAction.UPDATE,
                message,
                "Manuell kobling av PLO-melding",
                organisation=message.municipality,
                patient=patient,
                after={"patient": patient.pk, "status": message.status},
            )
    return " ".join(lines)
