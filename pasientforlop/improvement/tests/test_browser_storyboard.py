"""In the browser: a team member links a PDSA cycle to a measure and sees it on the chart
without re-typing it, then downloads the project's storyboard as PDF and as slides."""

import io
import subprocess
from datetime import date

import pytest
from pptx import Presentation

from pasientforlop.improvement.models import ChangeIdea, NamedMember
from pasientforlop.improvement.services import save_value
from pasientforlop.lib.dates import today_oslo

pytestmark = pytest.mark.browser


def test_a_pdsa_cycle_on_the_chart_and_the_storyboard_downloads(
    page, people, team, project, manual_measure, improver, tmp_path
):
    first = date(today_oslo().year - 1, 1, 1)
    manual_measure.first_period = first
    manual_measure.chart_type = "p"
    manual_measure.save()
    for month in range(1, 10):
        save_value(
            manual_measure,
            date(first.year, month, 1),
            None,
            numerator=3 + month % 3,
            denominator=10,
        )
    project.goals.create(statement="80 % har samtale før utskrivning")
    ChangeIdea.objects.create(project=project, title="Samtale dagen før")
    NamedMember.objects.create(team=team, name="Brita Bruker", role="user_representative")

    page.log_in(improver.username)
    page.goto(f"/forbedring/team/{team.pk}/medlemmer/")
    assert "Brita Bruker" in page.locator("#named-members").inner_text()
    page.goto(f"/forbedring/prosjekt/{project.pk}/pdsa/ny/")
    page.fill("#id_title", "Samtale på tirsdager")
    page.select_option("#id_change_idea", label="Samtale dagen før")
    page.fill("#id_starts_on", date(first.year, 5, 10).isoformat())
    page.fill("#id_study", "Flere fikk samtale")
    page.check(f"input[name=measures][value='{manual_measure.pk}']")
    page.check("#id_starts_phase")
    page.submit("main button[type=submit]")

    page.goto(f"/forbedring/maling/{manual_measure.pk}/")
    figure = page.locator("main figure svg").inner_html()
    assert "1  PDSA: Samtale på tirsdager (10.05." in figure
    assert "Etter Samtale dagen før" in figure
    markers = page.locator("#chart-markers").inner_text()
    assert "PDSA: Samtale på tirsdager" in markers
    assert page.locator(".fb-mdc").count() == 1

    page.goto(f"/forbedring/prosjekt/{project.pk}/")
    with page.expect_navigation():
        page.click("#storyboard-link")
    page.check_accessibility()
    assert "Brita Bruker" in page.locator("main").inner_text()

    with page.expect_download() as info:
        page.click("#storyboard-pdf")
    pdf = tmp_path / "storyboard.pdf"
    pdf.write_bytes(open(info.value.path(), "rb").read())
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdf), str(tmp_path / "p")], check=True)
    assert (tmp_path / "p-1.png").exists()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "80 % har samtale før utskrivning" in text and "Samtale på tirsdager" in text

    with page.expect_download() as info:
        page.click("#storyboard-pptx")
    deck = Presentation(io.BytesIO(open(info.value.path(), "rb").read()))
    slides = {s.shapes.title.text: s for s in deck.slides}
    assert project.name in slides and manual_measure.name in slides
    team_text = " ".join(s.text_frame.text for s in slides["Teamet"].shapes if s.has_text_frame)
    assert "Brita Bruker" in team_text
