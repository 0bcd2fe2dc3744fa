"""Forms for the networks pages. ``clean_*`` methods return typed values."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pasientforlop.accounts.choices import OrganisationKind, UnitKind
from pasientforlop.accounts.models import Organisation, User
from pasientforlop.improvement.models import Team, TeamRole
from pasientforlop.lib.forms import FileUploadForm
from pasientforlop.networks import filetypes
from pasientforlop.networks.models import (
    Application,
    ApplicationMember,
    FollowUp,
    Invitation,
    Material,
    Milestone,
    Network,
    NetworkPerson,
    ProgrammeItem,
    SharedMeasure,
    SurveyResponse,
    TargetGroup,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def places():
    return Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY) | (
        Organisation.objects.filter(kind=OrganisationKind.UNIT, unit_kind=UnitKind.CITY_DISTRICT)
    )


class NetworkForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=150)
    region = forms.CharField(label=_("region"), max_length=150, required=False)
    target_group = forms.ChoiceField(label=_("target group"), choices=TargetGroup.choices)
    health_partnership = forms.ModelChoiceField(
        label=_("health partnership"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.HEALTH_PARTNERSHIP),
        required=False,
    )
    preparation_starts = forms.DateField(
        label=_("The preparation phase starts on"),
        widget=DATE,
        help_text=_(
            "The template: 3 months of preparation, 18 months with four gatherings, an "
            "experience gathering a year after the fourth. You can move every date afterwards."
        ),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Member municipalities"), queryset=places().order_by("name"), required=False
    )
    hospital_trusts = forms.ModelMultipleChoiceField(
        label=_("Hospital trusts"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.HOSPITAL_TRUST),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = places().order_by("name")
        for name in ("municipalities", "hospital_trusts"):
            self.fields[name].widget.attrs.update(
                {
                    "data-searchable": "",
                    "size": 10,
                    "data-search-label": gettext("Search in %(field)s")
                    % {"field": str(self.fields[name].label).lower()},
                    "data-chosen-label": gettext("Chosen"),
                    "data-remove-label": gettext("Remove"),
                }
            )


class NetworkEditForm(forms.ModelForm):
    class Meta:
        model = Network
        fields = ["name", "region", "target_group", "health_partnership", "description"]


class PersonForm(forms.Form):
    username = forms.CharField(label=_("user name"), max_length=150)
    role = forms.ChoiceField(
        label=_("role in the network"), choices=NetworkPerson._meta.get_field("role").choices
    )

    def clean_username(self) -> User:
        user = User.objects.filter(username=self.cleaned_data["username"], is_active=True).first()
        if user is None:
            raise forms.ValidationError(gettext("There is no active user with that user name."))
        return user


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["kind", "number", "starts_on", "ends_on", "place"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", gettext("The end cannot come before the start."))
        return data


class InvitationForm(forms.ModelForm):
    publish = forms.BooleanField(label=_("Publish the invitation"), required=False)

    class Meta:
        model = Invitation
        fields = ["text", "deadline"]
        widgets = {"deadline": DATE}


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "hospital_trust",
            "contact_name",
            "contact_email",
            "contact_phone",
            *Application.TEXT_FIELDS,
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in Application.TEXT_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hospital_trust"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.HOSPITAL_TRUST
        )


class ApplicationMemberForm(forms.ModelForm):
    class Meta:
        model = ApplicationMember
        fields = ["position", "name", "email", "phone", "other", "role"]


TeamFormSet = forms.inlineformset_factory(
    Application,
    ApplicationMember,
    form=ApplicationMemberForm,
    extra=3,
    can_delete=True,
)


def submission_problems(application: Application, members) -> list[str]:
    """Why an application cannot be submitted yet (an empty list when it can)."""
    problems = []
    if not application.contact_name or not application.contact_email:
        problems.append(gettext("Give a contact person with an e-mail address."))
    if not application.why.strip():
        problems.append(gettext("Say why the municipality wants to take part."))
    if not application.anchoring.strip():
        problems.append(
            gettext("Describe how taking part is anchored in the administrative leadership.")
        )
    if not members:
        problems.append(gettext("List the members of the team."))
    elif not any(m.role == TeamRole.LEADER for m in members):
        problems.append(gettext("The team needs a leader: mark one member as team leader."))
    return problems


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("admit", _("Admit")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the municipality"), widget=forms.Textarea(attrs={"rows": 3})
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("Make a new team"),
        help_text=_(
            "Link an existing team of the municipality: its projects and measures come along."
        ),
    )

    def __init__(self, *args, municipality=None, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipality is not None:
            teams = Team.objects.filter(organisations=municipality)
            if network is not None:
                teams = teams.exclude(participations__network=network)
            self.fields["team"].queryset = teams.distinct().order_by("name")


class ProgrammeItemForm(forms.ModelForm):
    class Meta:
        model = ProgrammeItem
        fields = ["title", "speaker", "kind", "day", "starts_at", "minutes"]
        widgets = {"starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, days: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        self.days = max(1, days)
        self.fields["day"].required = False
        self.fields["day"].widget.attrs.update({"min": 1, "max": self.days})

    def clean_day(self) -> int:
        day = self.cleaned_data["day"] or 1
        if not 1 <= day <= self.days:
            raise forms.ValidationError(
                gettext("The gathering lasts %(days)s day(s): give a day from 1 to %(days)s.")
                % {"days": self.days}
            )
        return day

    def clean_minutes(self) -> int:
        minutes = self.cleaned_data["minutes"]
        if not 1 <= minutes <= 24 * 60:
            raise forms.ValidationError(gettext("Give the duration in minutes (1 to 1440)."))
        return minutes


class MaterialForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument or an image; at most 20 MB."),
    )

    class Meta:
        model = Material
        fields = ["title", "url"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return None
        if upload.size > filetypes.MAX_BYTES:
            raise forms.ValidationError(gettext("The file is too large: at most 20 MB."))
        kind = filetypes.detect(upload, upload.name)
        if kind is None:
            raise forms.ValidationError(
                gettext(
                    "This is not a document or image we accept (PDF, Word, Excel, PowerPoint, "
                    "OpenDocument, PNG, JPEG or GIF), or its content does not match its name."
                )
            )
        upload.detected_kind = kind
        return upload

    def clean(self):
        data = super().clean()
        has_file = bool(self.instance.pk and self.instance.file)
        if not data.get("url") and not data.get("upload") and not has_file and not self.errors:
            raise forms.ValidationError(gettext("Give a link or choose a file."))
        return data

    def attach_upload(self, material: Material) -> None:
        """Store the chosen file (if any) on ``material``, which the caller then saves."""
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return
        material.file_name = upload.name[-200:]
        material.content_type = upload.detected_kind.content_type
        material.size = upload.size
        material.file.save(f"material.{upload.detected_kind.extensions[0]}", upload, save=False)


SCALE = [(n, str(n)) for n in range(1, 6)]


class SurveyForm(forms.ModelForm):
    class Meta:
        model = SurveyResponse
        fields = ["overall", "relevance", "balance", "went_well", "improve"]
        widgets = {
            "went_well": forms.Textarea(attrs={"rows": 3}),
            "improve": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SurveyResponse.SCALES:
            self.fields[name] = forms.TypedChoiceField(
                label=SurveyResponse._meta.get_field(name).verbose_name,
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("1 = very poor, 5 = very good"),
            )


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["participation", "contacted_on", "channel", "by", "topic", "next_step"]
        widgets = {"contacted_on": DATE}

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participation"].queryset = network.participations.select_related("team")
        staff = User.objects.filter(network_roles__network=network) | User.objects.filter(
            memberships__role="network_coordinator"
        )
        self.fields["by"].queryset = staff.distinct().order_by("last_name", "username")


class SharedMeasureForm(forms.ModelForm):
    class Meta:
        model = SharedMeasure
        fields = ["name", "definition", "better", "target", "first_period"]
        widgets = {"first_period": DATE, "definition": forms.Textarea(attrs={"rows": 3})}

    def clean_first_period(self):
        return self.cleaned_data["first_period"].replace(day=1)

    def clean_target(self):
        target = self.cleaned_data.get("target")
        if target is not None and not 0 <= target <= 100:
            raise forms.ValidationError(gettext("Give the target in percent (0 to 100)."))
        return target


class PopulationImportForm(FileUploadForm):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 with the header municipality,population; the municipality as its 4-digit "
            "number or its name (or an Oslo city district's name). Importing again updates."
        ),
    )
    max_bytes = 2 * 1024 * 1024
    too_large = _("The file is too large: at most 2 MB.")
