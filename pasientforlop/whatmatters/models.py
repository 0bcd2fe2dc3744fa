"""The "Hva er viktig for deg?" toolkit: wheel, form, plan, checklist and actor map.

Everything belongs to a user of services (``pathways.Patient``) and, when one was open when it
was made, to their pathway. The rules (means, benefit, validation, fulfilment) live in the
pure ``scoring.py``; these models store facts and turn them into the rules' values.
"""

from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from pasientforlop.accounts.models import Organisation
from pasientforlop.pathways.models import Pathway, Patient
from pasientforlop.whatmatters import scoring


class FormVersionInUse(ValidationError):
    """A form version that already has scores cannot change: make a new version."""


class AppendOnly(Exception):
    """Raised on any attempt to change or remove a user's comment."""


class FormVersion(models.Model):
    """A version of the "what matters to me" form: its scale, direction and thresholds."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    scale_min = models.SmallIntegerField(_("lowest score"))
    scale_max = models.SmallIntegerField(_("highest score"))
    higher_is_better = models.BooleanField(_("a higher score is better"), default=True)
    mean_threshold = models.DecimalField(
        _("clinically important change of the mean"), max_digits=4, decimal_places=2, default=2
    )
    activity_threshold = models.DecimalField(
        _("clinically important change of one activity"),
        max_digits=4,
        decimal_places=2,
        default=3,
    )
    is_default = models.BooleanField(_("default"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        ordering = ["-is_default", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_min__lt=models.F("scale_max")),
                name="form_version_scale_min_below_max",
            ),
            models.CheckConstraint(
                condition=models.Q(mean_threshold__gt=0, activity_threshold__gt=0),
                name="form_version_thresholds_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.pk is not None and self.has_scores():
            raise FormVersionInUse(
                _("This form version already has scores and cannot be changed; make a new version.")
            )
        super().save(*args, **kwargs)

    def has_scores(self) -> bool:
        return Score.objects.filter(conversation__form__form_version=self).exists()

    def as_rule(self) -> scoring.FormVersion:
        return scoring.FormVersion(
            key=self.key,
            name=self.name,
            scale_min=self.scale_min,
            scale_max=self.scale_max,
            higher_is_better=self.higher_is_better,
            mean_threshold=Fraction(str(self.mean_threshold)),
            activity_threshold=Fraction(str(self.activity_threshold)),
        )

    @classmethod
    def default(cls) -> "FormVersion":
        found = cls.objects.filter(is_default=True).first() or cls.objects.first()
        return found or cls.ensure_provided()

    @classmethod
    def ensure_provided(cls) -> "FormVersion":
        """The versions of ``scoring.py`` (seeded by migration 0002; made again here if a
        database was emptied without re-running migrations). Returns the default."""
        for rule in scoring.FORM_VERSIONS.values():
            cls.objects.get_or_create(
                key=rule.key,
                defaults={
                    "name": rule.name,
                    "scale_min": rule.scale_min,
                    "scale_max": rule.scale_max,
                    "higher_is_better": rule.higher_is_better,
                    "mean_threshold": Decimal(rule.mean_threshold.numerator)
                    / rule.mean_threshold.denominator,
                    "activity_threshold": Decimal(rule.activity_threshold.numerator)
                    / rule.activity_threshold.denominator,
                    "is_default": rule.key == scoring.DEFAULT_FORM_VERSION.key,
                },
            )
        return cls.objects.get(key=scoring.DEFAULT_FORM_VERSION.key)


class Tracked(models.Model):
    """Who made and last changed a record, and the ``version`` for race-safe updates."""

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class Wheel(Tracked):
    """The conversation wheel: areas as ``[{"name", "wants_help", "priority", "own_words"}]``."""

    patient = models.OneToOneField(Patient, on_delete=models.PROTECT, related_name="wheel")
    pathway = models.ForeignKey(
        Pathway, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    areas = models.JSONField(_("life areas"), default=list, blank=True)

    class Meta:
        verbose_name = _("conversation wheel")
        verbose_name_plural = _("conversation wheels")

    def __str__(self) -> str:
        return f"{self.patient}"


class WhatMattersForm(Tracked):
    """A user's "what matters to me" form: activities and the conversations scoring them."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="forms")
    pathway = models.ForeignKey(
        Pathway, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    form_version = models.ForeignKey(
        FormVersion, verbose_name=_("form version"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("“what matters to me” form")
        verbose_name_plural = _("“what matters to me” forms")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.patient} – {self.form_version}"

    def as_rule(self) -> scoring.WhatMattersForm:
        """The form as the rules see it. Uses prefetched activities, conversations, scores."""
        version = self.form_version.as_rule()
        return scoring.WhatMattersForm(
            version=version,
            activities=tuple(a.as_rule() for a in self.activities.all()),
            conversations=tuple(c.as_rule(version.key) for c in self.conversations.all()),
        )


class Activity(models.Model):
    form = models.ForeignKey(WhatMattersForm, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveSmallIntegerField(_("number"))
    text = models.CharField(_("activity"), max_length=200)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text

    def as_rule(self) -> scoring.Activity:
        return scoring.Activity(str(self.pk), self.text)


class Conversation(models.Model):
    """One scoring conversation, dated and signed by the member of staff who held it."""

    form = models.ForeignKey(
        WhatMattersForm, on_delete=models.CASCADE, related_name="conversations"
    )
    held_on = models.DateField(_("date of the conversation"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_by_name = models.CharField(_("signed by"), max_length=150)
    with_user_present = models.BooleanField(_("the user took part"), default=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.form_id} {self.held_on:%d.%m.%Y}"

    def as_rule(self, version_key: str) -> scoring.Conversation:
        return scoring.Conversation(
            held_on=self.held_on,
            version_key=version_key,
            scores={str(s.activity_id): s.value for s in self.scores.all()},
        )


class Score(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="scores")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="scores")
    value = models.SmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "activity"], name="score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.value}"


class Plan(Tracked):
    """The plan of goals and actions agreed with the user."""

    patient = models.OneToOneField(Patient, on_delete=models.PROTECT, related_name="action_plan")
    pathway = models.ForeignKey(
        Pathway, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    individual_plan = models.CharField(
        _("individual plan"),
        max_length=200,
        blank=True,
        help_text=_("Where the user's individual plan is kept, if they have one."),
    )

    class Meta:
        verbose_name = _("plan of goals and actions")
        verbose_name_plural = _("plans of goals and actions")

    def __str__(self) -> str:
        return f"{self.patient}"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    STARTED = "started", _("Started")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")


class PlanAction(Tracked):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("for the activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    area = models.CharField(_("life area"), max_length=100, blank=True)
    goal = models.CharField(_("goal"), max_length=300, blank=True)
    description = models.CharField(_("planned action"), max_length=300)
    responsible = models.CharField(
        _("responsible"), max_length=200, help_text=_("The service or person responsible.")
    )
    due_on = models.DateField(_("by date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )

    class Meta:
        verbose_name = _("planned action")
        verbose_name_plural = _("planned actions")
        ordering = [models.F("due_on").asc(nulls_last=True), "id"]

    def __str__(self) -> str:
        return self.description


class CommentSource(models.TextChoices):
    WITH_USER = "with_user", _("Written together with the user")
    ON_BEHALF = "on_behalf", _("Written by staff on the user's behalf")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("The user's comments cannot be changed.")

    def delete(self):
        raise AppendOnly("The user's comments cannot be deleted.")


class PlanComment(models.Model):
    """The user's own comment on the plan: kept with date and author, never edited away."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="comments")
    text = models.TextField(_("comment"))
    source = models.CharField(
        _("how it was written"),
        max_length=16,
        choices=CommentSource.choices,
        default=CommentSource.WITH_USER,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(_("written down by"), max_length=150)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("the user's comment")
        verbose_name_plural = _("the user's comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:50]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("A comment cannot be changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("A comment cannot be deleted.")


class ChecklistTemplate(models.Model):
    """An organisation's collaboration checklist; each change is a new version.

    Owned by the municipality for now; improvement teams will own their own (ADR 0005).
    ``items`` = ``[{"number": 1, "text": "…", "holds_mean_of": 1 | null}, …]``.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="checklist_templates"
    )
    version = models.PositiveIntegerField(_("version"))
    items = models.JSONField(_("items"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("collaboration checklist template")
        verbose_name_plural = _("collaboration checklist templates")
        ordering = ["organisation", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"], name="checklist_template_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} v{self.version}"

    def as_items(self) -> tuple[scoring.ChecklistItem, ...]:
        return tuple(
            scoring.ChecklistItem(item["number"], item["text"], item.get("holds_mean_of"))
            for item in self.items
        )

    @classmethod
    def current_for(cls, organisation: Organisation) -> "ChecklistTemplate":
        """The newest version, or version 1 with the default ten items made on first use."""
        latest = cls.objects.filter(organisation=organisation).order_by("-version").first()
        if latest is not None:
            return latest
        items = [
            {"number": i.number, "text": i.text, "holds_mean_of": i.holds_mean_of}
            for i in scoring.DEFAULT_CHECKLIST_ITEMS
        ]
        template, _created = cls.objects.get_or_create(
            organisation=organisation, version=1, defaults={"items": items}
        )
        return template


class ChecklistStatus(models.TextChoices):
    DONE = scoring.ChecklistStatus.DONE, _("Done")
    NOT_RELEVANT = scoring.ChecklistStatus.NOT_RELEVANT, _("Not relevant")
    RELEVANT_NOT_DONE = scoring.ChecklistStatus.RELEVANT_NOT_DONE, _("Relevant, not done")


class Checklist(Tracked):
    """A user's collaboration checklist against one template version.

    ``answers`` = ``{"<item number>": "<status>"}``.
    """

    patient = models.OneToOneField(Patient, on_delete=models.PROTECT, related_name="checklist")
    pathway = models.ForeignKey(
        Pathway, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(_("answers"), default=dict, blank=True)

    class Meta:
        verbose_name = _("collaboration checklist")
        verbose_name_plural = _("collaboration checklists")

    def __str__(self) -> str:
        return f"{self.patient}"


class ActorKind(models.TextChoices):
    FAMILY = "family", _("Family or next of kin")
    FRIEND = "friend", _("Friend or neighbour")
    GP = "gp", _("GP")
    HOME_SERVICES = "home_services", _("Home services")
    NAV = "nav", _("NAV")
    DPS = "dps", _("DPS or hospital")
    SCHOOL_WORK = "school_work", _("School or employer")
    USER_ORGANISATION = "user_organisation", _("User organisation")
    VOLUNTEER = "volunteer", _("Volunteer")
    OTHER = "other", _("Other")


class Actor(Tracked):
    """Someone around the user, with how much they matter and how much they influence."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="actors")
    kind = models.CharField(_("type"), max_length=32, choices=ActorKind.choices)
    name = models.CharField(_("name"), max_length=150)
    relation = models.CharField(_("relation to the user"), max_length=150, blank=True)
    importance = models.PositiveSmallIntegerField(
        _("importance for the user"), help_text=_("1 = little, 5 = very much.")
    )
    influence = models.PositiveSmallIntegerField(
        _("influence"), help_text=_("1 = little, 5 = very much.")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["-importance", "-influence", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(importance__gte=1, importance__lte=5),
                name="actor_importance_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(influence__gte=1, influence__lte=5),
                name="actor_influence_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.name
