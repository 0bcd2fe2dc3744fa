"""Reading PLO e-messages: a MsgHead envelope with Pasientlogistikk content or a report.

A pure module (standard library only, no Django): ``parse(data)`` takes the bytes of one
message and returns a :class:`PloMessage`, or raises :class:`MessageError` with the AppRec
error code (code list 8221) and a Norwegian reason. ``docs/plo.md`` lists the supported
messages and the element paths read.

Safety, as ``defusedxml`` does it: a document type declaration, entity declarations and
external entity references are refused before anything is expanded, so no entity tricks
(billion laughs, external files) can reach the parser's output. The size is capped.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from xml.parsers import expat
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
MAX_BYTES = 10 * 1024 * 1024

MSGHEAD_NS = "http://www.kith.no/xmlstds/msghead/2006-05-24"
FELLES_NS = "http://www.kith.no/xmlstds/felleskomponent1"
#: Pasientlogistikk v1.6 (KITH, HIS 1143) and v2.0 (Direktoratet for e-helse).
LOGISTICS_NS = (
    "http://www.kith.no/xmlstds/po/Pasientlogistikk/2012-04-01",
    "http://ehelse.no/xmlstds/po/Pasientlogistikk/2016-05-30",
)
COMPONENT_NS = (
    "http://www.kith.no/xmlstds/po/poKomponent/2012-04-01",
    "http://ehelse.no/xmlstds/po/poKomponent/2017-11-30",
)
ADMISSION_REPORT_NS = "http://www.kith.no/xmlstds/po/Innleggelsesrapport/2012-04-01"
DISCHARGE_REPORT_NS = "http://www.kith.no/xmlstds/po/TverrfagligEpikrise/2012-04-01"
HEALTH_INFORMATION_NS = "http://www.kith.no/xmlstds/po/HelseopplysningerVedSoknad/2012-04-01"

#: Code list 9121 "Hendelse i pasientforløp" (Hendelsekode in TidsfestetHendelse).
EVENT_ADMITTED = "1"
EVENT_DISCHARGED = "2"
EVENT_DISCHARGE_READY = "3"
EVENT_DISCHARGE_READY_CANCELLED = "4"


class Kind(StrEnum):
    ADMITTED = "admitted"
    DISCHARGE_READY = "discharge_ready"
    DISCHARGE_READY_CANCELLED = "discharge_ready_cancelled"
    DISCHARGED = "discharged"
    ADMISSION_REPORT = "admission_report"
    DISCHARGE_REPORT = "discharge_report"
    HEALTH_INFORMATION = "health_information"


#: Logistics messages change steps; the others are documents attached to the pathway.
LOGISTICS_KINDS = frozenset(
    {Kind.ADMITTED, Kind.DISCHARGE_READY, Kind.DISCHARGE_READY_CANCELLED, Kind.DISCHARGED}
)


class Action(StrEnum):
    """Forsendelsesstatus (code list 7309): new, change, cancellation."""

    NEW = "N"
    CHANGE = "M"
    CANCEL = "C"


@dataclass(frozen=True)
class MessageSpec:
    kind: Kind
    #: (namespaces, local name) of the content root under RefDoc/Content.
    root: tuple[tuple[str, ...], str]
    #: Local name of the logistics element under the root ("" for documents).
    body: str = ""
    #: The Hendelsekode whose time is the message's event time.
    event_code: str = ""


#: MsgHead MsgInfo/Type/@V → what the message is.
MESSAGE_TYPES: dict[str, MessageSpec] = {
    "LOG_INNLAGT": MessageSpec(
        Kind.ADMITTED, (LOGISTICS_NS, "Pasientlogistikk"), "MeldingInnlagtPasient", EVENT_ADMITTED
    ),
    "LOG_UTSKRIVNINGSKLAR": MessageSpec(
        Kind.DISCHARGE_READY,
        (LOGISTICS_NS, "Pasientlogistikk"),
        "MeldingUtskrivningsklarPasient",
        EVENT_DISCHARGE_READY,
    ),
    "LOG_AVMELDING": MessageSpec(
        Kind.DISCHARGE_READY_CANCELLED,
        (LOGISTICS_NS, "Pasientlogistikk"),
        "AvmeldingUtskrivningsklarPasient",
        EVENT_DISCHARGE_READY_CANCELLED,
    ),
    "LOG_UTSKREVET": MessageSpec(
        Kind.DISCHARGED,
        (LOGISTICS_NS, "Pasientlogistikk"),
        "MeldingOmUtskrevetPasient",
        EVENT_DISCHARGED,
    ),
    "INNLEGGELSESRAPPORT": MessageSpec(
        Kind.ADMISSION_REPORT, ((ADMISSION_REPORT_NS,), "Innleggelsesrapport")
    ),
    "UTSKRIVNINGSRAPPORT": MessageSpec(
        Kind.DISCHARGE_REPORT, ((DISCHARGE_REPORT_NS,), "TverrfagligEpikrise")
    ),
    "HELSEOPPL_SOKNAD": MessageSpec(
        Kind.HEALTH_INFORMATION, ((HEALTH_INFORMATION_NS,), "HelseopplysningerVedSoknad")
    ),
}


class ErrorCode(StrEnum):
    """AppRec error codes, code list 8221 ("Feilmeldinger for applikasjonskvittering –
    Generelle", OID 2.16.578.1.12.4.1.1.8221), the ones this intake uses."""

    NOT_XML = "T01"
    NOT_VALID = "T02"
    UNSUPPORTED = "T10"
    BAD_MESSAGE_ID = "E10"
    NO_RECEIVER = "E21"
    NATIONAL_ID_MISSING = "E30"
    NATIONAL_ID_WRONG = "E31"
    PATIENT_INSUFFICIENT = "E36"
    OTHER = "X99"


ERROR_TEXTS = {
    ErrorCode.NOT_XML: "Ikke XML / ikke 'well formed' / uleselig",
    ErrorCode.NOT_VALID: "XML validerer ikke",
    ErrorCode.UNSUPPORTED: "Støtter ikke meldingsformatet",
    ErrorCode.BAD_MESSAGE_ID: "Ugyldig meldingsidentifikator",
    ErrorCode.NO_RECEIVER: "Mottaker finnes ikke",
    ErrorCode.NATIONAL_ID_MISSING: "Pasientens fødselsnummer mangler",
    ErrorCode.NATIONAL_ID_WRONG: "Pasientens fødselsnummer er feil",
    ErrorCode.PATIENT_INSUFFICIENT: "Pasientopplysninger er utilstrekkelig",
    ErrorCode.OTHER: "Annen feil",
}


@dataclass(frozen=True)
class Party:
    """A communication party from MsgHead Sender or Receiver: the organisation and its
    nested sub-organisations (a hospital and its department, a municipality and its
    service), outermost first."""

    names: tuple[str, ...] = ()
    her_ids: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.names[0] if self.names else ""

    @property
    def her_id(self) -> str:
        return self.her_ids[0] if self.her_ids else ""

    @property
    def department(self) -> str:
        return self.names[-1] if len(self.names) > 1 else ""


@dataclass(frozen=True)
class PatientInfo:
    national_id: str = ""
    #: TypeId/@V of the identifier: FNR, DNR, HNR, FHN.
    id_type: str = ""
    family_name: str = ""
    given_name: str = ""
    birth_date: date | None = None


@dataclass(frozen=True)
class Event:
    """A TidsfestetHendelse: what happened (code list 9121) and when."""

    code: str
    label: str
    at: datetime
    has_time: bool
    estimated: bool = False
    description: str = ""
    remark: str = ""


@dataclass(frozen=True)
class Header:
    """What MsgHead says, as far as it could be read (for the AppRec of a refused message)."""

    msg_id: str = ""
    type_code: str = ""
    type_label: str = ""
    gen_date: datetime | None = None
    sender: Party = field(default_factory=Party)
    receiver: Party = field(default_factory=Party)
    parent_id: str = ""


@dataclass(frozen=True)
class PloMessage:
    header: Header
    kind: Kind
    action: Action
    patient: PatientInfo
    events: tuple[Event, ...] = ()
    #: TilknyttetEnhet/Kontaktenhet/OrganisationName: the ward or unit at the hospital.
    ward: str = ""
    #: AnsvarForRapport/AnsvarligRapport, "Given Family".
    responsible: str = ""
    #: InformasjonOmForsendelsen/Merknad.
    remark: str = ""
    version: str = ""
    #: The content root serialised (documents), and its text as (element, text) pairs.
    content_xml: str = ""
    content_text: tuple[tuple[str, str], ...] = ()
    issued_at: datetime | None = None
    event_code: str = ""

    @property
    def msg_id(self) -> str:
        return self.header.msg_id

    def event(self, code: str) -> Event | None:
        for event in self.events:
            if event.code == code:
                return event
        return None

    @property
    def main_event(self) -> Event | None:
        return self.event(self.event_code) if self.event_code else None

    @property
    def occurred_at(self) -> datetime | None:
        """When the thing the message reports happened (documents: when issued)."""
        event = self.main_event
        if event is not None:
            return event.at
        return self.issued_at or self.header.gen_date


class MessageError(Exception):
    """The message is refused: ``code`` (list 8221) and a Norwegian ``reason``."""

    def __init__(self, code: ErrorCode, reason: str, header: Header | None = None):
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.header = header or Header()


# --- XML --------------------------------------------------------------------------------


class _Forbidden(Exception):
    pass


def _forbid(*_args):
    raise _Forbidden


def read_xml(data: bytes) -> ET.Element:
    """The root element of ``data``; refuses DTDs and entities like ``defusedxml``."""
    if len(data) > MAX_BYTES:
        raise MessageError(ErrorCode.NOT_XML, "Meldingen er større enn 10 MB.")
    # First pass with expat alone, refusing any DTD or entity; then build the tree.
    guard = expat.ParserCreate(namespace_separator=" ")
    guard.StartDoctypeDeclHandler = _forbid
    guard.EntityDeclHandler = _forbid
    guard.UnparsedEntityDeclHandler = _forbid
    guard.ExternalEntityRefHandler = _forbid
    try:
        guard.Parse(data, True)
        return ET.fromstring(data)
    except _Forbidden:
        raise MessageError(
            ErrorCode.NOT_XML,
            "Meldingen inneholder en dokumenttypedeklarasjon (DTD) eller entiteter, som ikke "
            "er tillatt.",
        ) from None
    except (ET.ParseError, expat.ExpatError, ValueError) as error:
        raise MessageError(
            ErrorCode.NOT_XML, f"Filen er ikke gyldig XML (ikke «well-formed»): {error}."
        ) from None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(tag) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _children(element: ET.Element | None, name: str) -> list[ET.Element]:
    if element is None:
        return []
    return [child for child in element if _local(child.tag) == name]


def _child(element: ET.Element | None, name: str) -> ET.Element | None:
    found = _children(element, name)
    return found[0] if found else None


def _path(element: ET.Element | None, *names: str) -> ET.Element | None:
    for name in names:
        element = _child(element, name)
    return element


def _text(element: ET.Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def _value(element: ET.Element | None) -> str:
    """A coded or timestamped value: the V attribute, or the element's text (v2.0)."""
    if element is None:
        return ""
    return (element.get("V") or _text(element)).strip()


_TIMESTAMP = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:\d{2})?)?$"
)


