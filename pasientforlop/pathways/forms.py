"""Forms for users of services, pathways and steps. ``clean_*`` return typed values."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pasientforlop.accounts.choices import OrganisationKind, UnitKind
from pasientforlop.accounts.models import Organisation, User
from pasientforlop.lib.identifiers import validate_national_id
from pasientforlop.pathways.choices import ExchangeMethodChoice, StartTypeChoice
from pasientforlop.pathways.models import Pathway, Patient


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class PatientForm(forms.ModelForm):
    class Meta:
        model = Patient
        fields = [
            "first_name",
            "last_name",
            "national_id",
            "pseudonym",
            "phone",
            "address",
            "next_of_kin",
            "gp_name",
        ]

    def __init__(self, *args, municipality: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        if municipality.without_identities:
            for name in ["first_name", "last_name", "national_id"]:
                del self.fields[name]
            self.fields["pseudonym"].required = True
        else:
            del self.fields["pseudonym"]
            for name in ["first_name", "last_name", "national_id"]:
                self.fields[name].required = True

    def clean_national_id(self) -> str:
        number = validate_national_id(self.cleaned_data["national_id"])
        taken = Patient.objects.filter(municipality=self.municipality, national_id=number)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(
                _("A user with this national identity number is already registered.")
            )
        return number

    def clean_pseudonym(self) -> str:
        pseudonym = self.cleaned_data["pseudonym"].strip()
        taken = Patient.objects.filter(municipality=self.municipality, pseudonym=pseudonym)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("This pseudonym is already in use in the municipality."))
        return pseudonym


def home_units(municipality: Organisation):
    return Organisation.objects.filter(parent=municipality, kind=OrganisationKind.UNIT).exclude(
        unit_kind=UnitKind.CITY_DISTRICT
    )


def municipality_staff(municipality: Organisation):
    """People with a clinical role in the municipality or one of its units."""
    from pasientforlop.lib.access import CLINICAL_ROLES

    places = [municipality.id, *home_units(municipality).values_list("id", flat=True)]
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id__in=places,
            memberships__role__in=CLINICAL_ROLES,
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


class PathwayForm(forms.ModelForm):
    class Meta:
        model = Pathway
        fields = [
            "start_type",
            "start_date",
            "unit",
            "hospital",
            "primary_contact",
            "deterioration_plan",
        ]
        widgets = {
            "start_date": DateInput(),
            "deterioration_plan": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, municipality: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = home_units(municipality)
        self.fields["hospital"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.HOSPITAL
        )
        self.fields["primary_contact"].queryset = municipality_staff(municipality)
        self.fields["primary_contact"].label_from_instance = lambda u: u.display_name()
        self.fields["start_type"].choices = StartTypeChoice.choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start_type") == StartTypeChoice.HOSPITAL_DISCHARGE and not cleaned.get(
            "hospital"
        ):
            self.add_error(
                "hospital",
                _("A pathway that starts in hospital needs the hospital it is shared with."),
            )
        return cleaned


class StepForm(forms.Form):
    """Record one step: done (date, or date and time for discharge-ready) or not applicable."""

    done_on = forms.DateField(label=_("Date done"), required=False, widget=DateInput())
    done_at = forms.DateTimeField(label=_("Date and time"), required=False, widget=DateTimeInput())
    not_applicable = forms.BooleanField(label=_("Not applicable for this user"), required=False)
    reason = forms.CharField(label=_("Why not applicable"), required=False, max_length=200)
    checklist = forms.MultipleChoiceField(
        label=_("Checklist"), required=False, widget=forms.CheckboxSelectMultiple
    )
    person = forms.ModelChoiceField(label=_("Primary contact"), required=False, queryset=None)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    exchange_method = forms.ChoiceField(
        label=_("How did the exchange take place?"),
        required=False,
        choices=ExchangeMethodChoice.choices,
        widget=forms.RadioSelect,
    )
    exchange_with = forms.CharField(
        label=_("With whom"),
        required=False,
        max_length=200,
        help_text=_("Name and role or service, for example “Kari Nordmann, ward nurse”."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, step: str, items: list[str], staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        if step != "information_exchange":
            del self.fields["exchange_method"]
            del self.fields["exchange_with"]
        self.fields["checklist"].choices = [(item, item) for item in items]
        if not items:
            del self.fields["checklist"]
        if step == "discharge_ready":
            del self.fields["done_on"]
        else:
            del self.fields["done_at"]
        for name in ("done_on", "done_at", "person", "exchange_method"):
            if name in self.fields:  # required unless the step is marked not applicable
                self.fields[name].conditionally_required = True
        if step == "primary_contact" and staff is not None:
            self.fields["person"].queryset = staff
            self.fields["person"].empty_label = _("Choose a person")
            self.fields["person"].label_from_instance = lambda u: u.display_name()
        else:
            del self.fields["person"]

    def clean(self):
        cleaned = super().clean()
        when = cleaned.get("done_at") if self.step == "discharge_ready" else cleaned.get("done_on")
        when_field = "done_at" if self.step == "discharge_ready" else "done_on"
        if cleaned.get("not_applicable"):
            if not cleaned.get("reason", "").strip():
                self.add_error("reason", _("Say why the step is not applicable."))
        elif when is None and when_field not in self.errors:
            self.add_error(
                when_field, _("Enter the date the step was done, or mark it not applicable.")
            )
        if (
            "person" in self.fields
            and not cleaned.get("not_applicable")
            and cleaned.get("person") is None
        ):
            self.add_error("person", _("Choose the primary contact."))
        if (
            "exchange_method" in self.fields
            and not cleaned.get("not_applicable")
            and not cleaned.get("exchange_method")
            and "exchange_method" not in self.errors
        ):
            self.add_error("exchange_method", _("Choose how the exchange took place."))
        return cleaned


class CloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=200)


class StayForm(forms.Form):
    unit_name = forms.CharField(label=_("Unit"), max_length=200)
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The stay cannot end before it starts."))
        return cleaned


class PathwayDetailsForm(forms.ModelForm):
    class Meta:
        model = Pathway
        fields = ["readmission_on", "deterioration_plan"]
        widgets = {
            "readmission_on": DateInput(),
            "deterioration_plan": forms.Textarea(attrs={"rows": 3}),
        }


class ProcedureForm(forms.Form):
    guidance = forms.CharField(
        label=_("Procedure"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    items = forms.CharField(
        label=_("Checklist items, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean_items(self) -> list[str]:
        items = [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]
        if len(set(items)) != len(items):
            raise ValidationError(_("The same checklist item appears twice."))
        return items


#: The details of a user of services that can be changed after registration.
DETAIL_FIELDS = [
    "first_name",
    "last_name",
    "phone",
    "address",
    "next_of_kin",
    "gp_name",
    "gp_hpr_number",
    "unit",
]


class PatientDetailsForm(forms.ModelForm):
    """Change a registered user's details. ``version`` is the record's version when the form
    was opened; saving against an older one is a conflict (see ``patient_details.py``)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Patient
        fields = DETAIL_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = self.instance.municipality
        if municipality.without_identities:
            del self.fields["first_name"]
            del self.fields["last_name"]
        else:
            self.fields["first_name"].required = True
            self.fields["last_name"].required = True
        self.fields["unit"].queryset = home_units(municipality)
        self.fields["unit"].empty_label = _("No unit chosen")

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        digits = phone.replace(" ", "")
        if phone and not (
            (digits.startswith("+") and digits[1:].isdigit() and 8 <= len(digits) - 1 <= 15)
            or (digits.isdigit() and len(digits) == 8)
        ):
            raise ValidationError(
                _(
                    "A phone number has 8 digits, or starts with + and a country code; "
                    "“%(value)s” does not."
                )
                % {"value": phone}
            )
        return phone

    def clean_gp_hpr_number(self) -> str:
        number = "".join(self.cleaned_data["gp_hpr_number"].split())
        if number and not (number.isdigit() and 7 <= len(number) <= 9):
            raise ValidationError(
                _("An HPR number has 7 to 9 digits; “%(value)s” does not.") % {"value": number}
            )
        return number

    def clean_first_name(self) -> str:
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self) -> str:
        return self.cleaned_data["last_name"].strip()
