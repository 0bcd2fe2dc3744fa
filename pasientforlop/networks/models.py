"""Learning networks: members, people, the timeline, invitations and applications,
gatherings (programme, attendance, materials, evaluation), preparation packages, follow-up
and population figures for coverage.

Nothing here holds patient data: team measures come as aggregates from the improvement app.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pasientforlop.accounts.models import Organisation
from pasientforlop.improvement.models import Better, Team, TeamRole
from pasientforlop.networks import timeline


class TargetGroup(models.TextChoices):
    ELDERLY = "elderly", _("Elderly and chronically ill")
    MENTAL_HEALTH = "mental_health", _("Mental health and addiction")
    ALL_ADULTS = "all_adults", _("All adults")


class Network(models.Model):
    name = models.CharField(_("name"), max_length=150)
    region = models.CharField(_("region"), max_length=150, blank=True)
    target_group = models.CharField(_("target group"), max_length=16, choices=TargetGroup.choices)
    health_partnership = models.ForeignKey(
        Organisation,
        verbose_name=_("health partnership"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="anchored_networks",
        limit_choices_to={"kind": "health_partnership"},
    )
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("learning network")
        verbose_name_plural = _("learning networks")
        ordering = ["-start_year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "start_year"], name="network_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_year}–{self.end_year})"


class NetworkMember(models.Model):
    """A municipality (or an Oslo city district) or a hospital trust in a network."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="network_memberships"
    )

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organisation"], name="network_member_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.network} – {self.organisation}"


class NetworkRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    SUPERVISOR = "supervisor", _("Supervisor")


class NetworkPerson(models.Model):
    """A coordinator or supervisor named for one network."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="people")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_roles"
    )
    role = models.CharField(_("role in the network"), max_length=16, choices=NetworkRole.choices)

    class Meta:
        ordering = ["role", "user__last_name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="network_person_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class MilestoneKind(models.TextChoices):
    PREPARATION = timeline.PREPARATION, _("Preparation phase")
    NETWORK_PERIOD = timeline.NETWORK_PERIOD, _("Network period")
    GATHERING = timeline.GATHERING, _("Gathering")
    EXPERIENCE_GATHERING = timeline.EXPERIENCE_GATHERING, _("Experience gathering")
    NATIONAL_CONFERENCE = timeline.NATIONAL_CONFERENCE, _("National experience conference")


#: Timeline entries people meet at: they have a programme, attendance and an evaluation.
MEETING_KINDS = (
    MilestoneKind.GATHERING,
    MilestoneKind.EXPERIENCE_GATHERING,
    MilestoneKind.NATIONAL_CONFERENCE,
)


class Milestone(models.Model):
    """One entry of a network's timeline: a phase or a gathering."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("kind"), max_length=24, choices=MilestoneKind.choices)
    number = models.PositiveSmallIntegerField(_("number"), default=0)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    survey_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "number", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        label = str(self.get_kind_display())
        return f"{label} {self.number}" if self.number else label

    @property
    def is_meeting(self) -> bool:
        return self.kind in MEETING_KINDS


class ProgrammeKind(models.TextChoices):
    PROJECT_TALK = "project_talk", _("Talk by the project group")
    EXTERNAL_TALK = "external_talk", _("External talk")
    GROUP_WORK = "group_work", _("Group work and plenary")


class ProgrammeItem(models.Model):
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="programme")
    title = models.CharField(_("title"), max_length=200)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ProgrammeKind.choices)
    minutes = models.PositiveIntegerField(_("duration in minutes"))
    day = models.PositiveSmallIntegerField(
        _("day"), default=1, help_text=_("1 for the first day, 2 for the second day.")
    )
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """One person at a gathering: a user, or a team's named member without an account."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )
    named_member = models.ForeignKey(
        "improvement.NamedMember", null=True, on_delete=models.CASCADE, related_name="+"
    )
    participation = models.ForeignKey(
        "Participation", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["milestone", "user"], name="attendance_unique"),
            models.UniqueConstraint(
                fields=["milestone", "named_member"], name="attendance_named_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, named_member__isnull=True)
                | models.Q(user__isnull=True, named_member__isnull=False),
                name="attendance_user_or_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.milestone} – {self.user or self.named_member}"


class Material(models.Model):
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(upload_to="networks/materials/%Y/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class SurveyResponse(models.Model):
    """One attendee's evaluation of a gathering: three scales (1-5) and free text."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    overall = models.PositiveSmallIntegerField(_("All in all, how good was the gathering?"))
    relevance = models.PositiveSmallIntegerField(
        _("How relevant was the content for your team's work?")
    )
    balance = models.PositiveSmallIntegerField(
        _("How good was the balance between talks and group work?")
    )
    went_well = models.TextField(_("What worked well?"), blank=True)
    improve = models.TextField(_("What should we do differently?"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    SCALES = ("overall", "relevance", "balance")
    TEXTS = ("went_well", "improve")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["milestone", "user"], name="survey_response_unique")
        ]

    def __str__(self) -> str:
        return f"{self.milestone} – {self.user}"


class Invitation(models.Model):
    network = models.OneToOneField(Network, on_delete=models.CASCADE, related_name="invitation")
    text = models.TextField(_("invitation"))
    deadline = models.DateField(_("application deadline"))
    published_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.network}"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ADMITTED = "admitted", _("Admitted")
    DECLINED = "declined", _("Declined")


