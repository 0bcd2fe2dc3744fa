"""Improvement work: teams, projects with phases, goals, measures and their data, change ideas,
PDSA cycles, annotations and the communication plan.

Only aggregates live here. Automatic measures store their definition (which indicator, which
organisations) and are computed on demand (``measures.py``); manual and imported data are one
row per (measure, period) and version, the newest being current (corrections keep history).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pasientforlop.accounts.models import Organisation
from pasientforlop.improvement import periods


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Team leader")
    USER_REPRESENTATIVE = "user_representative", _("User representative")
    GP = "gp", _("GP")
    HOSPITAL_CONTACT = "hospital_contact", _("Hospital/DPS contact")
    OTHER = "other", _("Other member")


class Team(models.Model):
    name = models.CharField(_("name"), max_length=150)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations"), related_name="improvement_teams"
    )
    mandate = models.TextField(_("mandate"), blank=True)
    anchored_with = models.CharField(
        _("approved by"),
        max_length=200,
        blank=True,
        help_text=_("Who in management approved the work (name and position)."),
    )
    anchored_on = models.DateField(_("approved on"), null=True, blank=True)
    anchoring_note = models.TextField(_("how the work is anchored"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("improvement team")
        verbose_name_plural = _("improvement teams")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="improvement_teams",
    )
    role = models.CharField(_("role in the team"), max_length=32, choices=TeamRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["role", "user__last_name", "user__username"]
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="team_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class NamedMember(models.Model):
    """A team member without an account (often the user representative), kept by name."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="named_members")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    role = models.CharField(
        _("role in the team"), max_length=32, choices=TeamRole.choices, default=TeamRole.OTHER
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("named team member")
        verbose_name_plural = _("named team members")
        ordering = ["role", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name} – {self.get_role_display()}"


class ImprovementModel(models.TextChoices):
    FHI = "fhi", _("FHI's model for quality improvement (five phases)")
    KS = "ks", _("KS's roadmap for service innovation (six phases)")
    OWN = "own", _("The team's own phases")


