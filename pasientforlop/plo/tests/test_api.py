"""``POST /api/plo/messages``: one message in, the report and the AppRec out."""

import pytest

from pasientforlop.interop.models import Scope
from pasientforlop.interop.tokens import create_token
from pasientforlop.pathways.models import StepRecord
from pasientforlop.plo.models import ReceivedMessage
from pasientforlop.plo.tests.conftest import bad, fixture

URL = "/api/plo/messages"


def _post(
    client, user, data: bytes, scopes=(Scope.PATHWAYS_WRITE,), content_type="application/xml"
):
    token = create_token(user, "test", list(scopes), 30).plain
    return client.post(
        URL, data, content_type=content_type, headers={"Authorization": f"Bearer {token}"}
    )


def test_it_takes_in_a_message_and_returns_the_receipt(plo, client):
    response = _post(client, plo.allocation_a, fixture("02_utskrivningsklar_ny.xml"))
    assert response.status_code == 200
    body = response.json()
    assert body["result"] == "ok"
    assert body["apprec_status"] == "1"
    assert body["msg_id"].endswith("4e02")
    assert body["kind"] == "LOG_UTSKRIVNINGSKLAR"
    assert "Utskrivningsklar 19.11.2026 08:15" in body["line"]
    assert '<Status V="1" DN="OK"' in body["apprec_xml"]
    assert StepRecord.objects.filter(pathway__patient=plo.ingrid, step="discharge_ready").exists()
    message = ReceivedMessage.objects.get(pk=body["message_id"])
    assert message.received_by == plo.allocation_a


def test_a_duplicate_returns_the_same_receipt(plo, client):
    first = _post(client, plo.leader_a, fixture("01_innlagt_ny.xml")).json()
    second = _post(client, plo.leader_a, fixture("01_innlagt_ny.xml")).json()
    assert second["result"] == "duplicate"
    assert second["apprec_xml"] == first["apprec_xml"]


@pytest.mark.parametrize(
    ("name", "code"),
    [("ikke_xml.xml", "T01"), ("ugyldig_fodselsnummer.xml", "E31"), ("kommune_b.xml", "E21")],
)
def test_bad_messages_get_a_negative_receipt_and_change_nothing(plo, client, name, code):
    body = _post(client, plo.allocation_a, bad(name)).json()
    assert (body["result"], body["apprec_status"], body["error_code"]) == ("rejected", "2", code)
    assert f'V="{code}"' in body["apprec_xml"]
    assert not ReceivedMessage.objects.exists()


def test_a_clinician_may_not_post_messages(plo, client):
    response = _post(client, plo.nurse_a, fixture("01_innlagt_ny.xml"))
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    assert not ReceivedMessage.objects.exists()


def test_a_token_without_write_scope_is_refused(plo, client):
    response = _post(
        client, plo.allocation_a, fixture("01_innlagt_ny.xml"), scopes=(Scope.PATHWAYS_READ,)
    )
    assert response.status_code == 403
    assert not ReceivedMessage.objects.exists()


def test_it_needs_a_token_and_an_xml_body(plo, client):
    anonymous = client.post(URL, fixture("01_innlagt_ny.xml"), content_type="application/xml")
    assert anonymous.status_code == 401
    response = _post(client, plo.allocation_a, b"{}", content_type="application/json")
    assert response.status_code == 415
    assert not ReceivedMessage.objects.exists()


def test_the_operation_is_in_the_openapi_document(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    assert "application/xml" in operation["requestBody"]["content"]
