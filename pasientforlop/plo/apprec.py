"""Writing the application receipt (AppRec v1.1, HIS 80415:2012) for a received message.

A pure module (standard library only). The receipt goes back to the message's sender: its
``Sender`` is the receiving municipality (the original receiver), its ``Receiver`` the
hospital (the original sender), ``OriginalMsgId`` names the message it answers.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pasientforlop.plo.parsing import ERROR_TEXTS, OSLO, ErrorCode, Header, Party

APPREC_NS = "http://www.kith.no/xmlstds/apprec/2012-02-15"
MIG_VERSION = "v1.1 2012-02-15"
#: Code list 8258 "Status for mottak av melding".
STATUS_OID = "2.16.578.1.12.4.1.1.8258"
#: Code list 8221 "Feilmeldinger for applikasjonskvittering – Generelle".
ERROR_OID = "2.16.578.1.12.4.1.1.8221"
SOFTWARE = "pasientforlop"


class Status(StrEnum):
    OK = "1"
    REJECTED = "2"
    OK_WITH_ERRORS = "3"


STATUS_TEXTS = {
    Status.OK: "OK",
    Status.REJECTED: "Avvist",
    Status.OK_WITH_ERRORS: "OK, feil i delmelding",
}


@dataclass(frozen=True)
class ReceiptError:
    code: ErrorCode
    #: Extra explanation for the sender (the OT attribute), in Norwegian.
    detail: str = ""


def _hcp(parent: ET.Element, party: Party) -> None:
    hcp = ET.SubElement(parent, "HCP")
    inst = ET.SubElement(hcp, "Inst")
    ET.SubElement(inst, "Name").text = party.name or "Ukjent"
    if party.her_id:
        ET.SubElement(inst, "Id").text = party.her_id
        ET.SubElement(inst, "TypeId", V="HER", DN="HER-id")
    if len(party.names) > 1:
        dept = ET.SubElement(inst, "Dept")
        ET.SubElement(dept, "Name").text = party.names[1]
        if len(party.her_ids) > 1:
            ET.SubElement(dept, "Id").text = party.her_ids[1]
            ET.SubElement(dept, "TypeId", V="HER", DN="HER-id")


def _stamp(moment: datetime) -> str:
    return moment.astimezone(OSLO).replace(microsecond=0).isoformat()


def build(
    header: Header,
    status: Status,
    errors: list[ReceiptError] | tuple[ReceiptError, ...] = (),
    *,
    now: datetime,
    receipt_id: str | None = None,
) -> str:
    """The AppRec XML (UTF-8 text with declaration) answering the message ``header``."""
    ET.register_namespace("", APPREC_NS)
    q = f"{{{APPREC_NS}}}"
    root = ET.Element(f"{q}AppRec")

    def sub(parent, name, text=None, **attributes):
        element = ET.SubElement(parent, f"{q}{name}", **attributes)
        if text is not None:
            element.text = text
        return element

    sub(root, "MsgType", V="APPREC", DN="Applikasjonskvittering")
    sub(root, "MIGversion", MIG_VERSION)
    sub(root, "SoftwareName", SOFTWARE)
    sub(root, "GenDate", _stamp(now))
    sub(root, "Id", receipt_id or str(uuid.uuid4()))
    sender = sub(root, "Sender")
    _hcp_q(sender, header.receiver, q)
    receiver = sub(root, "Receiver")
    _hcp_q(receiver, header.sender, q)
    sub(root, "Status", V=status.value, DN=STATUS_TEXTS[status])
    for error in errors:
        attributes = {"V": error.code.value, "DN": ERROR_TEXTS[error.code], "S": ERROR_OID}
        if error.detail:
            attributes["OT"] = error.detail
        sub(root, "Error", **attributes)
    original = sub(root, "OriginalMsgId")
    sub(original, "MsgType", V=header.type_code or "UKJENT", DN=header.type_label or "Ukjent")
    sub(original, "IssueDate", _stamp(header.gen_date or now))
    sub(original, "Id", header.msg_id or "ukjent")
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _hcp_q(parent: ET.Element, party: Party, q: str) -> None:
    """``_hcp`` with the AppRec namespace on every element."""
    scratch = ET.Element("scratch")
    _hcp(scratch, party)
    for element in scratch.iter():
        if element is not scratch:
            element.tag = f"{q}{element.tag}"
    parent.extend(list(scratch))
