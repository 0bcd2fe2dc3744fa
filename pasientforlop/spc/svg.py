"""SVG rendering of a :class:`ChartResult`, readable in black and white.

Lines are told apart by dash pattern, points by marker shape: solid centre line (dashed and
thicker in a part with a runs signal, with a text marker), dashed control limits, dotted
target, filled diamonds for points outside the limits, hollow circles for excluded points.
The SVG carries ``<title>``/``<desc>`` and ``role="img"`` for screen readers.

Every word on the chart comes from a :class:`Words` (bokmål by default, for the command
line); a page passes its own, translated into the reader's language. The legend names
every line in full (no abbreviations such as ØKG/SL/NKG), also next to the last values.
"""

import math
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from .axis import format_number, nice_ticks, x_labels
from .result import ChartPoint, ChartResult

CHART_NAMES = {
    "run": "Seriediagram",
    "i": "I-diagram (enkeltverdier)",
    "mr": "MR-diagram (glidende variasjonsbredde)",
    "xbar": "X̄-diagram (gjennomsnitt)",
    "s": "S-diagram (standardavvik)",
    "t": "T-diagram (tid mellom hendelser)",
    "p": "P-diagram (andel)",
    "pp": "P′-diagram (Laney)",
    "u": "U-diagram (rate)",
    "up": "U′-diagram (Laney)",
    "c": "C-diagram (antall)",
    "g": "G-diagram (muligheter mellom hendelser)",
    "ip": "I′-diagram (enkeltverdier med ulik nevner)",
}
LABEL_CL = "Senterlinje"
LABEL_UCL = "Øvre kontrollgrense"
LABEL_LCL = "Nedre kontrollgrense"
LABEL_TARGET = "Målverdi"
LABEL_SIGMA = "Punkt utenfor kontrollgrensene"
LABEL_RUNS = "Seriesignal (Anhøj)"
LABEL_EXCLUDED = "Utelatt fra beregningene"


@dataclass(frozen=True)
class Words:
    """The words on a chart; ``{name}`` style fields are filled in by the renderer."""

    cl: str = LABEL_CL
    ucl: str = LABEL_UCL
    lcl: str = LABEL_LCL
    target: str = LABEL_TARGET
    sigma: str = LABEL_SIGMA
    runs: str = LABEL_RUNS
    excluded: str = LABEL_EXCLUDED
    phase: str = "Fase {number}"
    baseline: str = "Utgangsnivå"
    after_baseline: str = "Etter utgangsnivå"
    value: str = "{label}: {value}"
    point: str = "Punkt {index}, x = {x}: {y}"
    summary: str = "{name} med {points} punkter i {parts} fase(r)."
    cl_last: str = "{label} {value} i siste fase."
    sigma_points: str = "{count} punkt(er) utenfor kontrollgrensene: {points}."
    no_sigma: str = "Ingen punkter utenfor kontrollgrensene."
    runs_in: str = "{label} i fase {parts}."
    no_runs: str = "Ingen seriesignal."
    notes: str = "Notater: {notes}."
    chart_names: dict = field(default_factory=lambda: dict(CHART_NAMES))


BOKMAL = Words()

INK = "#000000"
GREY = "#555555"
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
STYLES = {
    "cl": {"stroke": INK, "stroke-width": "1.5"},
    "cl-signal": {"stroke": INK, "stroke-width": "3", "stroke-dasharray": "10 5"},
    "ucl": {"stroke": GREY, "stroke-width": "1.2", "stroke-dasharray": "8 4"},
    "lcl": {"stroke": GREY, "stroke-width": "1.2", "stroke-dasharray": "8 3 2 3"},
    "target": {"stroke": INK, "stroke-width": "1.5", "stroke-dasharray": "2 3"},
}


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {key.rstrip('_').replace('_', '-')}={quoteattr(str(value))}"
        for key, value in attrs.items()
        if value is not None
    )


def _line(x1: float, y1: float, x2: float, y2: float, **style) -> str:
    return _el("line", x1=x1, y1=y1, x2=x2, y2=y2, **style)


def _el(tag: str, text: str | None = None, **attrs) -> str:
    if text is None:
        return f"<{tag}{_attrs(attrs)}/>"
    return f"<{tag}{_attrs(attrs)}>{escape(text)}</{tag}>"


