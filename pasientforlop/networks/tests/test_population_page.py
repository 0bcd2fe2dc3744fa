"""Population figures can be imported on a page as well as on the command line."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pasientforlop.audit.models import AuditEvent
from pasientforlop.networks.models import Population

pytestmark = pytest.mark.django_db


def upload(text: str, name="folketall.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_the_coordinator_imports_population_figures(login, people):
    number = people.municipality_a.number
    csv = f"municipality,population\n{number},12 345\nAtlantis,10\n"
    page = login(people.coordinator).post("/nettverk/folketall/", {"file": upload(csv)})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Atlantis" in html.split('id="population-result"')[1]
    assert Population.objects.get(organisation=people.municipality_a).inhabitants == 12345
    assert AuditEvent.objects.filter(object_type="networks.population", action="import").exists()


def test_a_bad_file_is_refused_with_its_line(login, people):
    csv = "municipality,population\nKommune A,mange\n"
    page = login(people.coordinator).post("/nettverk/folketall/", {"file": upload(csv)})
    assert "Linje 2: folketallet må være et heltall." in page.content.decode()
    assert not Population.objects.exists()


def test_only_coordinators_may_import(login, people):
    assert login(people.leader_a).get("/nettverk/folketall/").status_code == 403