class Application(models.Model):
    """The application form of seed 001, Vedlegg 5: one per municipality and invitation."""

    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="applications"
    )
    municipality = models.ForeignKey(
        Organisation, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    hospital_trust = models.ForeignKey(
        Organisation,
        verbose_name=_("Hospital trust the municipality belongs to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "hospital_trust"},
    )
    contact_name = models.CharField(
        _("Contact person in the municipality"), max_length=200, blank=True
    )
    contact_email = models.EmailField(_("Contact person's e-mail"), blank=True)
    contact_phone = models.CharField(_("Contact person's telephone"), max_length=30, blank=True)
    why = models.TextField(
        _("Goals for the improvement work: why does the municipality want to take part?"),
        blank=True,
    )
    anchoring = models.TextField(
        _("How is taking part anchored in the administrative leadership?"), blank=True
    )
    user_representation = models.TextField(
        _("How will you ensure user representation and user involvement?"), blank=True
    )
    interdisciplinary = models.TextField(
        _("How will you ensure interdisciplinary and cross-agency involvement?"), blank=True
    )
    individual_plans = models.TextField(
        _("How does the municipality use individual plans for the target group?"), blank=True
    )
    dps_involvement = models.TextField(
        _("How will the cooperating DPS and/or addiction outpatient clinic be involved?"),
        blank=True,
    )
    related_projects = models.TextField(
        _(
            "Other relevant projects in the municipality for the target group, and how they work together"
        ),
        blank=True,
    )
    agreement_status = models.TextField(
        _("Status of the service and cooperation agreement with the specialist health service"),
        blank=True,
    )
    resources = models.TextField(
        _("Which resources can be set aside for the improvement work?"), blank=True
    )
    grants = models.TextField(
        _(
            "Has the municipality received grants from the Directorate of Health (ACT team, "
            "local substance-abuse work, cooperation models)? If so, describe briefly."
        ),
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default="draft"
    )
    version = models.PositiveIntegerField(default=1)
    decision_message = models.TextField(_("message to the municipality"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    TEXT_FIELDS = (
        "why",
        "anchoring",
        "user_representation",
        "interdisciplinary",
        "individual_plans",
        "dps_involvement",
        "related_projects",
        "agreement_status",
        "resources",
        "grants",
    )

    class Meta:
        ordering = ["municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "municipality"], name="application_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality.name} – {self.invitation.network.name}"

    @property
    def editable(self) -> bool:
        return self.status == ApplicationStatus.DRAFT


class ApplicationMember(models.Model):
    """A line of the application's team list: unit/department/position, name, e-mail,
    telephone, other, and the person's role in the team."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="team_members"
    )
    position = models.CharField(_("Unit/department/position"), max_length=200, blank=True)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    other = models.CharField(_("other"), max_length=200, blank=True)
    role = models.CharField(
        _("role in the team"), max_length=32, choices=TeamRole.choices, default=TeamRole.OTHER
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Participation(models.Model):
    """An improvement team taking part in a network, for a member organisation."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="participations")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="participations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="participation"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["network", "team"], name="participation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.team} – {self.network.name}"


class PackageTask(models.Model):
    """A task of the preparation package before a gathering.

    Answers point at the task itself, never at its place in the list: reordering, adding or
    removing tasks never moves an answer. ``revision`` goes up when the text changes, so an
    answer given to an earlier wording shows as "changed since you answered".
    """

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(_("task"))
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class PackageAnswer(models.Model):
    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="answers"
    )
    task = models.ForeignKey(PackageTask, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"), blank=True)
    #: The task's revision when this answer was written.
    task_revision = models.PositiveIntegerField(default=1)
    #: Goes up with every save; a save based on an older version is a conflict.
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participation", "task"], name="package_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.participation} – {self.task}"


class PackageStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    READY = "ready", _("Ready")


class PackageState(models.Model):
    """A team's status for the package before one gathering."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="package_states"
    )
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("status"), max_length=16, choices=PackageStatus.choices, default="not_started"
    )
    ready_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "milestone"], name="package_state_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participation} – {self.milestone}: {self.status}"


class Channel(models.TextChoices):
    PHONE = "phone", _("Telephone")
    VISIT = "visit", _("Visit")
    DIGITAL = "digital", _("Digital meeting")


class FollowUp(models.Model):
    """A contact with a team between gatherings."""

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        related_name="followups",
    )
    contacted_on = models.DateField(_("date"))
    channel = models.CharField(_("how"), max_length=16, choices=Channel.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by whom"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    topic = models.CharField(_("topic"), max_length=300)
    next_step = models.CharField(_("agreed next step"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contacted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.participation} – {self.contacted_on}: {self.topic}"


class Population(models.Model):
    """Inhabitants of a municipality or city district (imported from a CSV)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="population"
    )
    inhabitants = models.PositiveIntegerField(_("inhabitants"))

    def __str__(self) -> str:
        return f"{self.organisation}: {self.inhabitants}"


class SharedMeasure(models.Model):
    """A measure the coordinator defines once for the whole network (a proportion); each team
    feeds it with its own measure, and the network sees the teams side by side and summed."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="shared_measures")
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"), blank=True)
    better = models.CharField(_("which direction is better"), max_length=8, choices=Better.choices)
    target = models.DecimalField(
        _("target (percent)"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    first_period = models.DateField(_("first period"))
    measures = models.ManyToManyField(
        "improvement.Measure", blank=True, related_name="shared_in", verbose_name=_("measures")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("shared measure")
        verbose_name_plural = _("shared measures")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
