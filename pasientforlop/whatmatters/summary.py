"""What the pages show, computed once in Python (no queries in templates).

``panel_context(patient, pathway)`` is what the pathway timeline merges into its context
for ``whatmatters/_pathway_panel.html``.
"""

from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext as _

from pasientforlop.lib.dates import format_date
from pasientforlop.whatmatters import scoring
from pasientforlop.whatmatters.meanchart import MeanPoint, render_mean_chart
from pasientforlop.whatmatters.models import (
    Checklist,
    ChecklistStatus,
    ChecklistTemplate,
    WhatMattersForm,
)
from pasientforlop.whatmatters.services import prefetched_form

CLINICAL_LABELS = {
    scoring.ClinicalChange.IMPROVEMENT: "improvement",
    scoring.ClinicalChange.WORSENING: "worsening",
}


def conversation_label(number: int) -> str:
    return _("Conversation %(number)s") % {"number": number}


@dataclass(frozen=True)
class ConversationMean:
    number: int
    conversation: object
    mean: Fraction | None

    @property
    def text(self) -> str:
        return scoring.format_number(self.mean)


@dataclass
class FormSummary:
    form: WhatMattersForm
    rule: scoring.WhatMattersForm
    conversations: list[ConversationMean] = field(default_factory=list)
    rows: list = field(default_factory=list)  # per activity: text, scores, change, flag
    report: scoring.ChangeReport | None = None
    chart: str = ""

    def mean_of(self, number: int) -> Fraction | None:
        if 1 <= number <= len(self.conversations):
            return self.conversations[number - 1].mean
        return None

    @property
    def latest_mean(self) -> Fraction | None:
        return self.conversations[-1].mean if self.conversations else None

    @property
    def benefit_text(self) -> str:
        return scoring.format_number(self.report.benefit if self.report else None, signed=True)


def latest_form(patient) -> WhatMattersForm | None:
    form = patient.forms.first()
    return prefetched_form(form.pk) if form is not None else None


def summarise(form: WhatMattersForm) -> FormSummary:
    """Means per conversation, change per activity and the first-to-latest benefit."""
    rule = form.as_rule()
    summary = FormSummary(form=form, rule=rule)
    for number, (conversation, rule_conversation) in enumerate(
        zip(form.conversations.all(), rule.conversations, strict=True), start=1
    ):
        summary.conversations.append(
            ConversationMean(number, conversation, scoring.mean(rule_conversation))
        )
    if len(rule.conversations) >= 2:
        summary.report = scoring.compare(
            rule.version, rule.conversations[0], rule.conversations[-1]
        )
    changes = {c.activity_key: c for c in (summary.report.activities if summary.report else ())}
    for activity in rule.activities:
        change = changes.get(activity.key)
        summary.rows.append(
            {
                "text": activity.text,
                "scores": [c.scores.get(activity.key) for c in rule.conversations],
                "change": scoring.format_number(change.benefit, 0, signed=True) if change else "–",
                "flag": CLINICAL_LABELS.get(change.clinical) if change else None,
            }
        )
    if summary.conversations:
        points = [
            MeanPoint(conversation_label(c.number), format_date(c.conversation.held_on), c.mean)
            for c in summary.conversations
        ]
        summary.chart = render_mean_chart(
            points,
            rule.version.scale_min,
            rule.version.scale_max,
            title=_("Mean per conversation"),
            axis_label=_("Mean"),
        )
    return summary


@dataclass
class ChecklistRow:
    item: scoring.ChecklistItem
    status: str | None
    derived: bool  # status follows from a recorded conversation
    mean: str


def checklist_rows(
    template: ChecklistTemplate, checklist: Checklist | None, summary: FormSummary | None
) -> tuple[list[ChecklistRow], scoring.Fulfilment]:
    """Items with their status; items holding a conversation's mean show it and count as
    done once that conversation is recorded."""
    answers = checklist.answers if checklist else {}
    rows = []
    for item in template.as_items():
        status = answers.get(str(item.number))
        mean = None
        if item.holds_mean_of and summary is not None:
            mean = summary.mean_of(item.holds_mean_of)
        derived = mean is not None
        if derived:
            status = ChecklistStatus.DONE
        rows.append(ChecklistRow(item, status, derived, scoring.format_number(mean)))
    result = scoring.fulfilment(
        scoring.ChecklistStatus(row.status) if row.status else None for row in rows
    )
    return rows, result


def panel_context(patient, pathway=None) -> dict:
    """Context for ``whatmatters/_pathway_panel.html`` on the pathway timeline."""
    form = latest_form(patient)
    summary = summarise(form) if form else None
    checklist = Checklist.objects.filter(patient=patient).select_related("template").first()
    template = checklist.template if checklist else None
    fulfilment = None
    if template is not None:
        _rows, fulfilment = checklist_rows(template, checklist, summary)
    report = summary.report if summary else None
    return {
        "whatmatters": {
            "patient": patient,
            "has_form": form is not None,
            "conversations": len(summary.conversations) if summary else 0,
            "latest_mean": scoring.format_number(summary.latest_mean if summary else None),
            "benefit": summary.benefit_text if summary else scoring.NO_VALUE,
            "important": CLINICAL_LABELS.get(report.mean_clinical) if report else None,
            "fulfilment": (
                scoring.format_percent(fulfilment.percent) if fulfilment else scoring.NO_VALUE
            ),
            "points": fulfilment,
            "first_conversation": (
                summary.conversations[0].conversation if summary and summary.conversations else None
            ),
        }
    }