def parse_timestamp(text: str) -> tuple[datetime, bool] | None:
    """(aware datetime, has a time of day) for an XML date or dateTime; a time without a
    zone is Oslo wall-clock time, a date alone is midnight in Oslo."""
    match = _TIMESTAMP.match(text.strip())
    if not match:
        return None
    day, clock, zone = match.groups()
    try:
        if clock is None:
            return datetime.combine(date.fromisoformat(day), time(0, 0), tzinfo=OSLO), False
        moment = datetime.fromisoformat(f"{day}T{clock}{'+00:00' if zone == 'Z' else zone or ''}")
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=OSLO)
    return moment.astimezone(OSLO), True


# --- MsgHead ----------------------------------------------------------------------------


def _party(element: ET.Element | None) -> Party:
    names: list[str] = []
    her_ids: list[str] = []
    organisation = _child(element, "Organisation")
    while organisation is not None:
        names.append(_text(_child(organisation, "OrganisationName")))
        for ident in _children(organisation, "Ident"):
            if _child(ident, "TypeId") is not None and _child(ident, "TypeId").get("V") == "HER":
                her_ids.append(_text(_child(ident, "Id")))
                break
        organisation = _child(organisation, "Organisation")
    return Party(tuple(names), tuple(her_ids))


def _header(root: ET.Element) -> Header:
    info = _child(root, "MsgInfo")
    kind = _child(info, "Type")
    generated = parse_timestamp(_text(_child(info, "GenDate")))
    return Header(
        msg_id=_text(_child(info, "MsgId")),
        type_code=(kind.get("V") or "").strip() if kind is not None else "",
        type_label=(kind.get("DN") or "").strip() if kind is not None else "",
        gen_date=generated[0] if generated else None,
        sender=_party(_child(info, "Sender")),
        receiver=_party(_child(info, "Receiver")),
        parent_id=_text(_path(info, "ConversationRef", "RefToParent")),
    )


