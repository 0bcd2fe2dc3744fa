"""Users of the services (patients), their HPH pathways and the recorded steps.

Only facts are stored: what was done, when and by whom, or why a step does not apply.
Deadlines and statuses are computed by ``deadlines.py`` from these facts and today's date.
"""

from collections import defaultdict

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pasientforlop.accounts.models import Organisation
from pasientforlop.pathways import deadlines, finding
from pasientforlop.pathways.choices import ExchangeMethodChoice, StartTypeChoice, StepChoice


class Patient(models.Model):
    """A user of the municipality's services. Registered by, and belonging to, one municipality."""

    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="patients",
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    national_id = models.CharField(
        _("national identity number"),
        max_length=11,
        blank=True,
        help_text=_("Fødselsnummer or D-number, 11 digits."),
    )
    pseudonym = models.CharField(
        _("local pseudonym"),
        max_length=64,
        blank=True,
        help_text=_(
            "Used instead of name and national identity number where the "
            "organisation runs without identities."
        ),
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    next_of_kin = models.CharField(_("next of kin"), max_length=200, blank=True)
    gp_name = models.CharField(_("GP"), max_length=150, blank=True)
    gp_hpr_number = models.CharField(
        _("GP's HPR number"),
        max_length=9,
        blank=True,
        help_text=_("The regular GP (fastlege), by number in the health personnel register."),
    )
    unit = models.ForeignKey(
        Organisation,
        verbose_name=_("receiving unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="patients_received",
        help_text=_("The municipal unit that gives the user services."),
    )
    #: Name and pseudonym case-folded (``finding.name_key``) for the search box; kept by save().
    search_name = models.CharField(
        max_length=400, blank=True, default="", db_default="", editable=False
    )
    #: Raised on every edit of the details, so two people editing at once get a conflict.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("user of services")
        verbose_name_plural = _("users of services")
        ordering = ["last_name", "first_name", "pseudonym"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "national_id"],
                condition=~models.Q(national_id=""),
                name="patient_national_id_unique_in_municipality",
            ),
            models.UniqueConstraint(
                fields=["municipality", "pseudonym"],
                condition=~models.Q(pseudonym=""),
                name="patient_pseudonym_unique_in_municipality",
            ),
            models.CheckConstraint(
                condition=~models.Q(national_id="") | ~models.Q(pseudonym=""),
                name="patient_has_national_id_or_pseudonym",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name()

    def save(self, *args, **kwargs):
        self.search_name = finding.name_key(self.first_name, self.last_name, self.pseudonym)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_name", "last_name", "pseudonym"} & set(
            update_fields
        ):
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    def display_name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.pseudonym


class Pathway(models.Model):
    patient = models.ForeignKey(
        Patient,
        verbose_name=_("user of services"),
        on_delete=models.PROTECT,
        related_name="pathways",
    )
    municipality = models.ForeignKey(
        Organisation, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Organisation,
        verbose_name=_("home services unit"),
        on_delete=models.PROTECT,
        related_name="pathways",
    )
    hospital = models.ForeignKey(
        Organisation,
        verbose_name=_("hospital"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shared_pathways",
        help_text=_("The hospital the pathway is shared with (hospital starts)."),
    )
    start_type = models.CharField(_("start"), max_length=32, choices=StartTypeChoice.choices)
    start_date = models.DateField(_("start date"))
    primary_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("primary contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="primary_pathways",
    )
    external_ref = models.CharField(_("reference in the record system"), max_length=64, blank=True)
    hospital_ward = models.CharField(_("hospital ward"), max_length=200, blank=True)
    expected_discharge_at = models.DateTimeField(_("expected discharge"), null=True, blank=True)
    planned_start = models.DateField(
        _("planned start of home services"),
        null=True,
        blank=True,
        help_text=_("Set by the allocation office when the user is expected home."),
    )
    readmission_on = models.DateField(_("readmitted to hospital"), null=True, blank=True)
    deterioration_plan = models.TextField(
        _("plan for deterioration"),
        blank=True,
        help_text=_("What to watch for, and whom to call."),
    )
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    closed_reason = models.CharField(_("reason for closing"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("pathway")
        verbose_name_plural = _("pathways")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "external_ref"],
                condition=~models.Q(external_ref=""),
                name="pathway_external_ref_unique_in_municipality",
            )
        ]
        indexes = [
            models.Index(fields=["unit", "closed_on"]),
            models.Index(fields=["hospital", "closed_on"]),
            models.Index(fields=["primary_contact", "closed_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.patient} – {self.get_start_type_display()} {self.start_date:%d.%m.%Y}"

    def facts(self) -> deadlines.PathwayFacts:
        """The recorded facts for the rules. Uses prefetched ``records`` and ``stays``."""
        return deadlines.PathwayFacts(
            start_type=deadlines.StartType(self.start_type),
            start_date=self.start_date,
            steps={
                record.step: record.as_rule_record()
                for record in self.records.all()
                if record.step in deadlines.CHAIN
            },
            intermediate_stays=tuple(
                deadlines.IntermediateStay(start=s.start, end=s.end, unit=s.unit_name)
                for s in self.stays.all()
            ),
            readmission_on=self.readmission_on,
        )

    def states(self, today) -> list[deadlines.StepState]:
        return deadlines.compute(self.facts(), today)


def facts_for(pathways) -> dict[int, deadlines.PathwayFacts]:
    """The rule facts of many pathways (a queryset) in three queries, read as plain values:
    the worklist's hot path, where building model objects for every step would dominate."""
    steps: dict[int, dict] = defaultdict(dict)
    records = StepRecord.objects.filter(pathway__in=pathways, step__in=deadlines.CHAIN)
    for pathway_id, step, done_on, done_at, by, not_applicable, reason in records.values_list(
        "pathway_id", "step", "done_on", "done_at", "done_by_name", "not_applicable", "reason"
    ):
        steps[pathway_id][step] = deadlines.StepRecord(
            done_on=done_on,
            done_at=done_at,
            done_by=by,
            not_applicable=not_applicable,
            reason=reason,
        )
    stays: dict[int, list] = defaultdict(list)
    for pathway_id, start, end, unit in (
        IntermediateStay.objects.filter(pathway__in=pathways)
        .order_by("start")
        .values_list("pathway_id", "start", "end", "unit_name")
    ):
        stays[pathway_id].append(deadlines.IntermediateStay(start=start, end=end, unit=unit))
    return {
        pk: deadlines.PathwayFacts(
            start_type=deadlines.StartType(start_type),
            start_date=start_date,
            steps=steps[pk],
            intermediate_stays=tuple(stays[pk]),
            readmission_on=readmission_on,
        )
        for pk, start_type, start_date, readmission_on in pathways.values_list(
            "pk", "start_type", "start_date", "readmission_on"
        )
    }


class StepRecord(models.Model):
    """What was recorded for one step of one pathway: done (when, by whom) or not applicable."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="records")
    step = models.CharField(_("step"), max_length=32, choices=StepChoice.choices)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_at = models.DateTimeField(_("time"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done_by_name = models.CharField(_("done by"), max_length=150, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    checklist = models.JSONField(_("checklist"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    exchange_method = models.CharField(
        _("how"), max_length=16, choices=ExchangeMethodChoice.choices, blank=True
    )
    exchange_with = models.CharField(_("with whom"), max_length=200, blank=True)
    template = models.ForeignKey(
        "StepTemplate", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("step record")
        verbose_name_plural = _("step records")
        constraints = [
            models.UniqueConstraint(fields=["pathway", "step"], name="step_record_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.pathway_id} {self.step}"

    def as_rule_record(self) -> deadlines.StepRecord:
        return deadlines.StepRecord(
            done_on=self.done_on,
            done_at=self.done_at,
            done_by=self.done_by_name,
            not_applicable=self.not_applicable,
            reason=self.reason,
        )


class IntermediateStay(models.Model):
    """An intermediate or short-term stay in the municipality before the user comes home."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="stays")
    unit = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit_name = models.CharField(_("unit"), max_length=200, blank=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("intermediate stay")
        verbose_name_plural = _("intermediate stays")
        ordering = ["start"]

    def __str__(self) -> str:
        return f"{self.unit_name} {self.start}–{self.end or ''}"


class StepTemplate(models.Model):
    """A municipality's procedure and checklist for one step; each change is a new version."""

    municipality = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="step_templates"
    )
    step = models.CharField(_("step"), max_length=32, choices=StepChoice.choices)
    version = models.PositiveIntegerField(_("version"))
    guidance = models.TextField(_("procedure"), blank=True)
    items = models.JSONField(_("checklist items"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("step procedure")
        verbose_name_plural = _("step procedures")
        ordering = ["municipality", "step", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "step", "version"], name="step_template_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} v{self.version}"


class WhatMattersConversation(models.Model):
    """One "what matters" conversation with a user of services, as an event.

    A user may have many (in hospital, during a stay, at home); record systems list them
    all. The indicator ``what_matters_by_day_28`` takes the user's first conversation, also
    one held before the pathway existed. The pathway's step record keeps the step's status
    on the pathway page (done, or not applicable with a reason).
    """

    patient = models.ForeignKey(
        Patient, on_delete=models.CASCADE, related_name="what_matters_conversations"
    )
    pathway = models.ForeignKey(
        Pathway,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="what_matters_conversations",
    )
    held_on = models.DateField(_("date of the conversation"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("“what matters” conversation")
        verbose_name_plural = _("“what matters” conversations")
        ordering = ["held_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathway", "held_on"], name="what_matters_conversation_once_a_day"
            ),
        ]
        indexes = [models.Index(fields=["patient", "held_on"])]

    def __str__(self) -> str:
        return f"{self.patient_id} {self.held_on:%d.%m.%Y}"
