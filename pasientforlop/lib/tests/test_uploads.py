"""The probe's finding 6: uploads stop at the size limit while being read, zip containers are
checked before they are unpacked, and nothing is left on disk."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pasientforlop.lib import uploads
from pasientforlop.pathways.models import Pathway
from pasientforlop.pathways.views import imports as import_views

URL = reverse("pathways:import")


@pytest.fixture
def temp_dir(settings, tmp_path):
    folder = tmp_path / "uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


def _stored_imports() -> list[Path]:
    return list(import_views._upload_dir().glob("*"))


def test_a_50_mb_csv_is_refused_in_the_page_with_a_clear_message(login, people, temp_dir, settings):
    assert settings.UPLOAD_MAX_BYTES == 20 * 1024 * 1024  # the default
    before = _stored_imports()
    line = "4601;Hjemmetjenesten A;EPJ-1;01.01.2026;home_services_start;01.01.2026\n"
    content = (line * (50_000_000 // len(line) + 1)).encode()
    assert len(content) >= 50_000_000
    response = login(people.leader_a).post(
        URL, {"file": SimpleUploadedFile("forlop.csv", content, "text/csv")}
    )
    assert response.status_code == 200
    assert "Filen er større enn 20 MB og ble ikke lest" in response.text
    assert Pathway.objects.count() == 0
    assert list(temp_dir.iterdir()) == []
    assert _stored_imports() == before


def test_the_limit_is_a_setting_and_enforced_while_reading(settings, temp_dir, rf):
    from django.core.files.uploadhandler import StopUpload

    settings.UPLOAD_MAX_BYTES = 1000
    request = rf.post("/")
    handler = uploads.SizeLimitedUploadHandler(request)
    handler.new_file("file", "a.csv", "text/csv", 5000)
    handler.receive_data_chunk(b"x" * 600, 0)
    assert len(list(temp_dir.iterdir())) == 1  # streamed to disk
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"x" * 600, 600)
    assert getattr(request, uploads.REFUSED_ATTRIBUTE) == 1000
    assert list(temp_dir.iterdir()) == []  # what was written is gone


def _zip_bomb(unpacked: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * unpacked)
    return out.getvalue()


def test_an_xlsx_that_would_unpack_beyond_the_cap_is_refused(login, people, settings, temp_dir):
    settings.UPLOAD_MAX_UNZIPPED_BYTES = 5 * 1024 * 1024
    before = _stored_imports()
    bomb = _zip_bomb(6 * 1024 * 1024)
    assert len(bomb) < 100_000
    response = login(people.leader_a).post(
        URL, {"file": SimpleUploadedFile("forlop.xlsx", bomb, "application/zip")}
    )
    assert "pakkes ut til mer enn 5 MB" in response.text
    assert _stored_imports() == before
    assert list(temp_dir.iterdir()) == []


def test_a_suspiciously_well_compressed_file_is_refused_even_under_the_cap():
    bomb = _zip_bomb(40 * 1024 * 1024)
    with pytest.raises(uploads.UnpackedTooLarge):
        uploads.check_unpacked_size(io.BytesIO(bomb), limit=10**12)


def test_a_normal_workbook_passes_the_check():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["a", 1])
    out = io.BytesIO()
    book.save(out)
    uploads.check_unpacked_size(out)
    assert out.tell() == 0
