"""Pages for received PLO messages: upload, the list (with those waiting for matching), one
message with its matching form, the AppRec, and a pathway's messages in time order.

Who: the allocation office and the unit leaders of the receiving municipality. Others in
that municipality get 403; people elsewhere 404. A pathway's messages follow the pathway's
own access rules.
"""

from datetime import datetime

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pasientforlop.accounts.choices import Role
from pasientforlop.audit.log import record, record_patients_shown
from pasientforlop.audit.models import AuditAction
from pasientforlop.lib import access, uploads
from pasientforlop.pathways.models import Patient
from pasientforlop.pathways.views.imports import municipalities_with_role
from pasientforlop.plo.intake import Context, match, receive
from pasientforlop.plo.models import MessageDocument, MessageStatus, ReceivedMessage

#: Roles that take in messages and match them.
RECEIVING_ROLES = frozenset({Role.ALLOCATION_OFFICE, Role.UNIT_LEADER})
MAX_FILES = 50
MAX_BYTES = 10 * 1024 * 1024


def receiving_municipalities(user) -> list:
    return municipalities_with_role(user, RECEIVING_ROLES)


def _receiving_ids(user) -> set[int]:
    ids = {m.pk for m in receiving_municipalities(user)}
    if not ids:
        raise PermissionDenied
    return ids


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".xml,text/xml"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [f for f in files if f]
        if not files:
            raise ValidationError(_("Choose one or more XML files."), code="required")
        if len(files) > MAX_FILES:
            raise ValidationError(
                _("Choose at most %(count)d files at a time.") % {"count": MAX_FILES}
            )
        for upload in files:
            if upload.size > MAX_BYTES:
                raise ValidationError(_("%(name)s is larger than 10 MB.") % {"name": upload.name})
        return files


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("PLO messages (XML)"),
        help_text=gettext_lazy("One or more XML files, each one message with its MsgHead."),
    )


def import_page(request):
    allowed = _receiving_ids(request.user)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    outcomes = []
    if request.method == "POST" and uploads.refuse_too_large(request, form, "files"):
        return render(request, "plo/import.html", {"form": form, "outcomes": outcomes})
    if request.method == "POST" and form.is_valid():
        context = Context(actor=request.user, request=request, allowed=allowed)
        for upload in form.cleaned_data["files"]:
            outcomes.append(receive(upload.read(), source=upload.name, context=context))
    return render(request, "plo/import.html", {"form": form, "outcomes": outcomes})


def message_list(request):
    allowed = _receiving_ids(request.user)
    status = request.GET.get("status", "")
    messages = (
        ReceivedMessage.objects.filter(municipality_id__in=allowed)
        .select_related("municipality", "patient", "pathway")
        .order_by("-received_at", "-id")
    )
    if status in MessageStatus.values:
        messages = messages.filter(status=status)
    messages = list(messages[:200])
    record_patients_shown(
        request,
        [m.patient_id for m in messages if m.patient_id],
        object_type="plo.receivedmessage",
    )
    waiting = ReceivedMessage.objects.filter(
        municipality_id__in=allowed, status=MessageStatus.UNMATCHED
    ).count()
    return render(
        request,
        "plo/message_list.html",
        {
            "messages": messages,
            "status": status,
            "statuses": MessageStatus.choices,
            "waiting": waiting,
        },
    )


def _message_for(user, pk) -> ReceivedMessage:
    """The message if the user receives messages for its municipality: 404 when the user
    has no role there at all, 403 when a role other than the receiving ones."""
    try:
        message = ReceivedMessage.objects.select_related(
            "municipality", "patient", "pathway", "replaces"
        ).get(pk=pk)
    except ReceivedMessage.DoesNotExist:
        raise Http404 from None
    roles = access.roles_in_municipality(user, message.municipality)
    if not roles:
        raise Http404
    if not roles & RECEIVING_ROLES:
        raise PermissionDenied
    return message


