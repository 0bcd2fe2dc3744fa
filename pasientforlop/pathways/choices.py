"""Named choices for pathways, with translatable labels (the values come from the rules)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pasientforlop.pathways.deadlines import Bucket, StartType, Status, Step

WHAT_MATTERS_CONVERSATION = "what_matters_conversation"


class StepChoice(models.TextChoices):
    ADMISSION = Step.ADMISSION, _("Admission to hospital")
    DISCHARGE_READY = Step.DISCHARGE_READY, _("Discharge-ready")
    INFORMATION_EXCHANGE = Step.INFORMATION_EXCHANGE, _("Information exchange")
    HOME_SERVICES_START = Step.HOME_SERVICES_START, _("Home services start")
    PRIMARY_CONTACT = Step.PRIMARY_CONTACT, _("Primary contact appointed")
    NEEDS_MAPPING = Step.NEEDS_MAPPING, _("Needs mapping")
    GP_VISIT = Step.GP_VISIT, _("GP visit")
    EVALUATION = Step.EVALUATION, _("Evaluation")
    ANNUAL_REVIEW = Step.ANNUAL_REVIEW, _("Annual review")
    # Recorded events that are not boxes in the chain.
    WHAT_MATTERS = WHAT_MATTERS_CONVERSATION, _("“What matters” conversation")


class StartTypeChoice(models.TextChoices):
    HOSPITAL_DISCHARGE = StartType.HOSPITAL_DISCHARGE, _("Discharge from hospital")
    MUNICIPAL = StartType.MUNICIPAL, _("Request to the municipality")
    NEW_USER = StartType.NEW_USER, _("New user of home services")
    ANNUAL_REVIEW = StartType.ANNUAL_REVIEW, _("Annual review")


class ExchangeMethodChoice(models.TextChoices):
    """How the information exchange between hospital and municipality took place."""

    MEETING = "meeting", _("Meeting")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    E_MESSAGE = "e_message", _("E-message")


STATUS_LABELS = {
    Status.PENDING: _("Pending"),
    Status.DONE: _("Done"),
    Status.DONE_LATE: _("Done late"),
    Status.OVERDUE: _("Overdue"),
    Status.NOT_APPLICABLE: _("Not applicable"),
}

BUCKET_LABELS = {
    Bucket.OVERDUE: _("Overdue"),
    Bucket.TODAY: _("Due today"),
    Bucket.THIS_WEEK: _("Due in the coming 7 days"),
}
