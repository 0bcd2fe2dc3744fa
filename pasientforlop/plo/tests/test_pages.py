"""The upload page, the message list, matching a waiting message, a pathway's messages;
who may use them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pasientforlop.audit.models import AuditEvent
from pasientforlop.pathways.models import Pathway, Patient, StepRecord
from pasientforlop.plo.models import MessageStatus, ReceivedMessage
from pasientforlop.plo.tests.conftest import FIXTURES, KARI, bad, fixture, take

IMPORT = reverse("plo:import")
LIST = reverse("plo:messages")


def _upload(client, *names, data=None):
    files = [SimpleUploadedFile(n, data or fixture(n), content_type="text/xml") for n in names]
    return client.post(IMPORT, {"files": files})


def test_the_allocation_office_uploads_several_messages_and_sees_the_report(plo, login):
    client = login(plo.allocation_a)
    response = _upload(client, "01_innlagt_ny.xml", "02_utskrivningsklar_ny.xml")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Innleggelse registrert for Ingrid Hansen." in html
    assert "Utskrivningsklar 19.11.2026 08:15 registrert for Ingrid Hansen." in html
    assert "V=&quot;1&quot;" in html  # the receipts, escaped
    pathway = Pathway.objects.get(patient=plo.ingrid)
    assert StepRecord.objects.filter(pathway=pathway, step="discharge_ready").exists()
    assert ReceivedMessage.objects.get(msg_id__endswith="4e01").received_by == plo.allocation_a


def test_uploading_the_same_files_again_changes_nothing(plo, login):
    client = login(plo.leader_a)
    names = sorted(p.name for p in FIXTURES.glob("*.xml"))
    _upload(client, *names)
    before = list(StepRecord.objects.order_by("pk").values()), ReceivedMessage.objects.count()
    response = _upload(client, *names)
    assert response.content.decode().count("Duplikat") == len(names)
    assert (
        list(StepRecord.objects.order_by("pk").values()),
        ReceivedMessage.objects.count(),
    ) == before


def test_a_message_for_another_municipality_is_refused_on_the_page(plo, login):
    client = login(plo.allocation_a)
    response = client.post(IMPORT, {"files": [SimpleUploadedFile("b.xml", bad("kommune_b.xml"))]})
    html = response.content.decode()
    assert "Avvist (E21)" in html
    assert "Ingenting er endret" in html
    assert not ReceivedMessage.objects.exists()


def test_the_upload_page_needs_a_file(plo, login):
    response = login(plo.allocation_a).post(IMPORT, {})
    assert response.status_code == 200
    assert "Velg én eller flere XML-filer." in response.content.decode()


@pytest.mark.parametrize("name", ["nurse_a", "gp_a", "discharge", "nurse_b", "coordinator"])
def test_people_without_a_receiving_role_may_not_import_or_list(plo, login, name):
    client = login(getattr(plo, name))
    assert client.get(IMPORT).status_code == 403
    assert _upload(client, "01_innlagt_ny.xml").status_code == 403
    assert client.get(LIST).status_code == 403
    assert not ReceivedMessage.objects.exists()


def test_the_list_shows_the_municipalitys_waiting_messages(plo, login):
    take("15_innlagt_ukjent_pasient.xml")
    response = login(plo.allocation_a).get(LIST, {"status": "unmatched"})
    html = response.content.decode()
    assert "Kari Nilsen" in html
    assert "250650*****" in html
    assert KARI not in html


def test_another_municipalitys_leader_does_not_see_the_messages(plo, login):
    from pasientforlop.accounts.choices import Role
    from pasientforlop.accounts.models import Membership

    take("15_innlagt_ukjent_pasient.xml")
    Membership.objects.create(user=plo.nurse_b, organisation=plo.unit_b, role=Role.UNIT_LEADER)
    client = login(plo.nurse_b)
    assert "Kari Nilsen" not in client.get(LIST).content.decode()
    message = ReceivedMessage.objects.get()
    assert client.get(reverse("plo:message", args=[message.pk])).status_code == 404
    assert client.get(reverse("plo:apprec", args=[message.pk])).status_code == 404


def test_a_clinician_of_the_municipality_may_not_open_or_match_a_message(plo, login):
    message = take("15_innlagt_ukjent_pasient.xml").message
    client = login(plo.nurse_a)
    url = reverse("plo:message", args=[message.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"create": "1"}).status_code == 403
    message.refresh_from_db()
    assert message.status == MessageStatus.UNMATCHED


def test_matching_picks_a_listed_user_and_enters_the_message(plo, login):
    kari = Patient.objects.create(
        municipality=plo.municipality_a, first_name="Kari", last_name="Nilsen", pseudonym="kn-1"
    )
    message = take("15_innlagt_ukjent_pasient.xml").message
    client = login(plo.allocation_a)
    url = reverse("plo:message", args=[message.pk])
    page = client.get(url).content.decode()
    assert "Kari Nilsen" in page and 'id="match-patient"' in page
    response = client.post(url, {"patient": kari.pk})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.PROCESSED
    assert message.patient == kari
    assert message.matched_by == plo.allocation_a
    assert StepRecord.objects.filter(pathway__patient=kari, step="admission").exists()
    assert AuditEvent.objects.filter(object_type="plo.receivedmessage", action="update").exists()


def test_matching_cannot_pick_a_user_outside_the_candidates(plo, login):
    message = take("15_innlagt_ukjent_pasient.xml").message
    client = login(plo.allocation_a)
    response = client.post(reverse("plo:message", args=[message.pk]), {"patient": plo.ingrid.pk})
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == MessageStatus.UNMATCHED


def test_registering_a_new_user_from_the_message(plo, login):
    message = take("15_innlagt_ukjent_pasient.xml").message
    client = login(plo.leader_a)
    client.post(reverse("plo:message", args=[message.pk]), {"create": "1"})
    kari = Patient.objects.get(national_id=KARI)
    assert (kari.first_name, kari.last_name, kari.municipality) == (
        "Kari",
        "Nilsen",
        plo.municipality_a,
    )
    message.refresh_from_db()
    assert message.patient == kari and message.pathway is not None


def test_the_receipt_downloads_as_xml(plo, login):
    message = take("01_innlagt_ny.xml").message
    response = login(plo.allocation_a).get(reverse("plo:apprec", args=[message.pk]))
    assert response["Content-Type"].startswith("application/xml")
    assert b"<OriginalMsgId>" in response.content or b"OriginalMsgId" in response.content


def test_a_pathways_messages_are_listed_in_the_order_things_happened(plo, login):
    take("09_utskrevet.xml")
    take("02_utskrivningsklar_ny.xml")
    take("07_utskrivningsrapport.xml")
    pathway = Pathway.objects.get(patient=plo.ingrid)
    html = login(plo.nurse_a).get(reverse("plo:pathway_messages", args=[pathway.pk])).content
    html = html.decode()
    ready = html.index("19.11.2026 08:15")
    report = html.index("21.11.2026 15:00")
    discharged = html.index("22.11.2026 12:00")
    assert ready < report < discharged
    assert "rullator" in html


def test_a_pathways_messages_are_hidden_from_other_municipalities(plo, login):
    take("01_innlagt_ny.xml")
    pathway = Pathway.objects.get(patient=plo.ingrid)
    response = login(plo.nurse_b).get(reverse("plo:pathway_messages", args=[pathway.pk]))
    assert response.status_code == 404


def test_the_pathway_page_links_to_the_hospitals_messages(plo, login):
    take("01_innlagt_ny.xml")
    pathway = Pathway.objects.get(patient=plo.ingrid)
    link = reverse("plo:pathway_messages", args=[pathway.pk])
    html = login(plo.nurse_a).get(reverse("pathways:timeline", args=[pathway.pk])).content
    assert link.encode() in html
