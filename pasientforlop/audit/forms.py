from datetime import datetime, time, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from pasientforlop.audit.models import AuditAction
from pasientforlop.lib.dates import OSLO


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("User name"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All"))] + AuditAction.choices
    )
    object_type = forms.CharField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False)
    date_from = forms.DateField(label=_("From date"), required=False)
    date_to = forms.DateField(label=_("To date"), required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def filter(self, events):
        data = self.cleaned_data
        if data["actor"]:
            events = events.filter(actor_name__iexact=data["actor"].strip())
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["object_type"]:
            events = events.filter(object_type=data["object_type"].strip())
        if data["object_id"]:
            events = events.filter(object_id=data["object_id"].strip())
        if data["date_from"]:
            events = events.filter(at__gte=datetime.combine(data["date_from"], time(), OSLO))
        if data["date_to"]:
            end = datetime.combine(data["date_to"] + timedelta(days=1), time(), OSLO)
            events = events.filter(at__lt=end)
        return events


class AccessOnNeedForm(forms.Form):
    """Why the person must open a record they have no care relation to."""

    reason = forms.ChoiceField(
        label=_("Why do you need to open this record?"),
        widget=forms.RadioSelect,
        choices=[],
    )
    text = forms.CharField(
        label=_("Explain"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for “Other”. Do not write health information here."),
    )

    def __init__(self, *args, **kwargs):
        from pasientforlop.audit.models import AccessOnNeedReason

        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = AccessOnNeedReason.choices
        self.fields["reason"].error_messages["required"] = _(
            "Choose why you need to open the record."
        )

    def clean(self):
        from pasientforlop.audit.models import AccessOnNeedReason

        cleaned = super().clean()
        cleaned["text"] = (cleaned.get("text") or "").strip()
        if cleaned.get("reason") == AccessOnNeedReason.OTHER and not cleaned["text"]:
            self.add_error("text", _("Explain why when you choose “Other”."))
        return cleaned


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Note from the review"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
