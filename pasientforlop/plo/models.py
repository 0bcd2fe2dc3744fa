"""Received PLO e-messages, their application receipts and the documents they carry."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pasientforlop.accounts.models import Organisation
from pasientforlop.pathways.models import Pathway, Patient
from pasientforlop.plo.parsing import Action, Kind


class KindChoice(models.TextChoices):
    ADMITTED = Kind.ADMITTED, _("Admitted patient")
    DISCHARGE_READY = Kind.DISCHARGE_READY, _("Discharge-ready patient")
    DISCHARGE_READY_CANCELLED = (
        Kind.DISCHARGE_READY_CANCELLED,
        _("Discharge-ready declaration withdrawn"),
    )
    DISCHARGED = Kind.DISCHARGED, _("Discharged patient")
    ADMISSION_REPORT = Kind.ADMISSION_REPORT, _("Admission report")
    DISCHARGE_REPORT = Kind.DISCHARGE_REPORT, _("Discharge report")
    HEALTH_INFORMATION = Kind.HEALTH_INFORMATION, _("Health information")


class ActionChoice(models.TextChoices):
    NEW = Action.NEW, pgettext_lazy("dispatch status", "New")
    CHANGE = Action.CHANGE, pgettext_lazy("dispatch status", "Change")
    CANCEL = Action.CANCEL, pgettext_lazy("dispatch status", "Cancellation")


class MessageStatus(models.TextChoices):
    #: Read and entered into the pathway (or, for a change or cancellation, done).
    PROCESSED = "processed", _("Processed")
    #: No user of services with the national identity number in the municipality yet.
    UNMATCHED = "unmatched", _("Waiting for matching")
    #: Kept, but the pathway's rules refused what it says; a person must look at it.
    NEEDS_ATTENTION = "needs_attention", _("Kept, not entered")
    SUPERSEDED = "superseded", _("Replaced by a change")
    CANCELLED = "cancelled", _("Cancelled by the sender")


class ReceivedMessage(models.Model):
    """One PLO message taken in, with its AppRec. Refused messages are not stored."""

    municipality = models.ForeignKey(
        Organisation, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    msg_id = models.CharField(_("message id"), max_length=64)
    sender_her_id = models.CharField(_("sender's HER-id"), max_length=9)
    sender_name = models.CharField(_("sender"), max_length=200, blank=True)
    receiver_her_id = models.CharField(_("receiver's HER-id"), max_length=9)
    message_type = models.CharField(_("message type"), max_length=40)
    kind = models.CharField(_("message"), max_length=32, choices=KindChoice.choices)
    action = models.CharField(_("dispatch status"), max_length=1, choices=ActionChoice.choices)
    parent_msg_id = models.CharField(_("refers to message"), max_length=64, blank=True)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("refers to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followers",
    )
    national_id = models.CharField(_("national identity number"), max_length=11)
    patient_name = models.CharField(_("name in the message"), max_length=200, blank=True)
    occurred_at = models.DateTimeField(_("event time"), null=True, blank=True)
    generated_at = models.DateTimeField(_("sent"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=MessageStatus.choices)
    problem = models.TextField(_("why it was not entered"), blank=True)
    summary = models.JSONField(_("what the message says"), default=dict)
    #: What processing changed (to undo on cancellation): step snapshots, created pathway.
    applied = models.JSONField(default=dict)
    raw_sha256 = models.CharField(max_length=64)
    raw_xml = models.TextField(_("message (XML)"))
    apprec_status = models.CharField(_("receipt status"), max_length=1)
    apprec_xml = models.TextField(_("application receipt (XML)"))
    patient = models.ForeignKey(
        Patient,
        verbose_name=_("user of services"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plo_messages",
    )
    pathway = models.ForeignKey(
        Pathway,
        verbose_name=_("pathway"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plo_messages",
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("received PLO message")
        verbose_name_plural = _("received PLO messages")
        ordering = ["occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender_her_id", "msg_id"], name="plo_message_id_unique_per_sender"
            )
        ]
        indexes = [
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["municipality", "national_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.msg_id}"


class MessageDocument(models.Model):
    """A report carried by a message (Innleggelsesrapport, Utskrivningsrapport,
    Helseopplysninger), attached to the user's pathway. A change replaces it; a
    cancellation withdraws it. Both stay visible, marked."""

    message = models.OneToOneField(
        ReceivedMessage, on_delete=models.CASCADE, related_name="document"
    )
    kind = models.CharField(_("document"), max_length=32, choices=KindChoice.choices)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    #: [[element, text], …] in document order.
    text = models.JSONField(_("content"), default=list)
    content_xml = models.TextField(_("content (XML)"))
    current = models.BooleanField(_("current version"), default=True)
    patient = models.ForeignKey(
        Patient, null=True, blank=True, on_delete=models.PROTECT, related_name="plo_documents"
    )
    pathway = models.ForeignKey(
        Pathway, null=True, blank=True, on_delete=models.PROTECT, related_name="plo_documents"
    )

    class Meta:
        verbose_name = _("PLO document")
        verbose_name_plural = _("PLO documents")
        ordering = ["issued_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.issued_at:%d.%m.%Y}" if self.issued_at else ""