PERSON_ID_TYPES = ("FNR", "DNR", "HNR", "FHN")


def _patient(info: ET.Element | None) -> PatientInfo:
    patient = _child(info, "Patient")
    if patient is None:
        return PatientInfo()
    idents = []
    for ident in _children(patient, "Ident"):
        kind = _child(ident, "TypeId")
        idents.append(
            ((kind.get("V") or "") if kind is not None else "", _text(_child(ident, "Id")))
        )
    chosen = next((i for i in idents if i[0] in PERSON_ID_TYPES), idents[0] if idents else ("", ""))
    born = None
    try:
        born = date.fromisoformat(_text(_child(patient, "DateOfBirth"))[:10])
    except ValueError:
        born = None
    return PatientInfo(
        national_id=chosen[1],
        id_type=chosen[0],
        family_name=_text(_child(patient, "FamilyName")),
        given_name=" ".join(
            part
            for part in (_text(_child(patient, "GivenName")), _text(_child(patient, "MiddleName")))
            if part
        ),
        birth_date=born,
    )


# --- content ----------------------------------------------------------------------------


def _events(body: ET.Element | None, header: Header) -> tuple[Event, ...]:
    events = []
    for element in _children(body, "TidsfestetHendelse"):
        code_element = _child(element, "Hendelsekode")
        stamp_text = _value(_child(element, "TidspunktForHendelse"))
        stamp = parse_timestamp(stamp_text)
        if stamp is None:
            raise MessageError(
                ErrorCode.NOT_VALID,
                f"TidspunktForHendelse «{stamp_text[:40]}» er ikke en gyldig dato eller tid.",
                header,
            )
        events.append(
            Event(
                code=(code_element.get("V") or "").strip() if code_element is not None else "",
                label=(code_element.get("DN") or "").strip() if code_element is not None else "",
                at=stamp[0],
                has_time=stamp[1],
                estimated=_text(_child(element, "Anslag")).lower() == "true",
                description=_text(_child(element, "BeskrivelseAvHendelse")),
                remark=_text(_child(element, "Merknad")),
            )
        )
    return tuple(events)


