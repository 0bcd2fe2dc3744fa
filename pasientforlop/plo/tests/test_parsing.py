"""The pure parser and receipt writer: element paths, namespaces, safety, codes."""

import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pasientforlop.plo import apprec
from pasientforlop.plo.parsing import (
    Action,
    ErrorCode,
    Kind,
    MessageError,
    parse,
    parse_timestamp,
)

OSLO = ZoneInfo("Europe/Oslo")
HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
REPO = HERE.parents[2]


def read(name):
    return (FIXTURES / name).read_bytes()


def test_it_reads_the_msghead_of_an_admission_message():
    message = parse(read("01_innlagt_ny.xml"))
    assert message.kind == Kind.ADMITTED
    assert message.action == Action.NEW
    assert message.msg_id == "3f2a8c10-1d4b-4e7a-9c61-0a1b2c3d4e01"
    assert message.header.sender.her_ids == ("90001", "90002")
    assert message.header.sender.name == "Sykehuset i Eksempelby HF"
    assert message.header.receiver.her_ids == ("80001", "80002")
    assert message.patient.national_id == "12034510170"
    assert message.patient.id_type == "FNR"
    assert (message.patient.given_name, message.patient.family_name) == ("Ingrid", "Hansen")
    assert message.ward == "Medisinsk sengepost 3"
    assert message.responsible == "Siri Utskriver"
    assert message.occurred_at == datetime(2026, 11, 16, 10, 0, tzinfo=OSLO)


def test_it_reads_every_event_of_a_discharge_ready_message():
    message = parse(read("02_utskrivningsklar_ny.xml"))
    assert message.kind == Kind.DISCHARGE_READY
    assert [(e.code, e.at) for e in message.events] == [
        ("1", datetime(2026, 11, 16, 10, 0, tzinfo=OSLO)),
        ("3", datetime(2026, 11, 19, 8, 15, tzinfo=OSLO)),
    ]
    assert message.main_event.code == "3"


def test_a_change_and_a_cancellation_refer_to_their_parent():
    change = parse(read("03_utskrivningsklar_endring.xml"))
    assert change.action == Action.CHANGE
    assert change.header.parent_id.endswith("4e02")
    cancel = parse(read("13_innlagt_kansellering_per.xml"))
    assert cancel.action == Action.CANCEL
    assert cancel.header.parent_id.endswith("4e12")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("04_avmelding_utskrivningsklar.xml", Kind.DISCHARGE_READY_CANCELLED),
        ("09_utskrevet.xml", Kind.DISCHARGED),
        ("06_innleggelsesrapport.xml", Kind.ADMISSION_REPORT),
        ("07_utskrivningsrapport.xml", Kind.DISCHARGE_REPORT),
        ("10_helseopplysninger.xml", Kind.HEALTH_INFORMATION),
    ],
)
def test_it_tells_each_message_type(name, kind):
    assert parse(read(name)).kind == kind


def test_a_report_keeps_its_content_and_readable_text():
    message = parse(read("07_utskrivningsrapport.xml"))
    assert "TverrfagligEpikrise" in message.content_xml
    texts = dict(message.content_text)
    assert texts["Overskrift"] == "Funksjonsnivå ved utskrivning"
    assert "rullator" in texts["Tekst"]


def test_it_reads_a_version_2_message_with_element_timestamps():
    data = read("01_innlagt_ny.xml")
    data = data.replace(
        b"http://www.kith.no/xmlstds/po/Pasientlogistikk/2012-04-01",
        b"http://ehelse.no/xmlstds/po/Pasientlogistikk/2016-05-30",
    ).replace(
        b'<TidspunktForHendelse V="2026-11-16T10:00:00"/>',
        b"<TidspunktForHendelse>2026-11-16T10:00:00+01:00</TidspunktForHendelse>",
    )
    message = parse(data)
    assert message.version == "2.0"
    assert message.occurred_at == datetime(2026, 11, 16, 10, 0, tzinfo=OSLO)


def test_it_reads_a_message_in_iso_8859_1():
    text = read("01_innlagt_ny.xml").decode("utf-8")
    data = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("latin-1")
    assert parse(data).responsible == "Siri Utskriver"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"<MsgHead><unclosed>", ErrorCode.NOT_XML),
        (b"not xml at all", ErrorCode.NOT_XML),
        (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', ErrorCode.NOT_XML),
        (b'<?xml version="1.0"?><!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>', ErrorCode.NOT_XML),
        (b"<a>&undefined;</a>", ErrorCode.NOT_XML),
        (b"<AppRec xmlns='http://www.kith.no/xmlstds/apprec/2012-02-15'/>", ErrorCode.UNSUPPORTED),
    ],
)
def test_it_refuses_what_is_not_a_plo_message(data, code):
    with pytest.raises(MessageError) as refused:
        parse(data)
    assert refused.value.code == code