class _Frame:
    """Maps point numbers and values to SVG coordinates."""

    def __init__(self, result: ChartResult, width: int, height: int, has_title: bool) -> None:
        self.left, self.right = 70, width - 230
        self.top, self.bottom = (56 if has_title else 24), height - 56
        self.count = max(len(result.points), 1)
        values = [v for p in result.points for v in (p.y, p.cl, p.ucl, p.lcl) if v is not None]
        if result.target is not None:
            values.append(result.target)
        low, high = (min(values), max(values)) if values else (0.0, 1.0)
        if math.isclose(low, high):
            low, high = low - 1, high + 1
        pad = (high - low) * 0.06
        self.ticks = nice_ticks(low - pad, high + pad)
        self.low, self.high = min(self.ticks[0], low - pad), max(self.ticks[-1], high + pad)

    @property
    def step(self) -> float:
        return (self.right - self.left) / self.count

    def px(self, index: float) -> float:
        return round(self.left + (index - 0.5) * self.step, 2)

    def py(self, value: float) -> float:
        share = (value - self.low) / (self.high - self.low)
        return round(self.bottom - share * (self.bottom - self.top), 2)


def _polyline(points: list[tuple[float, float]], css: str, style: str) -> str:
    coords = " ".join(f"{x},{y}" for x, y in points)
    return _el("polyline", points=coords, fill="none", class_=css, **STYLES[style])


def _segments(items, key):
    """Runs of consecutive items whose ``key`` is not None."""
    run: list = []
    for item in items:
        if key(item) is None:
            if run:
                yield run
            run = []
        else:
            run.append(item)
    if run:
        yield run


def _step_line(frame: _Frame, points: list[ChartPoint], attr: str, css: str) -> list[str]:
    """A limit drawn as steps, so limits that vary per point stay readable."""
    out = []
    half = frame.step / 2
    for run in _segments(points, lambda p: getattr(p, attr)):
        coords = []
        for p in run:
            level = frame.py(getattr(p, attr))
            coords += [
                (round(frame.px(p.index) - half, 2), level),
                (round(frame.px(p.index) + half, 2), level),
            ]
        out.append(_polyline(coords, css, attr))
    return out


def _parts(result: ChartResult) -> list[list[ChartPoint]]:
    groups: dict[int, list[ChartPoint]] = {}
    for point in result.points:
        groups.setdefault(point.part, []).append(point)
    return list(groups.values())


