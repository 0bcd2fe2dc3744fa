"""A received message for the route sweep (``lib/tests/test_access_sweep.py``)."""

from pasientforlop.plo.apprec import Status, build
from pasientforlop.plo.parsing import Header, Party

SWEEP_MSG_ID = "5d0c7a3e-8f1b-4c2d-9e6a-7b8c9d0e1f2a"


def sweep_message(world):
    """A discharge-ready message about the sweep's user, entered into her pathway."""
    from django.utils import timezone

    from pasientforlop.plo.models import MessageStatus, ReceivedMessage

    patient = world.patient
    header = Header(
        msg_id=SWEEP_MSG_ID,
        type_code="LOG_UTSKRIVNINGSKLAR",
        type_label="Melding om utskrivningsklar pasient",
        sender=Party(("Sykehuset",), ("90001",)),
        receiver=Party(("Kommune A",), ("80001",)),
    )
    message, _created = ReceivedMessage.objects.get_or_create(
        sender_her_id="90001",
        msg_id=SWEEP_MSG_ID,
        defaults={
            "municipality": world.people.municipality_a,
            "sender_name": "Sykehuset",
            "receiver_her_id": "80001",
            "message_type": "LOG_UTSKRIVNINGSKLAR",
            "kind": "discharge_ready",
            "action": "N",
            "national_id": patient.national_id,
            "patient_name": patient.display_name(),
            "occurred_at": timezone.now(),
            "status": MessageStatus.PROCESSED,
            "summary": {"ward": "Sengepost", "events": []},
            "raw_sha256": "0" * 64,
            "raw_xml": "<MsgHead/>",
            "apprec_status": "1",
            "apprec_xml": build(header, Status.OK, now=timezone.now()),
            "patient": patient,
            "pathway": world.pathway,
        },
    )
    return message
