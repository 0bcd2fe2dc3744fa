"""The storyboard: one A4 landscape page (print view and PDF) and the same parts as slides."""

import io
import shutil
import subprocess
from datetime import date

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from pasientforlop.audit.models import AuditEvent
from pasientforlop.improvement.models import ChangeIdea, NamedMember, PdsaCycle, Stakeholder
from pasientforlop.improvement.services import save_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(project, manual_measure, team):
    project.description = "Tryggere hjemkomst etter sykehusopphold"
    project.save()
    project.goals.create(statement="90 % får fastlegebesøk innen dag 14", specific="Alle over 75")
    NamedMember.objects.create(team=team, name="Brita Bruker", role="user_representative")
    Stakeholder.objects.create(
        project=project, name="Fastlegene", relation="Leger", importance=5, influence=4
    )
    idea = ChangeIdea.objects.create(project=project, title="Felles utskrivningsmøte")
    cycle = PdsaCycle.objects.create(
        project=project,
        title="Møte på tirsdager",
        change_idea=idea,
        starts_on=date(2026, 3, 3),
        study="Færre glemte avtaler",
        act="Innføre på hele avdelingen",
        closed=True,
    )
    cycle.measures.add(manual_measure)
    for month in range(1, 7):
        save_value(manual_measure, date(2026, month, 1), None, numerator=month + 3, denominator=10)
    return project


def pdf_text(body: bytes, tmp_path) -> str:
    path = tmp_path / "storyboard.pdf"
    path.write_bytes(body)
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(tmp_path / "page")], check=True)
    assert (tmp_path / "page-1.png").exists()
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_the_pdf_is_one_landscape_page_with_the_teams_content(login, story, people, tmp_path):
    response = login(people.gp_a).get(f"/forbedring/prosjekt/{story.pk}/storyboard.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    for expected in (
        "Trygg hjemkomst",
        "90 % får fastlegebesøk innen dag 14",
        "Brita Bruker",
        "Felles utskrivningsmøte",
        "Møte på tirsdager",
        "Færre glemte avtaler",
        "Innføre på hele avdelingen",
    ):
        assert expected in text, expected
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "storyboard.pdf")], capture_output=True, text=True
    ).stdout
    assert "Pages:           1" in info
    assert "841.89 x 595.276 pts (A4)" in info  # landscape
    assert AuditEvent.objects.filter(object_id=str(story.pk), action="export").exists()


def test_the_slides_have_one_slide_per_part_and_charts_as_pictures(login, story, people):
    response = login(people.gp_a).get(f"/forbedring/prosjekt/{story.pk}/storyboard.pptx")
    assert response.status_code == 200
    deck = Presentation(io.BytesIO(response.content))
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles == [
        "Trygg hjemkomst",
        "Hensikt og mål",
        "Teamet",
        "Nåsituasjon",
        "Endringsideer og driverlogikk",
        "PDSA-sykluser og hva vi lærte",
        "Andel med samtale",
        "Neste steg",
    ]
    texts = {
        title: " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        for title, slide in zip(titles, deck.slides, strict=True)
    }
    assert "Brita Bruker – Brukerrepresentant" in texts["Teamet"]
    assert "Møte på tirsdager" in texts["PDSA-sykluser og hva vi lærte"]
    assert "1: PDSA: Møte på tirsdager (03.03.2026)" in texts["Andel med samtale"]
    chart_slide = deck.slides[titles.index("Andel med samtale")]
    assert any(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in chart_slide.shapes)
    assert "Innføre på hele avdelingen" in texts["Neste steg"]


def test_the_print_view_links_the_downloads(login, story, people):
    html = login(people.gp_a).get(f"/forbedring/prosjekt/{story.pk}/storyboard/").content
    html = html.decode()
    assert 'id="storyboard-pdf"' in html and 'id="storyboard-pptx"' in html
    assert "data:image/svg+xml;base64," in html and "Brita Bruker" in html


@pytest.mark.parametrize("suffix", ["storyboard/", "storyboard.pdf", "storyboard.pptx"])
def test_outsiders_get_404_and_readers_may_read(login, story, people, leader_b, suffix):
    url = f"/forbedring/prosjekt/{story.pk}/{suffix}"
    assert login(leader_b).get(url).status_code == 404
    assert login(people.nurse_b).get(url).status_code in (403, 404)
    assert login(people.leader_a).get(url).status_code == 200
