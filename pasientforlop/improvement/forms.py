"""Forms of the improvement pages; ``clean_*`` return typed values (dates, Decimals)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from pasientforlop.accounts.choices import OrganisationKind
from pasientforlop.accounts.models import Organisation, User
from pasientforlop.improvement import periods
from pasientforlop.improvement.measures import AUTOMATIC_VALUE_TYPES, indicator_choices
from pasientforlop.improvement.models import (
    CHARTS_FOR,
    Annotation,
    ChangeIdea,
    CommunicationActivity,
    CommunicationPlan,
    Goal,
    ImprovementModel,
    Measure,
    NamedMember,
    PdsaCycle,
    Source,
    Stakeholder,
    Team,
    TeamRole,
    ValueType,
)
from pasientforlop.lib.forms import FileUploadForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = [
            "name",
            "organisations",
            "mandate",
            "anchored_with",
            "anchored_on",
            "anchoring_note",
        ]
        widgets = {
            "organisations": forms.CheckboxSelectMultiple,
            "anchored_on": DATE,
            "mandate": TEXT,
            "anchoring_note": TEXT,
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations


class MemberForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("User name"), max_length=150)
    role = forms.ChoiceField(label=gettext_lazy("Role in the team"), choices=TeamRole.choices)

    def clean_username(self) -> User:
        user = User.objects.filter(username=self.cleaned_data["username"], is_active=True).first()
        if user is None:
            raise ValidationError(_("There is no user with that user name."))
        return user


class ProjectForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    description = forms.CharField(label=gettext_lazy("Description"), required=False, widget=TEXT)
    model = forms.ChoiceField(
        label=gettext_lazy("Improvement model"),
        choices=ImprovementModel.choices,
        widget=forms.RadioSelect,
        initial=ImprovementModel.FHI,
    )


class PhaseMoveForm(forms.Form):
    phase = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Move to phase"))
    note = forms.CharField(label=gettext_lazy("Why (optional)"), max_length=300, required=False)
    current = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = project.phases.all()
        self.fields["phase"].empty_label = None


class PhaseAddForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the new phase"), max_length=100)


class ItemAddForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("New checklist item"), max_length=300)


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = [
            "statement",
            "specific",
            "measurable",
            "agreed",
            "realistic",
            "time_bound",
            "ethical",
        ]
        widgets = {
            "statement": TEXT,
            "specific": TEXT,
            "measurable": TEXT,
            "agreed": TEXT,
            "realistic": TEXT,
            "ethical": TEXT,
            "time_bound": DATE,
        }
        help_texts = {
            "specific": gettext_lazy(
                "What exactly will be better, for whom, and where in the pathway?"
            ),
            "measurable": gettext_lazy("Which measure shows it, from what level to what level?"),
            "agreed": gettext_lazy(
                "Do the team, management and the user representative agree, and is it worth "
                "the effort?"
            ),
            "realistic": gettext_lazy("Can it be reached with the time and people you have?"),
            "time_bound": gettext_lazy("By which date?"),
            "ethical": gettext_lazy(
                "Is it good for the users, and does it respect what matters to them?"
            ),
        }


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = [
            "name",
            "kind",
            "definition",
            "source",
            "indicator",
            "organisations",
            "value_type",
            "unit",
            "better",
            "target",
            "period",
            "first_period",
            "chart_type",
            "freeze_at",
        ]
        widgets = {
            "definition": TEXT,
            "organisations": forms.CheckboxSelectMultiple,
            "first_period": DATE,
            "freeze_at": DATE,
            "source": forms.RadioSelect,
        }
        # The unit of measurement, not an organisational unit.
        labels = {"unit": pgettext_lazy("measure", "unit")}
        help_texts = {
            "organisations": gettext_lazy(
                "For automatic measures: whose pathways are counted (a municipality, or units)."
            ),
            "value_type": gettext_lazy("For automatic measures this follows from the indicator."),
            "target": gettext_lazy("In the unit shown on the chart (percent for proportions)."),
            "first_period": gettext_lazy("The first month or week on the chart."),
            "chart_type": gettext_lazy(
                "Run chart by default. Control charts that suit each kind: P or P′ for "
                "proportions, U or U′ for rates, I for values, C for counts, G for rare events."
            ),
        }

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + indicator_choices(Source.PATHWAY)
        choices += indicator_choices(Source.WHATMATTERS)
        self.fields["indicator"] = forms.ChoiceField(
            label=gettext_lazy("Indicator (automatic measures)"), choices=choices, required=False
        )
        own = team.organisations.filter(
            kind__in=[OrganisationKind.MUNICIPALITY, OrganisationKind.UNIT]
        )
        self.fields["organisations"].queryset = Organisation.objects.filter(
            models_q_own_or_units(own)
        ).order_by("name")
        self.fields["organisations"].required = False
        self.fields["value_type"].required = False

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        indicator = cleaned.get("indicator") or ""
        if source in (Source.PATHWAY, Source.WHATMATTERS):
            allowed = dict(indicator_choices(source))
            if indicator not in allowed:
                self.add_error("indicator", _("Choose an indicator from this data source."))
            else:
                cleaned["value_type"] = AUTOMATIC_VALUE_TYPES[indicator]
            if cleaned.get("period") != periods.MONTH:
                self.add_error("period", _("Automatic measures are monthly."))
            chosen = list(cleaned.get("organisations") or [])
            if not chosen:
                self.add_error("organisations", _("Choose whose data are counted."))
            ids = {o.pk for o in chosen}
            if any(o.parent_id in ids for o in chosen):
                self.add_error(
                    "organisations",
                    _("Choose the municipality or some of its units, not both."),
                )
        else:
            cleaned["indicator"] = ""
            if not cleaned.get("value_type"):
                self.add_error("value_type", _("Choose the kind of value."))
        value_type = cleaned.get("value_type")
        chart = cleaned.get("chart_type")
        if value_type and chart and chart not in CHARTS_FOR[ValueType(value_type)]:
            self.add_error("chart_type", _("This chart does not suit the kind of value."))
        first = cleaned.get("first_period")
        if first and cleaned.get("period"):
            cleaned["first_period"] = periods.start_of(first, cleaned["period"])
        freeze = cleaned.get("freeze_at")
        if freeze and cleaned.get("period"):
            cleaned["freeze_at"] = periods.start_of(freeze, cleaned["period"])
        return cleaned


def models_q_own_or_units(own):
    from django.db.models import Q

    return Q(pk__in=own) | Q(parent__in=own.filter(kind=OrganisationKind.MUNICIPALITY))


class PeriodField(forms.CharField):
    """``2026-03`` for months, ``2026-W05`` for weeks; cleans to the period's first day."""

    def __init__(self, *args, period=periods.MONTH, **kwargs):
        self.period = period
        super().__init__(*args, **kwargs)
        self.widget.input_type = "week" if period == periods.WEEK else "month"

    def clean(self, value):
        text = super().clean(value)
        if not text and not self.required:
            return None
        found = periods.parse(text, self.period)
        if found is None:
            shape = "YYYY-Www" if self.period == periods.WEEK else "YYYY-MM"
            raise ValidationError(_("Write the period as %(shape)s.") % {"shape": shape})
        return found


