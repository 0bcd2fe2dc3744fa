"""A project's storyboard: what a team brings to a gathering, on one A4 landscape page (print
view and PDF) and as slides (PowerPoint, one slide per part, charts as PNG images).

Parts, in order: aim and SMART goal; the team and its anchoring; the current state (the
stakeholder map when stakeholders are recorded, else the project's description); change ideas
and the driver logic (goal ← change ideas ← PDSA cycles); PDSA cycles and what was learned;
the key measures as charts with their signals in words; what comes next.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from pasientforlop.improvement.home import MeasureChart, measure_charts
from pasientforlop.improvement.models import MeasureKind, Project

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

#: How many measures the storyboard shows (outcome measures first).
KEY_MEASURES = 3
KIND_ORDER = {MeasureKind.OUTCOME: 0, MeasureKind.PROCESS: 1, MeasureKind.BALANCING: 2}


@dataclass
class Storyboard:
    project: Project
    today: date
    goals: list
    members: list  # (name, role) pairs
    stakeholders: list
    actor_map: str  # inline SVG, or "" when no stakeholders are recorded
    ideas: list  # (idea, [cycles])
    cycles: list
    charts: list[MeasureChart]
    next_steps: list[str] = field(default_factory=list)

    @property
    def team(self):
        return self.project.team


def key_measures(project: Project) -> list:
    measures = list(project.measures.all())
    measures.sort(key=lambda m: (KIND_ORDER.get(m.kind, 9), m.name, m.pk))
    return measures[:KEY_MEASURES]


def build(project: Project, today: date, *, width=620, height=330) -> Storyboard:
    from pasientforlop.improvement.views.communication import stakeholder_map

    team = project.team
    members = [(m.user.display_name, m.get_role_display()) for m in team.members.all()]
    members += [(m.name, m.get_role_display()) for m in team.named_members.all()]
    stakeholders = list(project.stakeholders.all())
    cycles = list(project.pdsa_cycles.select_related("change_idea").order_by("starts_on", "id"))
    ideas = [
        (idea, [c for c in cycles if c.change_idea_id == idea.pk])
        for idea in project.change_ideas.all()
    ]
    next_steps = [
        _("Finish the PDSA cycle “%(title)s”") % {"title": c.title} for c in cycles if not c.closed
    ]
    if cycles and cycles[-1].closed and cycles[-1].act:
        next_steps.append(cycles[-1].act)  # what the last cycle decided
    if project.current_phase_id:
        next_steps += [
            item.text for item in project.current_phase.items.filter(done=False).order_by("id")
        ]
    return Storyboard(
        project=project,
        today=today,
        goals=list(project.goals.all()),
        members=members,
        stakeholders=stakeholders,
        actor_map=stakeholder_map(stakeholders) if stakeholders else "",
        ideas=ideas,
        cycles=cycles,
        charts=measure_charts(key_measures(project), today, "storyboard", width, height),
        next_steps=next_steps[:6],
    )


def with_images(board: Storyboard) -> Storyboard:
    for item in board.charts:
        item.image = data_uri(item.chart.svg) if item.chart.svg else ""
    return board


def data_uri(svg: str) -> str:
    """An SVG document as a data: URI (for WeasyPrint's <img>)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def pdf(html: str, stylesheet_path: str) -> bytes:
    from weasyprint import CSS, HTML

    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=stylesheet_path)])


# --- slides -------------------------------------------------------------------------------

SLIDE_W, SLIDE_H = 13.333, 7.5  # inches, 16:9


def _deck():
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    return deck


def _slide(deck, title: str, lines: list[str] | None = None, *, image: bytes | None = None):
    """A slide with a title, bullet lines and an optional PNG image beside or below them."""
    from pptx.util import Inches, Pt

    slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
    slide.shapes.title.text = title
    slide.shapes.title.text_frame.paragraphs[0].font.size = Pt(30)
    top = Inches(1.5)
    text_width = Inches(SLIDE_W - 1.0) if image is None else Inches(4.6)
    if lines:
        box = slide.shapes.add_textbox(Inches(0.5), top, text_width, Inches(SLIDE_H - 2.0))
        frame = box.text_frame
        frame.word_wrap = True
        for i, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            paragraph.text = line
            paragraph.font.size = Pt(16 if len(lines) < 8 else 13)
    if image is not None:
        left = Inches(5.3) if lines else Inches(1.5)
        width = Inches(SLIDE_W - 5.3 - 0.4) if lines else Inches(SLIDE_W - 3.0)
        slide.shapes.add_picture(io.BytesIO(image), left, top, width=width)
    return slide


