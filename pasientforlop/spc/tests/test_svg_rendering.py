import xml.etree.ElementTree as ET

from pasientforlop.spc import qic, render_svg
from pasientforlop.spc.png import PNG_SIGNATURE, to_png

SVG = "{http://www.w3.org/2000/svg}"
Y = [10, 11, 10, 12, 11, 10, 11, 12, 10, 11, 14, 15, 14, 16, 15, 14, 15, 16, 14, 30]


def _chart(**options):
    notes = [None] * 20
    notes[10] = "Nytt tiltak"
    result = qic(list(range(1, 21)), Y, chart="i", freeze=10, target=13, notes=notes, **options)
    return result, render_svg(result, title="Ventetid", y_label="Dager", x_label="Uke")


def _classes(root, css):
    return [e for e in root.iter() if css in (e.get("class") or "").split()]


def test_the_svg_parses_and_is_accessible():
    _, svg = _chart()
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Ventetid"
    description = root.find(f"{SVG}desc").text
    assert "I-diagram" in description and "utenfor kontrollgrensene" in description


def test_it_draws_centre_line_limits_and_target():
    _, svg = _chart()
    root = ET.fromstring(svg.encode("utf-8"))
    assert _classes(root, "senterlinje")
    assert _classes(root, "ovre-kontrollgrense") and _classes(root, "nedre-kontrollgrense")
    target = _classes(root, "maal")
    assert target and target[0].get("stroke-dasharray")
    for label in ("Senterlinje", "Øvre kontrollgrense", "Nedre kontrollgrense", "Mål"):
        assert label in svg


def test_signal_points_and_the_runs_signal_are_marked_without_colour():
    result, svg = _chart()
    root = ET.fromstring(svg.encode("utf-8"))
    assert len(_classes(root, "signal")) == len(result.sigma_signals) > 0
    assert all(e.tag == f"{SVG}path" for e in _classes(root, "signal"))  # diamond marker
    assert result.runs_signal
    dashed = _classes(root, "serie-signal")
    assert dashed and dashed[0].get("stroke-dasharray")
    assert _classes(root, "serie-signal-merke")[0].text.endswith("Seriesignal (Anhøj)")


def test_phases_notes_and_excluded_points_are_shown():
    _, svg = _chart(exclude=[3])
    root = ET.fromstring(svg.encode("utf-8"))
    assert [e.text for e in _classes(root, "fase-etikett")] == ["Utgangsnivå", "Etter utgangsnivå"]
    assert "Nytt tiltak" in _classes(root, "notat")[0].text
    assert len(_classes(root, "ekskludert")) == 1
    parts = qic(list(range(1, 21)), Y, chart="i", part=[10])
    root = ET.fromstring(render_svg(parts).encode("utf-8"))
    assert [e.text for e in _classes(root, "fase-etikett")] == ["Fase 1", "Fase 2"]


def test_text_is_escaped():
    result = qic([1, 2, 3], [1, 2, 3], notes=["a < b & c", None, None])
    root = ET.fromstring(render_svg(result, title="<Tittel>").encode("utf-8"))
    assert root.find(f"{SVG}title").text == "<Tittel>"


def test_png_export_gives_png_bytes():
    _, svg = _chart()
    png = to_png(svg)
    assert png.startswith(PNG_SIGNATURE)
    assert len(png) > 5000


def test_it_labels_monthly_x_in_norwegian_and_dates_as_day_month_year():
    from pasientforlop.spc.axis import x_labels

    assert x_labels(["2026-01-01", "2026-11-01"]) == ["jan. 2026", "nov. 2026"]
    assert x_labels(["2026-11-24", "2026-12-01"]) == ["24.11.2026", "01.12.2026"]
    assert x_labels([1, 2]) == ["1", "2"]
    assert x_labels(["uke 1", "uke 2"]) == ["uke 1", "uke 2"]


def test_the_legend_writes_every_line_out_without_abbreviations():
    _, svg = _chart()
    root = ET.fromstring(svg.encode("utf-8"))
    values = [e.text for e in root.iter() if (e.get("class") or "").startswith("verdi-")]
    assert [v.split(":")[0] for v in values] == [
        "Øvre kontrollgrense",
        "Senterlinje",
        "Nedre kontrollgrense",
        "Målverdi",
    ]
    for abbreviation in ("ØKG", "NKG", ">SL "):
        assert abbreviation not in svg


def test_a_page_can_word_the_chart_in_its_own_language():
    from pasientforlop.spc.svg import Words

    result, _ = _chart()
    words = Words(
        cl="Centre line",
        ucl="Upper control limit",
        lcl="Lower control limit",
        target="Target value",
        baseline="Baseline period",
        after_baseline="After the baseline period",
        summary="{name} with {points} points in {parts} phase(s).",
        chart_names={"i": "I chart"},
    )
    svg = render_svg(result, words=words)
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.find(f"{SVG}title").text == "I chart"
    assert root.find(f"{SVG}desc").text.startswith("I chart with 20 points in 1 phase(s).")
    assert "Upper control limit: " in svg and "Øvre kontrollgrense" not in svg
    assert [e.text for e in _classes(root, "fase-etikett")] == [
        "Baseline period",
        "After the baseline period",
    ]