class Project(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="projects")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    model = models.CharField(_("improvement model"), max_length=8, choices=ImprovementModel.choices)
    current_phase = models.ForeignKey(
        "Phase", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("improvement project")
        verbose_name_plural = _("improvement projects")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Phase(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phases")
    position = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class ChecklistItem(models.Model):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="items")
    text = models.CharField(_("checklist item"), max_length=300)
    done = models.BooleanField(_("done"), default=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class PhaseChange(models.Model):
    """One move between phases, forwards or back; the project's history of phases."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.ForeignKey(
        Phase, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_phase = models.ForeignKey(Phase, null=True, on_delete=models.SET_NULL, related_name="+")
    from_name = models.CharField(max_length=100, blank=True)
    to_name = models.CharField(max_length=100)
    note = models.CharField(_("note"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_name} → {self.to_name}"

    @property
    def is_back(self) -> bool:
        return (
            self.from_phase is not None
            and self.to_phase is not None
            and self.to_phase.position < self.from_phase.position
        )


class Goal(models.Model):
    """A SMARTE goal: the statement and the team's answer for each letter."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="goals")
    statement = models.TextField(_("goal"))
    specific = models.TextField(_("S – specific"), blank=True)
    measurable = models.TextField(_("M – measurable"), blank=True)
    agreed = models.TextField(_("A – agreed and motivating"), blank=True)
    realistic = models.TextField(_("R – realistic"), blank=True)
    time_bound = models.DateField(_("T – reached by"), null=True, blank=True)
    ethical = models.TextField(_("E – ethical and user-centred"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.statement[:80]


class MeasureKind(models.TextChoices):
    OUTCOME = "outcome", _("Outcome measure")
    PROCESS = "process", _("Process measure")
    BALANCING = "balancing", _("Balancing measure")


class ValueType(models.TextChoices):
    PROPORTION = "proportion", _("Proportion (numerator / denominator, in percent)")
    RATE = "rate", _("Rate (events / exposure, e.g. per 1,000 days)")
    VALUE = "value", _("A value per period (e.g. a mean or a median)")
    COUNT = "count", _("A count per period")
    RARE = "rare", _("Rare events (cases or days between events)")


class Better(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Period(models.TextChoices):
    MONTH = periods.MONTH, _("Month")
    WEEK = periods.WEEK, _("Week")


class Source(models.TextChoices):
    MANUAL = "manual", _("Entered by hand or imported")
    PATHWAY = "pathway", _("Automatic: pathway indicator")
    WHATMATTERS = "whatmatters", _("Automatic: “What matters” data")


class ChartType(models.TextChoices):
    RUN = "run", _("Run chart")
    P = "p", _("P chart (proportions)")
    PP = "pp", _("P′ chart (Laney, large denominators)")
    U = "u", _("U chart (rates)")
    UP = "up", _("U′ chart (Laney, large denominators)")
    IP = "ip", _("I′ chart (proportions or rates with varying denominators)")
    I = "i", _("I chart (individual values)")  # noqa: E741
    C = "c", _("C chart (counts)")
    G = "g", _("G chart (rare events)")


#: The control charts that suit each kind of value (the run chart suits every kind).
CHARTS_FOR = {
    ValueType.PROPORTION: (ChartType.RUN, ChartType.P, ChartType.PP, ChartType.IP),
    ValueType.RATE: (ChartType.RUN, ChartType.U, ChartType.UP, ChartType.IP),
    ValueType.VALUE: (ChartType.RUN, ChartType.I),
    ValueType.COUNT: (ChartType.RUN, ChartType.C),
    ValueType.RARE: (ChartType.RUN, ChartType.G),
}


class Measure(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of measure"), max_length=16, choices=MeasureKind.choices)
    definition = models.TextField(_("definition"), blank=True)
    value_type = models.CharField(_("kind of value"), max_length=16, choices=ValueType.choices)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    better = models.CharField(_("which direction is better"), max_length=8, choices=Better.choices)
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    period = models.CharField(
        _("period"), max_length=8, choices=Period.choices, default=Period.MONTH
    )
    source = models.CharField(
        _("data source"), max_length=16, choices=Source.choices, default=Source.MANUAL
    )
    indicator = models.CharField(_("indicator"), max_length=64, blank=True)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations"), blank=True, related_name="+"
    )
    first_period = models.DateField(_("first period"))
    chart_type = models.CharField(
        _("chart"), max_length=8, choices=ChartType.choices, default=ChartType.RUN
    )
    freeze_at = models.DateField(
        _("baseline ends with"),
        null=True,
        blank=True,
        help_text=_("The centre line and limits are computed from the periods up to this one."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["kind", "name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_automatic(self) -> bool:
        return self.source != Source.MANUAL

    @property
    def has_denominator(self) -> bool:
        return self.value_type in (ValueType.PROPORTION, ValueType.RATE)

    def period_label(self, start) -> str:
        return periods.label(start, self.period)


class MeasureValue(models.Model):
    """One version of a period's data; a correction adds a version, the newest is current."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    period = models.DateField(_("period"))
    numerator = models.DecimalField(
        _("numerator"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    imported = models.BooleanField(default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_by_name = models.CharField(max_length=150, blank=True)
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period", "version"], name="measure_value_version_unique"
            ),
            models.UniqueConstraint(
                fields=["measure", "period"],
                condition=models.Q(is_current=True),
                name="measure_value_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.period} v{self.version}"


class ChangeIdea(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="change_ideas")
    title = models.CharField(_("change idea"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("change idea")
        verbose_name_plural = _("change ideas")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class PdsaCycle(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pdsa_cycles")
    change_idea = models.ForeignKey(
        ChangeIdea,
        verbose_name=_("tests the change idea"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cycles",
    )
    title = models.CharField(_("title"), max_length=200)
    plan = models.TextField(
        _("plan"), blank=True, help_text=_("What do we test, and what do we predict?")
    )
    do = models.TextField(_("do"), blank=True, help_text=_("What happened when we tested it?"))
    study = models.TextField(_("study"), blank=True, help_text=_("What do the data show?"))
    act = models.TextField(_("act"), blank=True, help_text=_("Adopt, adapt or abandon?"))
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    closed = models.BooleanField(_("the cycle is finished"), default=False)
    measures = models.ManyToManyField(
        Measure,
        verbose_name=_("shown on the charts of"),
        blank=True,
        related_name="pdsa_cycles",
        help_text=_("The cycle appears on these measures' charts at its dates."),
    )
    starts_phase = models.BooleanField(
        _("the chart gets a new phase when the cycle starts"),
        default=False,
        help_text=_(
            "Use it when the change is adopted: the centre line and limits are computed anew "
            "from the cycle's start, and the phase is named after the change."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("PDSA cycle")
        verbose_name_plural = _("PDSA cycles")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Annotation(models.Model):
    """A note on a measure's chart at a period: a change, a PDSA cycle, or a new phase."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="annotations")
    period = models.DateField(_("period"))
    text = models.CharField(_("note"), max_length=200, blank=True)
    pdsa = models.ForeignKey(
        PdsaCycle,
        verbose_name=_("PDSA cycle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="annotations",
    )
    starts_phase = models.BooleanField(
        _("a new phase starts here"),
        default=False,
        help_text=_("The chart gets a new centre line and limits from this period (a change)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("annotation")
        verbose_name_plural = _("annotations")
        ordering = ["period", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.pdsa_id is not None:
            return f"PDSA: {self.pdsa.title}" + (f" – {self.text}" if self.text else "")
        return self.text


class CommunicationPlan(models.Model):
    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="communication_plan"
    )
    goals = models.TextField(_("goals – what do we want to achieve?"), blank=True)
    target_groups = models.TextField(_("target groups – who needs to know what?"), blank=True)
    messages = models.TextField(_("messages – what do we want to say?"), blank=True)
    channels = models.TextField(_("channels – where?"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("communication plan")
        verbose_name_plural = _("communication plans")

    def __str__(self) -> str:
        return str(self.project)


class CommunicationActivity(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="communication_activities"
    )
    what = models.CharField(_("activity"), max_length=200)
    target_group = models.CharField(_("target group"), max_length=150, blank=True)
    channel = models.CharField(_("channel"), max_length=100, blank=True)
    on = models.DateField(_("date"))
    responsible = models.CharField(_("responsible"), max_length=150, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("communication activity")
        verbose_name_plural = _("communication activities")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return self.what


class Stakeholder(models.Model):
    """A stakeholder of a project, placed on the actor map of the "What matters" toolkit."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(_("name"), max_length=150)
    relation = models.CharField(_("role or relation to the project"), max_length=150, blank=True)
    importance = models.PositiveSmallIntegerField(
        _("importance for the project"), help_text=_("1 = little, 5 = very much.")
    )
    influence = models.PositiveSmallIntegerField(
        _("influence"), help_text=_("1 = little, 5 = very much.")
    )

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["-importance", "-influence", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(importance__gte=1, importance__lte=5),
                name="stakeholder_importance_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(influence__gte=1, influence__lte=5),
                name="stakeholder_influence_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.name