class ValueForm(forms.Form):
    period = PeriodField(label=gettext_lazy("Period"))
    numerator = forms.DecimalField(label=gettext_lazy("Numerator"), min_value=0, required=False)
    denominator = forms.DecimalField(label=gettext_lazy("Denominator"), min_value=0, required=False)
    value = forms.DecimalField(label=gettext_lazy("Value"), min_value=0, required=False)
    note = forms.CharField(
        label=gettext_lazy("Note (e.g. why it was corrected)"), max_length=300, required=False
    )

    def __init__(self, *args, measure, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure, self.today = measure, today
        self.fields["period"] = PeriodField(label=gettext_lazy("Period"), period=measure.period)
        if measure.has_denominator:
            del self.fields["value"]
            self.fields["numerator"].required = self.fields["denominator"].required = True
        else:
            del self.fields["numerator"], self.fields["denominator"]
            self.fields["value"].required = True

    def clean_period(self):
        period = self.cleaned_data["period"]
        if periods.is_future(period, self.measure.period, self.today):
            raise ValidationError(_("This period has not begun yet; data cannot be entered."))
        return period

    def clean(self):
        cleaned = super().clean()
        num, den = cleaned.get("numerator"), cleaned.get("denominator")
        if den is not None and den == Decimal(0):
            self.add_error("denominator", _("The denominator cannot be zero."))
        elif (
            self.measure.value_type == ValueType.PROPORTION
            and num is not None
            and den is not None
            and num > den
        ):
            self.add_error("numerator", _("The numerator cannot be larger than the denominator."))
        return cleaned


class AnnotationForm(forms.ModelForm):
    class Meta:
        model = Annotation
        fields = ["period", "text", "pdsa", "starts_phase"]

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"] = PeriodField(label=gettext_lazy("Period"), period=measure.period)
        self.fields["pdsa"].queryset = measure.project.pdsa_cycles.all()
        self.fields["pdsa"].label = _("PDSA cycle (optional)")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text") and not cleaned.get("pdsa"):
            self.add_error("text", _("Write a note or choose a PDSA cycle."))
        return cleaned


class FreezeForm(forms.Form):
    freeze_at = PeriodField(label=gettext_lazy("Baseline ends with period"), required=False)

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["freeze_at"] = PeriodField(
            label=gettext_lazy("Baseline ends with period"),
            period=measure.period,
            required=False,
        )


class ChartTypeForm(forms.Form):
    chart_type = forms.ChoiceField(label=gettext_lazy("Chart"))

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Measure._meta.get_field("chart_type").choices)
        self.fields["chart_type"].choices = [
            (c, labels[c]) for c in CHARTS_FOR[ValueType(measure.value_type)]
        ]


