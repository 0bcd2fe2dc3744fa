"""Taking in PLO messages: each message type, change, cancellation, duplicates, bad input."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from pasientforlop.pathways.models import Pathway, Patient, StepRecord
from pasientforlop.plo.intake import Context, Result, receive
from pasientforlop.plo.models import MessageDocument, MessageStatus, ReceivedMessage
from pasientforlop.plo.tests.conftest import FIXTURES, KARI, bad, fixture, take

OSLO = ZoneInfo("Europe/Oslo")


def _steps(pathway):
    return {r.step: r for r in StepRecord.objects.filter(pathway=pathway)}


def _world():
    """Everything the intake can change, to compare before and after."""
    return (
        sorted(ReceivedMessage.objects.values_list("msg_id", "status", "patient_id", "pathway_id")),
        sorted(
            StepRecord.objects.values_list("pathway_id", "step", "done_on", "done_at", "version")
        ),
        sorted(
            Pathway.objects.values_list(
                "pk",
                "hospital_id",
                "hospital_ward",
                "expected_discharge_at",
                "closed_on",
                "version",
            )
        ),
        sorted(MessageDocument.objects.values_list("message__msg_id", "current", "pathway_id")),
        Patient.objects.count(),
    )


def _apprec_status(outcome):
    return outcome.apprec_status, outcome.error_code


def test_an_admission_message_starts_a_hospital_pathway_with_the_admission_step(plo):
    outcome = take("01_innlagt_ny.xml")
    assert outcome.result == Result.OK
    assert _apprec_status(outcome) == ("1", "")
    pathway = Pathway.objects.get(patient=plo.ingrid)
    assert pathway.start_type == "hospital_discharge"
    assert pathway.start_date == date(2026, 11, 16)
    assert pathway.hospital == plo.hospital
    assert pathway.hospital_ward == "Medisinsk sengepost 3"
    assert pathway.unit == plo.unit_a
    record = _steps(pathway)["admission"]
    assert record.done_on == date(2026, 11, 16)
    assert "Sykehuset i Eksempelby HF" in record.done_by_name
    assert outcome.message.pathway == pathway
    assert '<Status V="1" DN="OK"' in outcome.apprec_xml


def test_discharge_ready_is_recorded_with_its_time_on_the_same_pathway(plo):
    take("01_innlagt_ny.xml")
    outcome = take("02_utskrivningsklar_ny.xml")
    assert outcome.result == Result.OK
    pathway = Pathway.objects.get(patient=plo.ingrid)
    assert _steps(pathway)["discharge_ready"].done_at == datetime(2026, 11, 19, 8, 15, tzinfo=OSLO)
    assert "19.11.2026 08:15" in outcome.line


def test_a_discharge_ready_message_alone_records_the_admission_it_carries(plo):
    take("02_utskrivningsklar_ny.xml")
    steps = _steps(Pathway.objects.get(patient=plo.ingrid))
    assert steps["admission"].done_on == date(2026, 11, 16)
    assert steps["discharge_ready"].done_at == datetime(2026, 11, 19, 8, 15, tzinfo=OSLO)


def test_a_change_replaces_the_discharge_ready_time(plo):
    take("02_utskrivningsklar_ny.xml")
    outcome = take("03_utskrivningsklar_endring.xml")
    assert outcome.result == Result.OK
    pathway = Pathway.objects.get(patient=plo.ingrid)
    assert _steps(pathway)["discharge_ready"].done_at == datetime(2026, 11, 19, 9, 30, tzinfo=OSLO)
    original = ReceivedMessage.objects.get(msg_id__endswith="4e02")
    assert original.status == MessageStatus.SUPERSEDED
    assert outcome.message.replaces == original


def test_a_withdrawn_discharge_ready_declaration_removes_the_step(plo):
    for name in ("01_innlagt_ny.xml", "02_utskrivningsklar_ny.xml"):
        take(name)
    outcome = take("04_avmelding_utskrivningsklar.xml")
    assert outcome.result == Result.OK
    steps = _steps(Pathway.objects.get(patient=plo.ingrid))
    assert "discharge_ready" not in steps
    assert "admission" in steps
    assert "trukket tilbake" in outcome.line


def test_a_discharged_message_sets_the_discharge_time(plo):
    take("02_utskrivningsklar_ny.xml")
    outcome = take("09_utskrevet.xml")
    assert outcome.result == Result.OK
    pathway = Pathway.objects.get(patient=plo.ingrid)
    assert pathway.expected_discharge_at == datetime(2026, 11, 22, 12, 0, tzinfo=OSLO)


def test_reports_are_attached_to_the_pathway_and_a_change_replaces_the_document(plo):
    take("01_innlagt_ny.xml")
    pathway = Pathway.objects.get(patient=plo.ingrid)
    assert take("06_innleggelsesrapport.xml").result == Result.OK
    assert take("07_utskrivningsrapport.xml").result == Result.OK
    assert take("08_utskrivningsrapport_endring.xml").result == Result.OK
    documents = MessageDocument.objects.filter(pathway=pathway).order_by("issued_at")
    assert [(d.kind, d.current) for d in documents] == [
        ("admission_report", True),
        ("discharge_report", False),
        ("discharge_report", True),
    ]
    texts = [text for _, text in documents[2].text]
    assert any("Sårstell annenhver dag" in text for text in texts)


def test_a_cancelled_report_is_withdrawn_but_kept(plo):
    take("01_innlagt_ny.xml")
    take("10_helseopplysninger.xml")
    outcome = take("11_helseopplysninger_kansellering.xml")
    assert outcome.result == Result.OK
    original = ReceivedMessage.objects.get(msg_id__endswith="4e10")
    assert original.status == MessageStatus.CANCELLED
    assert not MessageDocument.objects.filter(current=True, kind="health_information").exists()
    assert MessageDocument.objects.filter(message=original).exists()


def test_a_cancelled_admission_undoes_the_step_and_closes_the_pathway_it_started(plo):
    take("12_innlagt_ny_per.xml")
    pathway = Pathway.objects.get(patient=plo.per)
    assert "admission" in _steps(pathway)
    outcome = take("13_innlagt_kansellering_per.xml")
    assert outcome.result == Result.OK
    pathway.refresh_from_db()
    assert _steps(pathway) == {}
    assert pathway.closed_on is not None
    assert ReceivedMessage.objects.get(msg_id__endswith="4e12").status == MessageStatus.CANCELLED


def test_a_cancellation_keeps_a_step_a_person_changed_since(plo):
    take("12_innlagt_ny_per.xml")
    pathway = Pathway.objects.get(patient=plo.per)
    StepRecord.objects.filter(pathway=pathway, step="admission").update(done_on=date(2026, 11, 17))
    outcome = take("13_innlagt_kansellering_per.xml")
    assert "beholdt" in outcome.line
    assert _steps(pathway)["admission"].done_on == date(2026, 11, 17)


def test_a_d_number_matches_the_user_registered_with_it(plo):
    outcome = take("14_innlagt_d_nummer.xml")
    assert outcome.result == Result.OK
    assert outcome.message.patient == plo.ahmed


def test_an_unknown_national_id_waits_for_manual_matching_and_is_never_guessed(plo):
    # A user with the same name but no national ID must not be picked.
    Patient.objects.create(
        municipality=plo.municipality_a, first_name="Kari", last_name="Nilsen", pseudonym="kn-1"
    )
    outcome = take("15_innlagt_ukjent_pasient.xml")
    assert outcome.result == Result.UNMATCHED
    assert outcome.apprec_status == "1"
    message = outcome.message
    assert message.status == MessageStatus.UNMATCHED
    assert message.patient is None and message.pathway is None
    assert message.national_id == KARI
    assert "250650*****" in outcome.line


def test_an_existing_open_hospital_pathway_is_updated_not_duplicated(plo):
    from pasientforlop.pathways.tests.factories import make_pathway

    existing = make_pathway(
        plo, start_type="hospital_discharge", start_date=date(2026, 11, 15), patient=plo.ingrid
    )
    take("02_utskrivningsklar_ny.xml")
    assert Pathway.objects.filter(patient=plo.ingrid).count() == 1
    assert "discharge_ready" in _steps(existing)


def test_importing_the_whole_directory_twice_changes_nothing_the_second_time(plo):
    files = sorted(FIXTURES.glob("*.xml"))
    first = [receive(p.read_bytes(), source=p.name) for p in files]
    assert all(o.result != Result.REJECTED for o in first), [o.line for o in first]
    after_first = _world()
    second = [receive(p.read_bytes(), source=p.name) for p in files]
    assert {o.result for o in second} == {Result.DUPLICATE}
    assert [o.apprec_xml for o in second] == [o.apprec_xml for o in first]
    assert _world() == after_first


def test_the_directory_leaves_ingrid_discharge_ready_again_and_discharged(plo):
    for path in sorted(FIXTURES.glob("*.xml")):
        receive(path.read_bytes(), source=path.name)
    pathway = Pathway.objects.get(patient=plo.ingrid)
    steps = _steps(pathway)
    assert steps["discharge_ready"].done_at == datetime(2026, 11, 21, 8, 0, tzinfo=OSLO)
    assert pathway.expected_discharge_at == datetime(2026, 11, 22, 12, 0, tzinfo=OSLO)


def test_messages_in_the_wrong_order_are_both_kept_and_listed_in_time_order(plo):
    discharged = take("09_utskrevet.xml")
    ready = take("02_utskrivningsklar_ny.xml")
    assert discharged.result == ready.result == Result.OK
    pathway = Pathway.objects.get(patient=plo.ingrid)
    listed = list(ReceivedMessage.objects.filter(pathway=pathway))
    assert [m.kind for m in listed] == ["discharge_ready", "discharged"]
    assert "discharge_ready" in _steps(pathway)
    assert pathway.expected_discharge_at == datetime(2026, 11, 22, 12, 0, tzinfo=OSLO)


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("ikke_xml.xml", "T01", "ikke gyldig XML"),
        ("ikke_plo.xml", "T10", "ikke en PLO-melding"),
        ("annen_kommune.xml", "E21", "89999"),
        ("ugyldig_fodselsnummer.xml", "E31", "Ugyldig fødselsnummer"),
        ("kansellering_ukjent.xml", "X99", "ikke mottatt"),
    ],
)
def test_bad_input_is_refused_with_the_right_apprec_and_changes_nothing(plo, name, code, words):
    before = _world()
    outcome = receive(bad(name), source=name)
    assert outcome.result == Result.REJECTED
    assert outcome.apprec_status == "2"
    assert outcome.error_code == code
    assert words in outcome.line
    assert "Ingenting er endret" in outcome.line
    assert f'V="{code}"' in outcome.apprec_xml
    assert 'S="2.16.578.1.12.4.1.1.8221"' in outcome.apprec_xml
    assert _world() == before


def test_another_municipality_the_importer_may_not_receive_for_is_refused(plo):
    context = Context(allowed={plo.municipality_a.pk})
    outcome = receive(bad("kommune_b.xml"), source="b", context=context)
    assert (outcome.result, outcome.error_code) == (Result.REJECTED, "E21")
    assert not ReceivedMessage.objects.exists()


def test_a_duplicate_changes_nothing_and_repeats_the_first_receipt(plo):
    first = take("01_innlagt_ny.xml")
    before = _world()
    again = take("01_innlagt_ny.xml")
    assert again.result == Result.DUPLICATE
    assert again.apprec_xml == first.apprec_xml
    assert "Duplikat" in again.line
    assert _world() == before


def test_a_reused_message_id_with_other_content_is_refused(plo):
    take("01_innlagt_ny.xml")
    before = _world()
    changed = fixture("01_innlagt_ny.xml").replace(b"2026-11-16T10:00:00", b"2026-11-16T11:00:00")
    outcome = take("x", data=changed)
    assert (outcome.result, outcome.error_code) == (Result.REJECTED, "E10")
    assert _world() == before


def test_a_dtd_with_entities_is_refused(plo):
    data = fixture("01_innlagt_ny.xml").replace(
        b'<?xml version="1.0" encoding="UTF-8"?>',
        b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE MsgHead [<!ENTITY x "y">]>',
    )
    outcome = take("dtd", data=data)
    assert (outcome.result, outcome.error_code) == (Result.REJECTED, "T01")


def test_a_rule_refusal_keeps_the_message_for_a_person_with_an_ok_receipt(plo):
    from pasientforlop.pathways.tests.factories import make_pathway

    make_pathway(
        plo,
        start_type="hospital_discharge",
        start_date=date(2026, 11, 10),
        patient=plo.ingrid,
        steps={"admission": date(2026, 11, 10), "home_services_start": date(2026, 11, 12)},
    )
    outcome = take("02_utskrivningsklar_ny.xml")
    assert outcome.result == Result.KEPT
    assert outcome.apprec_status == "1"
    assert outcome.message.status == MessageStatus.NEEDS_ATTENTION
    assert outcome.message.problem


def test_cancelling_a_changed_message_undoes_the_original_and_the_change(plo):
    take("02_utskrivningsklar_ny.xml")
    take("03_utskrivningsklar_endring.xml")
    cancel = (
        fixture("03_utskrivningsklar_endring.xml")
        .replace(b"3f2a8c10-1d4b-4e7a-9c61-0a1b2c3d4e03", b"3f2a8c10-1d4b-4e7a-9c61-0a1b2c3d4e99")
        .replace(b'V="M" DN="Endring"', b'V="C" DN="Kansellering"')
    )
    outcome = take("kansellering", data=cancel)
    assert outcome.result == Result.OK, outcome.line
    pathway = Pathway.objects.get(patient=plo.ingrid)
    assert _steps(pathway) == {}
    assert pathway.closed_on is not None
    statuses = dict(ReceivedMessage.objects.values_list("msg_id", "status"))
    assert statuses["3f2a8c10-1d4b-4e7a-9c61-0a1b2c3d4e02"] == MessageStatus.CANCELLED
    assert statuses["3f2a8c10-1d4b-4e7a-9c61-0a1b2c3d4e03"] == MessageStatus.CANCELLED


def test_matching_enters_every_waiting_message_of_that_person_in_time_order(plo):
    from pasientforlop.plo.intake import match

    admitted = fixture("15_innlagt_ukjent_pasient.xml")
    ready = (
        fixture("02_utskrivningsklar_ny.xml")
        .replace(b"12034510170", KARI.encode())
        .replace(b"<FamilyName>Hansen", b"<FamilyName>Nilsen")
        .replace(b"2026-11-16T10:00:00", b"2026-11-21T11:00:00")
        .replace(b"2026-11-19T08:15:00", b"2026-11-23T08:15:00")
    )
    # The later message arrives first; both wait.
    assert take("ready", data=ready).result == Result.UNMATCHED
    first = take("admitted", data=admitted)
    assert first.result == Result.UNMATCHED
    kari = Patient.objects.create(
        municipality=plo.municipality_a, first_name="Kari", last_name="Nilsen", national_id=KARI
    )
    match(first.message, kari, context=Context(actor=plo.allocation_a))
    assert set(ReceivedMessage.objects.values_list("status", flat=True)) == {
        MessageStatus.PROCESSED
    }
    steps = _steps(Pathway.objects.get(patient=kari))
    assert steps["admission"].done_on == date(2026, 11, 21)
    assert steps["discharge_ready"].done_at == datetime(2026, 11, 23, 8, 15, tzinfo=OSLO)


def test_a_refused_message_leaves_no_half_made_pathway(plo):
    ready_before_admission = fixture("02_utskrivningsklar_ny.xml").replace(
        b"2026-11-19T08:15:00", b"2026-11-15T08:15:00"
    )
    outcome = take("x", data=ready_before_admission)
    assert outcome.result == Result.KEPT
    assert outcome.apprec_status == "1"
    assert "Utskrivningsklar" in outcome.message.problem
    assert not Pathway.objects.filter(patient=plo.ingrid).exists()
    assert outcome.message.pathway is None


def test_a_municipality_without_a_home_services_unit_keeps_the_message(plo):
    from pasientforlop.accounts.choices import UnitKind

    plo.unit_a.unit_kind = UnitKind.CITY_DISTRICT
    plo.unit_a.save(update_fields=["unit_kind"])
    outcome = take("12_innlagt_ny_per.xml")
    assert outcome.result == Result.KEPT
    assert "ingen enhet" in outcome.line
    assert not Pathway.objects.exists()
