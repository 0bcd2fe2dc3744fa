"""Forms of the toolkit pages; ``clean`` returns typed values the services take as they are."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pasientforlop.whatmatters import scoring
from pasientforlop.whatmatters.models import (
    Actor,
    ChecklistStatus,
    CommentSource,
    FormVersion,
    PlanAction,
)
from pasientforlop.whatmatters.services import ActivityRow

OWN_WORDS_LINES = 3
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedForm(forms.Form):
    """Carries the version the person saw, for the race-safe save."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


# --- wheel -----------------------------------------------------------------------------------


class WheelForm(VersionedForm):
    """One line per default life area and per area in the user's own words."""

    def __init__(self, *args, areas: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        saved = {a["name"]: a for a in areas}
        own = [a["name"] for a in areas if a["name"] not in scoring.DEFAULT_LIFE_AREAS]
        names = list(scoring.DEFAULT_LIFE_AREAS) + own + [""] * OWN_WORDS_LINES
        priorities = [("", _("none"))] + [(n, str(n)) for n in range(1, len(names) + 1)]
        self.lines = []
        for index, name in enumerate(names):
            prefix = f"area_{index}"
            area = saved.get(name) if name else None
            fixed = name in scoring.DEFAULT_LIFE_AREAS
            if not fixed:
                self.fields[f"{prefix}_name"] = forms.CharField(
                    label=_("Life area in the user's own words"),
                    max_length=100,
                    required=False,
                    initial=name,
                )
            self.fields[f"{prefix}_chosen"] = forms.BooleanField(
                label=_("Matters to the user"), required=False, initial=area is not None
            )
            self.fields[f"{prefix}_help"] = forms.BooleanField(
                label=_("Wants help"), required=False, initial=bool(area and area["wants_help"])
            )
            self.fields[f"{prefix}_priority"] = forms.TypedChoiceField(
                label=_("Priority"),
                choices=priorities,
                coerce=int,
                empty_value=None,
                required=False,
                initial=area["priority"] if area else "",
            )
            self.lines.append({"prefix": prefix, "name": name, "fixed": fixed})

    def line_fields(self):
        for line in self.lines:
            p = line["prefix"]
            yield {
                **line,
                "name_field": None if line["fixed"] else self[f"{p}_name"],
                "chosen": self[f"{p}_chosen"],
                "help": self[f"{p}_help"],
                "priority": self[f"{p}_priority"],
            }

    def clean(self):
        data = super().clean()
        areas, seen = [], set()
        for line in self.lines:
            p = line["prefix"]
            name = line["name"] if line["fixed"] else (data.get(f"{p}_name") or "").strip()
            priority = data.get(f"{p}_priority")
            wants_help = bool(data.get(f"{p}_help"))
            chosen = data.get(f"{p}_chosen") or wants_help or priority is not None
            if line["fixed"] and not chosen:
                continue
            if not name:
                continue
            if name in seen:
                raise ValidationError(_("“%(name)s” is listed twice.") % {"name": name})
            seen.add(name)
            areas.append(
                {
                    "name": name,
                    "wants_help": wants_help,
                    "priority": priority,
                    "own_words": not line["fixed"],
                }
            )
        given = [a["priority"] for a in areas if a["priority"] is not None]
        if len(given) != len(set(given)):
            raise ValidationError(_("Two life areas have the same priority."))
        data["areas"] = areas
        return data


# --- the form --------------------------------------------------------------------------------


class ActivitiesForm(VersionedForm):
    """The activities as lists ``activity_id``/``activity_text`` (+ ``activity_remove``)."""

    form_version = forms.ModelChoiceField(
        label=_("Form version"),
        queryset=FormVersion.objects.all(),
        required=False,
        empty_label=None,
    )

    def clean(self):
        data = super().clean()
        ids = self.data.getlist("activity_id")
        texts = self.data.getlist("activity_text")
        removed = set(self.data.getlist("activity_remove"))
        if len(ids) != len(texts):
            raise ValidationError(_("The list of activities was incomplete. Try again."))
        rows = []
        for pk, text in zip(ids, texts, strict=True):
            try:
                key = int(pk) if pk else None
            except ValueError:
                raise ValidationError(
                    _("The list of activities was incomplete. Try again.")
                ) from None
            rows.append(ActivityRow(key, text[:200], remove=bool(pk) and pk in removed))
        data["rows"] = rows
        return data


class ConversationForm(VersionedForm):
    held_on = forms.DateField(label=_("Date of the conversation"), widget=DATE_WIDGET)
    with_user_present = forms.BooleanField(
        label=_("The user took part in the conversation"), required=False, initial=True
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, activities, scale: tuple[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.activity_pks = [a.pk for a in activities]
        help_text = _("From %(min)s to %(max)s. Leave empty if not scored.") % {
            "min": scale[0],
            "max": scale[1],
        }
        for activity in activities:
            self.fields[f"score_{activity.pk}"] = forms.IntegerField(
                label=activity.text, required=False, help_text=help_text
            )

    def score_fields(self):
        return [self[f"score_{pk}"] for pk in self.activity_pks]

    def clean(self):
        data = super().clean()
        data["scores"] = {
            pk: data[f"score_{pk}"]
            for pk in self.activity_pks
            if data.get(f"score_{pk}") is not None
        }
        return data


# --- the plan --------------------------------------------------------------------------------


class PlanDetailsForm(VersionedForm):
    individual_plan = forms.CharField(
        label=_("Individual plan"),
        max_length=200,
        required=False,
        help_text=_(
            "If the user has an individual plan: where it is kept, so this plan can refer to it."
        ),
    )


class ActionForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = PlanAction
        fields = ["activity", "area", "goal", "description", "responsible", "due_on", "status"]
        widgets = {"due_on": DATE_WIDGET}

    def __init__(self, *args, activities=(), areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = self.fields["activity"].queryset.filter(
            pk__in=[a.pk for a in activities]
        )
        self.fields["activity"].empty_label = _("(none)")


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("The user's comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    source = forms.ChoiceField(
        label=_("How the comment was written"),
        choices=CommentSource.choices,
        initial=CommentSource.WITH_USER,
        widget=forms.RadioSelect,
    )


# --- checklist and actors ----------------------------------------------------------------------


class ChecklistForm(VersionedForm):
    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            if row.derived:
                continue
            self.fields[f"item_{row.item.number}"] = forms.ChoiceField(
                label=row.item.text,
                choices=ChecklistStatus.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=row.status,
            )

    def item_fields(self):
        for row in self.rows:
            yield row, (None if row.derived else self[f"item_{row.item.number}"])

    def clean(self):
        data = super().clean()
        data["answers"] = {
            str(row.item.number): data[f"item_{row.item.number}"]
            for row in self.rows
            if not row.derived and data.get(f"item_{row.item.number}")
        }
        return data


SCALE_1_5 = [(n, str(n)) for n in range(1, 6)]


class ActorForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    importance = forms.TypedChoiceField(
        label=_("Importance for the user"),
        choices=SCALE_1_5,
        coerce=int,
        help_text=_("1 = little, 5 = very much."),
    )
    influence = forms.TypedChoiceField(
        label=_("Influence"),
        choices=SCALE_1_5,
        coerce=int,
        help_text=_("1 = little, 5 = very much."),
    )

    class Meta:
        model = Actor
        fields = ["kind", "name", "relation", "importance", "influence", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
