"""PLO e-messages: ``POST /api/plo/messages`` takes one message (MsgHead XML) and answers
with the import report line and the application receipt (AppRec)."""

from ninja import Router, Schema, Status

from pasientforlop.interop.api.auth import need
from pasientforlop.interop.api.common import responses
from pasientforlop.interop.problems import Problem
from pasientforlop.plo.intake import Context, receive
from pasientforlop.plo.views import receiving_municipalities

router = Router(tags=["plo"])

MAX_BYTES = 10 * 1024 * 1024
XML_TYPES = ("application/xml", "text/xml")


class ReceiptOut(Schema):
    result: str
    apprec_status: str
    error_code: str
    line: str
    msg_id: str
    kind: str
    message_id: int | None
    apprec_xml: str


def _body(request) -> bytes:
    if (request.content_type or "") not in XML_TYPES:
        raise Problem(
            "unsupported-media-type",
            "Send meldingen som application/xml.",
            "Send the message as application/xml.",
        )
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BYTES:
        raise Problem("too-large", "Høyst 10 MB per melding.", "At most 10 MB per message.")
    body = request.read(MAX_BYTES + 1)
    if len(body) > MAX_BYTES:
        raise Problem("too-large", "Høyst 10 MB per melding.", "At most 10 MB per message.")
    return body


@router.post(
    "/plo/messages",
    response=responses({200: ReceiptOut}),
    summary="Take in one PLO e-message; the report and the AppRec",
    description=(
        "The body is one PLO message (MsgHead with Pasientlogistikk, Innleggelsesrapport, "
        "Utskrivningsrapport or Helseopplysninger). Answered with 200 whenever a receipt is "
        "made: `result` is `ok`, `unmatched`, `kept`, `duplicate` or `rejected`, "
        "`apprec_status` 1 (OK) or 2 (Avvist) with `error_code` from code list 8221, and "
        "`apprec_xml` the receipt to return to the sender. See docs/plo.md."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/xml": {"schema": {"type": "string"}}},
        }
    },
)
def post_message(request):
    need(request, "pathways:write")
    allowed = {m.pk for m in receiving_municipalities(request.user)}
    if not allowed:
        raise Problem(
            "forbidden",
            "Bare tildelingskontoret og enhetsledere kan ta imot PLO-meldinger.",
            "Only the allocation office and unit leaders may take in PLO messages.",
        )
    context = Context(actor=request.user, request=request, allowed=allowed)
    outcome = receive(_body(request), source="api", context=context)
    return Status(200, outcome.as_dict() | {"apprec_xml": outcome.apprec_xml})