def _axes(frame: _Frame, result: ChartResult, x_label: str | None, y_label: str | None):
    out = [
        _line(frame.left, frame.bottom, frame.right, frame.bottom, stroke=INK),
        _line(frame.left, frame.top, frame.left, frame.bottom, stroke=INK),
    ]
    for tick in frame.ticks:
        y = frame.py(tick)
        out.append(
            _line(
                frame.left,
                y,
                frame.right,
                y,
                stroke="#dddddd",
                stroke_width="0.5",
            )
        )
        out.append(
            _el(
                "text",
                format_number(tick),
                x=frame.left - 6,
                y=y + 4,
                text_anchor="end",
                font_size="11",
            )
        )
    every = max(1, math.ceil(frame.count / max(1, (frame.right - frame.left) // 70)))
    labels = x_labels([point.x for point in result.points])
    for point, label in list(zip(result.points, labels, strict=True))[::every]:
        out.append(
            _el(
                "text",
                label,
                x=frame.px(point.index),
                y=frame.bottom + 16,
                text_anchor="middle",
                font_size="10",
                class_="x-etikett",
            )
        )
    if x_label:
        out.append(
            _el(
                "text",
                x_label,
                x=(frame.left + frame.right) / 2,
                y=frame.bottom + 40,
                text_anchor="middle",
                font_size="12",
            )
        )
    if y_label:
        middle = (frame.top + frame.bottom) / 2
        out.append(
            _el(
                "text",
                y_label,
                x=16,
                y=middle,
                text_anchor="middle",
                font_size="12",
                transform=f"rotate(-90 16 {middle})",
            )
        )
    return out


def _phase_marks(frame: _Frame, result: ChartResult, parts, words: Words) -> list[str]:
    out = []
    boundaries = [(part[0].index - 0.5, words.phase.format(number=part[0].part)) for part in parts]
    if len(parts) == 1 and result.freeze is not None and result.freeze < len(result.points):
        boundaries = [(0.5, words.baseline), (result.freeze + 0.5, words.after_baseline)]
    if len(boundaries) < 2:
        return out
    for position, label in boundaries:
        x = frame.px(position)
        if position > 0.5:
            out.append(
                _line(
                    x,
                    frame.top,
                    x,
                    frame.bottom,
                    stroke=INK,
                    stroke_width="1",
                    stroke_dasharray="1 4",
                    class_="faseskille",
                )
            )
        out.append(
            _el("text", label, x=x + 4, y=frame.top - 6, font_size="11", class_="fase-etikett")
        )
    return out


def _centre_lines(frame: _Frame, result: ChartResult, parts, words: Words) -> list[str]:
    out = []
    summaries = {s.part: s for s in result.parts}
    for part in parts:
        signal = summaries[part[0].part].runs_signal
        css, style = ("senterlinje serie-signal", "cl-signal") if signal else ("senterlinje", "cl")
        for run in _segments(part, lambda p: p.cl):
            half = frame.step / 2
            coords = [(round(frame.px(run[0].index) - half, 2), frame.py(run[0].cl))]
            coords += [(frame.px(p.index), frame.py(p.cl)) for p in run]
            coords.append((round(frame.px(run[-1].index) + half, 2), frame.py(run[-1].cl)))
            out.append(_polyline(coords, css, style))
        if signal:
            first = part[0]
            out.append(
                _el(
                    "text",
                    f"▲ {words.runs}",
                    x=frame.px(first.index) - frame.step / 2,
                    y=frame.top + 12,
                    font_size="11",
                    font_weight="bold",
                    class_="serie-signal-merke",
                )
            )
    return out


def _marker(frame: _Frame, point: ChartPoint, words: Words) -> str:
    x, y = frame.px(point.index), frame.py(point.y)
    tooltip = words.point.format(index=point.index, x=point.x, y=format_number(point.y))
    if point.sigma_signal:
        size = 6.5
        shape = _el(
            "path",
            d=f"M{x},{y - size} L{x + size},{y} L{x},{y + size} L{x - size},{y} Z",
            fill=INK,
            stroke="#ffffff",
            stroke_width="1",
            class_="signal",
        )
        tooltip += f" – {words.sigma.lower()}"
    elif not point.included:
        shape = _el(
            "circle",
            cx=x,
            cy=y,
            r="4",
            fill="#ffffff",
            stroke=INK,
            stroke_width="1.5",
            class_="ekskludert",
        )
        tooltip += f" – {words.excluded.lower()}"
    else:
        shape = _el("circle", cx=x, cy=y, r="3", fill=INK, class_="punkt")
    return f"<g>{_el('title', tooltip)}{shape}</g>"


def _data(frame: _Frame, result: ChartResult, words: Words) -> list[str]:
    out = []
    if result.x_kind != "category":
        for run in _segments(result.points, lambda p: p.y):
            coords = " ".join(f"{frame.px(p.index)},{frame.py(p.y)}" for p in run)
            out.append(
                _el(
                    "polyline",
                    points=coords,
                    fill="none",
                    stroke=GREY,
                    stroke_width="1",
                    class_="dataserie",
                )
            )
    out += [_marker(frame, p, words) for p in result.points if p.y is not None]
    for number, point in enumerate((p for p in result.points if p.note), start=1):
        y = frame.py(point.y) if point.y is not None else frame.top + 12
        out.append(
            _el(
                "text",
                f"[{number}] {point.note}",
                x=frame.px(point.index),
                y=y - 12,
                text_anchor="middle",
                font_size="10",
                font_style="italic",
                class_="notat",
            )
        )
    return out


def _legend(frame: _Frame, result: ChartResult, width: int, words: Words) -> list[str]:
    has = {
        "cl": any(p.cl is not None for p in result.points),
        "ucl": any(p.ucl is not None for p in result.points),
        "lcl": any(p.lcl is not None for p in result.points),
        "target": result.target is not None,
        "cl-signal": result.runs_signal,
    }
    entries = [
        (style, label)
        for style, label in (
            ("cl", words.cl),
            ("ucl", words.ucl),
            ("lcl", words.lcl),
            ("target", words.target),
            ("cl-signal", words.runs),
        )
        if has[style]
    ]
    x0, y = frame.right + 16, frame.top + 8
    out = ['<g class="forklaring" font-size="11">']
    for style, label in entries:
        out.append(_line(x0, y, x0 + 28, y, **STYLES[style]))
        out.append(_el("text", label, x=x0 + 34, y=y + 4))
        y += 18
    if result.sigma_signals:
        out.append(
            _el(
                "path",
                d=f"M{x0 + 14},{y - 6} L{x0 + 20},{y} L{x0 + 14},{y + 6} L{x0 + 8},{y} Z",
                fill=INK,
            )
        )
        out.append(_el("text", words.sigma, x=x0 + 34, y=y + 4))
        y += 18
    if any(not p.included for p in result.points):
        out.append(_el("circle", cx=x0 + 14, cy=y, r="4", fill="#ffffff", stroke=INK))
        out.append(_el("text", words.excluded, x=x0 + 34, y=y + 4))
        y += 18
    last = result.points[-1]
    for attr, name in (("ucl", words.ucl), ("cl", words.cl), ("lcl", words.lcl)):
        value = getattr(last, attr)
        if value is not None:
            text = words.value.format(label=name, value=format_number(value))
            out.append(_el("text", text, x=x0, y=y + 12, class_=f"verdi-{attr}"))
            y += 16
    if result.target is not None:
        text = words.value.format(label=words.target, value=format_number(result.target))
        out.append(_el("text", text, x=x0, y=y + 12, class_="verdi-target"))
    out.append("</g>")
    return out


def describe(result: ChartResult, words: Words = BOKMAL) -> str:
    """A plain-language summary (used as the SVG's ``<desc>``), bokmål by default."""
    name = words.chart_names.get(result.chart, CHART_NAMES[result.chart])
    text = [words.summary.format(name=name, points=len(result.points), parts=len(result.parts))]
    centre = [p.cl for p in result.points if p.cl is not None]
    if centre:
        text.append(words.cl_last.format(label=words.cl, value=format_number(centre[-1])))
    signals = result.sigma_signals
    if signals:
        listed = ", ".join(str(p.x) for p in signals)
        text.append(words.sigma_points.format(count=len(signals), points=listed))
    elif "shewhart_3sigma" in result.rules:
        text.append(words.no_sigma)
    runs = [str(s.part) for s in result.parts if s.runs_signal]
    if runs:
        text.append(words.runs_in.format(label=words.runs, parts=", ".join(runs)))
    elif "anhoej_longest_run" in result.rules:
        text.append(words.no_runs)
    if result.target is not None:
        text.append(
            words.value.format(label=words.target, value=format_number(result.target)) + "."
        )
    notes = [f"{p.x}: {p.note}" for p in result.points if p.note]
    if notes:
        text.append(words.notes.format(notes="; ".join(notes)))
    return " ".join(text)


def render_svg(
    result: ChartResult,
    title: str | None = None,
    y_label: str | None = None,
    x_label: str | None = None,
    width: int = 860,
    height: int = 420,
    words: Words = BOKMAL,
) -> str:
    """The chart as a standalone SVG document (UTF-8 text), worded with ``words``."""
    heading = title or words.chart_names.get(result.chart, CHART_NAMES[result.chart])
    frame = _Frame(result, width, height, has_title=True)
    parts = _parts(result)
    body = [
        _el("rect", x=0, y=0, width=width, height=height, fill="#ffffff"),
        _el("text", heading, x=frame.left, y=24, font_size="16", font_weight="bold"),
        *_axes(frame, result, x_label, y_label),
        *_phase_marks(frame, result, parts, words),
    ]
    for attr, css in (("ucl", "ovre-kontrollgrense"), ("lcl", "nedre-kontrollgrense")):
        for part in parts:
            body += _step_line(frame, part, attr, css)
    body += _centre_lines(frame, result, parts, words)
    if result.target is not None:
        y = frame.py(result.target)
        body.append(_line(frame.left, y, frame.right, y, class_="maal", **STYLES["target"]))
    body += _data(frame, result, words)
    body += _legend(frame, result, width, words)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="spc-tittel spc-beskrivelse"'
        f" font-family={quoteattr(FONT)}>"
    )
    return (
        "\n".join(
            [
                '<?xml version="1.0" encoding="UTF-8"?>',
                head,
                _el("title", heading, id="spc-tittel"),
                _el("desc", describe(result, words), id="spc-beskrivelse"),
                *body,
                "</svg>",
            ]
        )
        + "\n"
    )