class ChangeIdeaForm(forms.ModelForm):
    class Meta:
        model = ChangeIdea
        fields = ["title", "description"]
        widgets = {"description": TEXT}


class PdsaForm(forms.ModelForm):
    class Meta:
        model = PdsaCycle
        fields = [
            "title",
            "change_idea",
            "plan",
            "do",
            "study",
            "act",
            "starts_on",
            "ends_on",
            "result",
            "closed",
            "measures",
            "starts_phase",
        ]
        widgets = {
            "measures": forms.CheckboxSelectMultiple,
            "plan": TEXT,
            "do": TEXT,
            "study": TEXT,
            "act": TEXT,
            "result": TEXT,
            "starts_on": DATE,
            "ends_on": DATE,
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change_idea"].queryset = project.change_ideas.all()
        self.fields["measures"].queryset = project.measures.all()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The cycle cannot end before it starts."))
        return cleaned


class CommunicationPlanForm(forms.ModelForm):
    class Meta:
        model = CommunicationPlan
        fields = ["goals", "target_groups", "messages", "channels"]
        widgets = {name: TEXT for name in fields}


class ActivityForm(forms.ModelForm):
    class Meta:
        model = CommunicationActivity
        fields = ["what", "target_group", "channel", "on", "responsible", "done"]
        widgets = {"on": DATE}


class StakeholderForm(forms.ModelForm):
    class Meta:
        model = Stakeholder
        fields = ["name", "relation", "importance", "influence"]
        widgets = {
            "importance": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "influence": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }

    def clean(self):
        cleaned = super().clean()
        for name in ("importance", "influence"):
            value = cleaned.get(name)
            if value is not None and not 1 <= value <= 5:
                self.add_error(name, _("Give a number from 1 to 5."))
        return cleaned


class ImportForm(FileUploadForm):
    file = forms.FileField(
        label=gettext_lazy("File (.csv or .xlsx)"),
        help_text=gettext_lazy(
            "Columns period,value or period,numerator,denominator; the period as YYYY-MM "
            "(or YYYY-Www for weekly measures)."
        ),
    )
    suffixes = (".csv", ".xlsx")
    wrong_suffix = gettext_lazy("Choose a .csv or .xlsx file.")
    max_bytes = 5 * 1024 * 1024
    too_large = gettext_lazy("The file is larger than 5 MB.")


class NamedMemberForm(forms.ModelForm):
    class Meta:
        model = NamedMember
        fields = ["name", "email", "role"]