def test_an_unsupported_message_type_is_t10_with_the_header_kept():
    data = read("01_innlagt_ny.xml").replace(b'V="LOG_INNLAGT"', b'V="DIALOG_NOTAT"')
    with pytest.raises(MessageError) as refused:
        parse(data)
    assert refused.value.code == ErrorCode.UNSUPPORTED
    assert refused.value.header.sender.her_id == "90001"


def test_a_message_id_that_is_not_a_uuid_is_e10():
    data = read("01_innlagt_ny.xml").replace(b"3f2a8c10-1d4b-4e7a-9c61-0a1b2c3d4e01", b"melding-1")
    with pytest.raises(MessageError) as refused:
        parse(data)
    assert refused.value.code == ErrorCode.BAD_MESSAGE_ID


def test_a_missing_forsendelsesstatus_or_parent_reference_is_t02():
    no_status = read("01_innlagt_ny.xml").replace(b'<Forsendelsesstatus V="N" DN="Ny"/>', b"")
    with pytest.raises(MessageError) as refused:
        parse(no_status)
    assert refused.value.code == ErrorCode.NOT_VALID
    orphan = read("03_utskrivningsklar_endring.xml").replace(b"<ConversationRef>", b"<X>")
    orphan = orphan.replace(b"</ConversationRef>", b"</X>")
    with pytest.raises(MessageError):
        parse(orphan)


def test_a_content_in_the_wrong_namespace_is_refused():
    data = read("01_innlagt_ny.xml").replace(
        b"http://www.kith.no/xmlstds/po/Pasientlogistikk/2012-04-01", b"urn:other"
    )
    with pytest.raises(MessageError) as refused:
        parse(data)
    assert refused.value.code == ErrorCode.NOT_VALID


def test_timestamps_without_zone_are_oslo_time_and_dates_are_midnight():
    assert parse_timestamp("2026-07-01T12:00:00") == (datetime(2026, 7, 1, 12, tzinfo=OSLO), True)
    assert parse_timestamp("2026-07-01T10:00:00Z")[0] == datetime(2026, 7, 1, 12, tzinfo=OSLO)
    assert parse_timestamp("2026-07-01") == (datetime(2026, 7, 1, 0, tzinfo=OSLO), False)
    assert parse_timestamp("01.07.2026") is None


def test_the_apprec_answers_the_sender_with_status_errors_and_the_original_id():
    message = parse(read("01_innlagt_ny.xml"))
    xml = apprec.build(
        message.header,
        apprec.Status.REJECTED,
        [apprec.ReceiptError(ErrorCode.NO_RECEIVER, "Ukjent kommune")],
        now=datetime(2026, 11, 16, 10, 6, tzinfo=OSLO),
        receipt_id="r-1",
    )
    root = ET.fromstring(xml.encode("utf-8"))
    ns = {"a": "http://www.kith.no/xmlstds/apprec/2012-02-15"}
    assert root.find("a:Status", ns).attrib == {"V": "2", "DN": "Avvist"}
    error = root.find("a:Error", ns).attrib
    assert error["V"] == "E21" and error["DN"] == "Mottaker finnes ikke"
    assert error["S"] == "2.16.578.1.12.4.1.1.8221" and error["OT"] == "Ukjent kommune"
    assert root.find("a:Sender/a:HCP/a:Inst/a:Id", ns).text == "80001"
    assert root.find("a:Receiver/a:HCP/a:Inst/a:Id", ns).text == "90001"
    assert root.find("a:Receiver/a:HCP/a:Inst/a:Dept/a:Id", ns).text == "90002"
    assert root.find("a:OriginalMsgId/a:Id", ns).text == message.msg_id
    assert root.find("a:OriginalMsgId/a:MsgType", ns).attrib["V"] == "LOG_INNLAGT"
    assert root.find("a:GenDate", ns).text == "2026-11-16T10:06:00+01:00"


def test_the_parser_and_receipt_writer_load_without_django():
    code = (
        "import sys, pasientforlop.plo.parsing, pasientforlop.plo.apprec\n"
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')]\n"
    )
    python = REPO / ".venv" / "bin" / "python"
    result = subprocess.run(
        [str(python if python.exists() else sys.executable), "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