def _find(root: ET.Element, name: str) -> ET.Element | None:
    """The first element named ``name`` anywhere under ``root`` (v2.0 wraps the shared parts
    in FellesAdministrativeOpplysninger, v1.6 has them directly under the root)."""
    for element in root.iter():
        if _local(element.tag) == name:
            return element
    return None


def _responsible(root: ET.Element) -> str:
    person = _find(root, "AnsvarligRapport")
    if person is None:
        return ""
    names = (_text(_child(person, "GivenName")), _text(_child(person, "FamilyName")))
    return " ".join(part for part in names if part)


MAX_TEXT_ITEMS = 400


def content_text(root: ET.Element) -> tuple[tuple[str, str], ...]:
    """The readable text of a document: (element name, text) for each element with text,
    a coded value's display name (DN) when it has no text."""
    found: list[tuple[str, str]] = []
    for element in root.iter():
        text = _text(element)
        if not text and list(element):
            continue
        if not text:
            text = (element.get("DN") or "").strip()
        if not text:
            text = (element.get("V") or "").strip()
        if text:
            found.append((_local(element.tag), text))
        if len(found) >= MAX_TEXT_ITEMS:
            break
    return tuple(found)


_UUID = re.compile(
    r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"
)


def _valid_uuid(text: str) -> bool:
    if not _UUID.match(text):
        return False
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def parse(data: bytes) -> PloMessage:
    """Read one PLO message. Raises MessageError (with what was read of the header)."""
    root = read_xml(data)
    if root.tag != f"{{{MSGHEAD_NS}}}MsgHead":
        raise MessageError(
            ErrorCode.UNSUPPORTED,
            f"Dette er ikke en PLO-melding: rotelementet er «{_local(root.tag)[:40]}» i "
            f"navnerommet «{_ns(root.tag)[:80] or 'uten navnerom'}», ikke MsgHead ({MSGHEAD_NS}).",
        )
    header = _header(root)
    spec = MESSAGE_TYPES.get(header.type_code)
    if spec is None:
        shown = header.type_code[:40] or "mangler"
        raise MessageError(
            ErrorCode.UNSUPPORTED,
            f"Meldingstypen «{shown}» støttes ikke. Støttet: {', '.join(MESSAGE_TYPES)}.",
            header,
        )
    if not header.msg_id:
        raise MessageError(ErrorCode.BAD_MESSAGE_ID, "MsgInfo/MsgId mangler.", header)
    if not _valid_uuid(header.msg_id):
        raise MessageError(
            ErrorCode.BAD_MESSAGE_ID,
            f"Meldingsidentifikatoren «{header.msg_id[:40]}» er ikke en UUID.",
            header,
        )
    if not header.receiver.her_id:
        raise MessageError(
            ErrorCode.NO_RECEIVER, "Mottakerens HER-id mangler (MsgInfo/Receiver).", header
        )
    namespaces, root_name = spec.root
    content = None
    for candidate in root.iter(f"{{{MSGHEAD_NS}}}Content"):
        for child in candidate:
            if _local(child.tag) == root_name and _ns(child.tag) in namespaces:
                content = child
                break
        if content is not None:
            break
    if content is None:
        raise MessageError(
            ErrorCode.NOT_VALID,
            f"Meldingen av typen {header.type_code} mangler innholdet {root_name} "
            f"(Document/RefDoc/Content) i et kjent navnerom.",
            header,
        )
    status = _value(_path(_find(content, "InformasjonOmForsendelsen"), "Forsendelsesstatus"))
    try:
        action = Action(status)
    except ValueError:
        raise MessageError(
            ErrorCode.NOT_VALID,
            f"Forsendelsesstatus «{status[:10] or 'mangler'}» er ikke N (ny), M (endring) eller "
            "C (kansellering).",
            header,
        ) from None
    if header.parent_id and not _valid_uuid(header.parent_id):
        raise MessageError(
            ErrorCode.NOT_VALID,
            f"ConversationRef/RefToParent «{header.parent_id[:40]}» er ikke en "
            "meldingsidentifikator (UUID).",
            header,
        )
    if action != Action.NEW and not header.parent_id:
        raise MessageError(
            ErrorCode.NOT_VALID,
            "En endring eller kansellering må vise til den opprinnelige meldingen "
            "(ConversationRef/RefToParent).",
            header,
        )
    events: tuple[Event, ...] = ()
    if spec.body:
        body = _child(content, spec.body)
        if body is None:
            raise MessageError(
                ErrorCode.NOT_VALID,
                f"Meldingstypen {header.type_code} skal ha elementet {spec.body}.",
                header,
            )
        events = _events(body, header)
        if not any(event.code == spec.event_code for event in events):
            raise MessageError(
                ErrorCode.NOT_VALID,
                f"Meldingen mangler hendelsen med Hendelsekode {spec.event_code} "
                "(TidsfestetHendelse).",
                header,
            )
    issued = parse_timestamp(_value(_find(root, "IssueDate")))
    contact = _find(content, "Kontaktenhet")
    version = "2.0" if _ns(content.tag).startswith("http://ehelse.no") else "1.6"
    return PloMessage(
        header=header,
        kind=spec.kind,
        action=action,
        patient=_patient(_child(root, "MsgInfo")),
        events=events,
        ward=_text(_child(contact, "OrganisationName")) or header.sender.department,
        responsible=_responsible(content),
        remark=_text(_child(_find(content, "InformasjonOmForsendelsen"), "Merknad")),
        version=version,
        content_xml=ET.tostring(content, encoding="unicode") if not spec.body else "",
        content_text=content_text(content) if not spec.body else (),
        issued_at=issued[0] if issued else None,
        event_code=spec.event_code,
    )


def header_of(data: bytes) -> Header:
    """As much of the header as can be read (for an AppRec when ``parse`` fails early)."""
    try:
        root = read_xml(data)
    except MessageError:
        return Header()
    if root.tag != f"{{{MSGHEAD_NS}}}MsgHead":
        return Header()
    return _header(root)