def _candidates(message: ReceivedMessage):
    """Users the person may pick: the same last name or the same birth date in the
    municipality. Never picked automatically."""
    last_name = message.patient_name.rsplit(" ", 1)[-1] if message.patient_name else ""
    day = int(message.national_id[:2]) if message.national_id[:2].isdigit() else 0
    births = {message.national_id[:6]}
    if day > 40:
        births.add(f"{day - 40:02d}{message.national_id[2:6]}")
    else:
        births.add(f"{day + 40:02d}{message.national_id[2:6]}")
    query = Q()
    for birth in births:
        query |= Q(national_id__startswith=birth)
    if last_name:
        query |= Q(last_name__iexact=last_name)
    return Patient.objects.filter(query, municipality=message.municipality).order_by(
        "last_name", "first_name"
    )


class MatchForm(forms.Form):
    patient = forms.ModelChoiceField(
        label=gettext_lazy("User of services"), queryset=Patient.objects.none()
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["patient"].queryset = candidates
        self.fields["patient"].label_from_instance = _patient_label


def _patient_label(patient: Patient) -> str:
    born = patient.national_id[:6] if patient.national_id else patient.pseudonym
    return f"{patient.display_name()} ({born})"


def message_detail(request, pk):
    message = _message_for(request.user, pk)
    candidates = _candidates(message) if message.status == MessageStatus.UNMATCHED else None
    form = (
        MatchForm(request.POST or None, candidates=candidates) if candidates is not None else None
    )
    if request.method == "POST":
        if message.status != MessageStatus.UNMATCHED:
            return redirect("plo:message", pk=message.pk)
        context = Context(actor=request.user, request=request)
        if "create" in request.POST:
            patient = _create_patient(request, message)
        elif form.is_valid():
            patient = form.cleaned_data["patient"]
        else:
            patient = None
        if patient is not None:
            match(message, patient, context=context)
            return redirect("plo:message", pk=message.pk)
    record(request, AuditAction.VIEW, message, patient=message.patient)
    document = MessageDocument.objects.filter(message=message).first()
    events = [
        {**event, "at": datetime.fromisoformat(event["at"])}
        for event in message.summary.get("events", [])
    ]
    return render(
        request,
        "plo/message_detail.html",
        {
            "message": message,
            "form": form,
            "has_candidates": candidates is not None and candidates.exists(),
            "document": document,
            "events": events,
        },
    )


def _create_patient(request, message: ReceivedMessage) -> Patient:
    """A new user from the message's name and national identity number (or the user
    registered with that number meanwhile)."""
    with transaction.atomic():
        existing = Patient.objects.filter(
            municipality=message.municipality, national_id=message.national_id
        ).first()
        if existing is not None:
            return existing
        given, _sep, family = message.patient_name.rpartition(" ")
        patient = Patient.objects.create(
            municipality=message.municipality,
            first_name=given[:100],
            last_name=family[:100],
            national_id=message.national_id,
            created_by=request.user,
        )
        record(
            request,
            AuditAction.CREATE,
            patient,
            organisation=message.municipality,
            reason=f"Fra PLO-melding {message.msg_id}",
        )
    return patient


def apprec_download(request, pk):
    message = _message_for(request.user, pk)
    response = HttpResponse(message.apprec_xml, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{message.msg_id}.apprec.xml"'
    return response


def pathway_messages(request, pk):
    """The messages and documents about one pathway, in the order things happened."""
    pathway, view = access.get_pathway_for_user(request.user, pk)
    if view != "municipal" or (
        access.patient_relation(request.user, pathway.patient) == access.RELATION_GP
    ):
        raise PermissionDenied
    record(request, AuditAction.VIEW, pathway, organisation=pathway.municipality)
    messages = ReceivedMessage.objects.filter(pathway=pathway).order_by("occurred_at", "id")
    documents = {d.message_id: d for d in MessageDocument.objects.filter(pathway=pathway)}
    rows = [(m, documents.get(m.pk)) for m in messages]
    return render(request, "plo/pathway_messages.html", {"pathway": pathway, "rows": rows})