def _chart_png(item: MeasureChart) -> bytes | None:
    from pasientforlop.spc import to_png

    return to_png(item.chart.svg) if item.chart.svg else None


def chart_lines(item: MeasureChart) -> list[str]:
    chart = item.chart
    lines = [f"{item.measure.get_kind_display()} · {item.measure.get_better_display()}"]
    if chart.summary:
        lines.append(chart.summary.variation_text)
        if chart.summary.assurance_text:
            lines.append(chart.summary.assurance_text)
    lines += chart.signals or [_("No signals: only random variation.")]
    lines += [f"{m.number}: {m.text}" for m in chart.markers]
    return lines


def goal_lines(goal) -> list[str]:
    lines = [goal.statement]
    for label, value in (
        (_("S – specific"), goal.specific),
        (_("M – measurable"), goal.measurable),
        (_("A – agreed and motivating"), goal.agreed),
        (_("R – realistic"), goal.realistic),
        (_("T – reached by"), goal.time_bound.strftime("%d.%m.%Y") if goal.time_bound else ""),
        (_("E – ethical and user-centred"), goal.ethical),
    ):
        if value:
            lines.append(f"{label}: {value}")
    return lines


def add_project_slides(deck, board: Storyboard) -> None:
    from pasientforlop.spc import to_png

    project, team = board.project, board.team
    _slide(
        deck,
        project.name,
        [
            team.name,
            ", ".join(o.name for o in team.organisations.all()),
            _("Storyboard %(date)s") % {"date": board.today.strftime("%d.%m.%Y")},
        ],
    )
    aim = [project.description] if project.description else []
    for goal in board.goals:
        aim += goal_lines(goal)
    _slide(deck, _("Aim and goal"), aim or [_("No goal written yet.")])
    team_lines = [f"{name} – {role}" for name, role in board.members]
    if team.anchored_with:
        team_lines.append(_("Anchored with management") + f": {team.anchored_with}")
    _slide(deck, _("The team"), team_lines or ["–"])
    if board.actor_map:
        svg = '<?xml version="1.0" encoding="UTF-8"?>' + board.actor_map
        if "xmlns=" not in board.actor_map.split(">", 1)[0]:
            svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
        _slide(
            deck,
            _("Current state"),
            [f"{s.name}: {s.relation}" if s.relation else s.name for s in board.stakeholders],
            image=to_png(svg),
        )
    else:
        _slide(deck, _("Current state"), [team.mandate or project.description or "–"])
    idea_lines = []
    for idea, cycles in board.ideas:
        tested = ", ".join(c.title for c in cycles) or _("not tested yet")
        idea_lines.append(f"{idea.title} ← {tested}")
    _slide(deck, _("Change ideas and driver logic"), idea_lines or [_("No change ideas yet.")])
    cycle_lines = []
    for c in board.cycles:
        learned = c.study or c.result or c.act or ""
        cycle_lines.append(f"{c.title} ({c.starts_on.strftime('%d.%m.%Y')}): {learned}".strip())
    _slide(deck, _("PDSA cycles and what we learned"), cycle_lines or [_("No PDSA cycles yet.")])
    for item in board.charts:
        _slide(deck, item.measure.name, chart_lines(item), image=_chart_png(item))
    _slide(deck, _("What comes next"), board.next_steps or ["–"])


def project_pptx(board: Storyboard) -> bytes:
    deck = _deck()
    add_project_slides(deck, board)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def team_slide(deck, board: Storyboard) -> None:
    """One slide per team for the coordinator's gathering deck: aim, key chart, next step."""
    lines = [board.team.name]
    for goal in board.goals[:1]:
        lines.append(goal.statement)
    chart = board.charts[0] if board.charts else None
    if chart is not None:
        lines += chart_lines(chart)[:4]
    if board.next_steps:
        lines.append(_("Next") + ": " + board.next_steps[0])
    _slide(
        deck,
        board.project.name,
        lines,
        image=_chart_png(chart) if chart is not None else None,
    )


def gathering_pptx(title: str, boards: list[Storyboard]) -> bytes:
    deck = _deck()
    _slide(deck, title, [b.team.name for b in boards] or ["–"])
    for board in boards:
        team_slide(deck, board)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
