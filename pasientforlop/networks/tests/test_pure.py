"""The pure modules: suppression, the standard timeline, file types and the SVG charts."""

import io
import subprocess
import sys
import zipfile
from datetime import date

from pasientforlop.networks import filetypes, svg, timeline
from pasientforlop.networks.suppress import suppress

PURE = ["suppress", "timeline", "filetypes", "svg", "multiples"]


def test_counts_under_five_are_suppressed():
    assert [suppress(n) for n in (0, 1, 4, 5, 17)] == ["<5", "<5", "<5", "5", "17"]
    assert suppress(None) == ""


def test_the_template_has_the_standard_shape():
    entries = timeline.standard(date(2026, 1, 1))
    kinds = [(e.kind, e.number) for e in entries]
    assert kinds == [
        ("preparation", 0),
        ("network_period", 0),
        ("gathering", 1),
        ("gathering", 2),
        ("gathering", 3),
        ("gathering", 4),
        ("national_conference", 0),
        ("experience_gathering", 0),
    ]
    prep, period, g1, g2, g3, g4, _conference, experience = entries
    assert (prep.starts_on, prep.ends_on) == (date(2026, 1, 1), date(2026, 3, 31))
    assert (period.starts_on, period.ends_on) == (date(2026, 4, 1), date(2027, 10, 1))
    assert [g.starts_on for g in (g1, g2, g3, g4)] == [
        date(2026, 4, 1),
        date(2026, 10, 1),
        date(2027, 4, 1),
        date(2027, 10, 1),
    ]
    assert g1.ends_on == date(2026, 4, 2)
    assert experience.starts_on == date(2028, 10, 1)


def test_adding_months_clamps_to_the_end_of_the_month():
    assert timeline.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert timeline.add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def _zip(names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    buffer.seek(0)
    return buffer


def test_file_types_are_told_by_content_not_name():
    assert filetypes.detect(io.BytesIO(b"%PDF-1.7 ..."), "a.pdf") is filetypes.PDF
    assert filetypes.detect(io.BytesIO(b"<html><script>"), "a.pdf") is None
    assert filetypes.detect(io.BytesIO(b"%PDF-1.7"), "a.html") is None
    assert filetypes.detect(io.BytesIO(b"\x89PNG\r\n\x1a\n...."), "b.png") is filetypes.PNG
    docx = _zip(["[Content_Types].xml", "word/document.xml"])
    assert filetypes.detect(docx, "c.docx") is filetypes.DOCX
    assert filetypes.detect(_zip(["evil.exe"]), "c.docx") is None
    assert filetypes.detect(io.BytesIO(filetypes.OLE + b"...."), "d.xls") is filetypes.XLS


def test_the_time_split_chart_labels_hours_and_uses_patterns():
    chart = svg.time_split(
        [svg.Row("Samling 1", (180, 225, 330))],
        ["Prosjektgruppa", "Eksterne", "Gruppearbeid"],
        title="Tidsbruk",
        description="d",
    )
    assert chart.startswith("<svg") and "<title" in chart
    assert "3 t" in chart and "3,75 t" in chart and "5,5 t" in chart
    assert "url(#ts-hatch)" in chart and "url(#ts-dots)" in chart
    assert svg.hours(105) == "1,75 t"
    # Every label is dark text on its own white box, never white text on a pattern.
    assert chart.count('class="ts-label"') == 3 and 'fill="#ffffff">' not in chart


def test_the_national_timeline_draws_a_bar_per_network():
    chart = svg.timeline(
        [svg.Span("Agder <2016>", date(2016, 1, 1), date(2018, 12, 31), (date(2016, 5, 1),))],
        title="t",
        description="d",
    )
    assert "Agder &lt;2016&gt;" in chart and "2017" in chart


def test_the_pure_modules_do_not_import_django():
    code = "; ".join(f"import pasientforlop.networks.{m}" for m in PURE)
    code += "; import sys; assert not any(n.startswith('django') for n in sys.modules), 'django'"
    subprocess.run([sys.executable, "-c", code], check=True)
