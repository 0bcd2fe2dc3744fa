"""The import page: upload, preview, confirm; only unit leaders, only their municipalities."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pasientforlop.audit.models import AuditAction, AuditEvent
from pasientforlop.pathways.models import Pathway
from pasientforlop.pathways.tests.test_import_pathways import GOOD, counts, csv_text
from pasientforlop.pathways.views import imports as import_views

URL = reverse("pathways:import")


def upload(client, text, name="forlop.csv", encoding="utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return client.post(URL, {"file": SimpleUploadedFile(name, data, "text/csv")})


def test_anonymous_users_are_sent_to_log_in(client, db):
    assert client.get(URL).status_code == 302


def test_clinicians_and_gps_get_403(login, people):
    assert login(people.nurse_a).get(URL).status_code == 403
    assert login(people.gp_a).get(URL).status_code == 403


def test_a_unit_leader_uploads_sees_a_preview_and_confirms(login, people):
    client = login(people.leader_a)
    assert client.get(URL).status_code == 200
    preview = upload(client, csv_text(GOOD))
    assert preview.status_code == 200
    assert "Hjemmetjenesten A" in preview.text and preview.context["token"]
    assert preview.context["report"].new_pathways == 2
    assert counts() == (0, 0, 0, 0)
    done = client.post(URL, {"token": preview.context["token"]}, follow=True)
    assert Pathway.objects.count() == 2
    assert "Importerte 10 rader: 2 nye forløp" in done.text
    assert AuditEvent.objects.get(action=AuditAction.IMPORT).actor == people.leader_a
    assert list((import_views._upload_dir()).glob("*.csv")) == []


def test_a_preview_token_works_once_and_only_for_its_uploader(login, people):
    client = login(people.leader_a)
    token = upload(client, csv_text(GOOD)).context["token"]
    client.post(URL, {"token": token})
    again = client.post(URL, {"token": token}, follow=True)
    assert "Last opp fila på nytt" in again.text
    assert client.post(URL, {"token": "forged"}, follow=True).status_code == 200
    assert Pathway.objects.count() == 2


def test_bad_rows_are_listed_and_nothing_can_be_confirmed(login, people):
    client = login(people.leader_a)
    response = upload(client, csv_text([*GOOD, "P9,municipal,4601,X,gp_vist,2026-01-05,,"]))
    assert "Linje 12: ukjent steg «gp_vist»" in response.text
    assert not response.context["token"] and 'name="token"' not in response.text
    assert counts() == (0, 0, 0, 0)


def test_an_outsider_organisations_leader_gets_those_rows_refused(login, people):
    people.leader_a.memberships.update(organisation=people.unit_b)
    response = upload(login(people.leader_a), csv_text(GOOD))
    assert "du kan ikke importere for kommune «4601»" in response.text
    assert not response.context["token"] and counts() == (0, 0, 0, 0)


def test_a_file_that_is_not_utf8_csv_gets_a_clear_message(login, people):
    client = login(people.leader_a)
    latin1 = upload(client, csv_text(["Ø"]), encoding="latin-1")
    assert "ikke tekst i UTF-8" in latin1.text
    binary = upload(client, b"PK\x03\x04\x00\x00binary", name="forlop.csv")
    assert "ikke en tekstfil" in binary.text
    wrong_type = upload(client, "x", name="forlop.xlsx")
    assert "CSV-fil" in wrong_type.text
    assert counts() == (0, 0, 0, 0)


def test_a_file_over_the_upload_limit_is_refused(login, people, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = csv_text(GOOD) + "\n" * (2 * 1024 * 1024)
    response = upload(login(people.leader_a), big)
    assert "større enn 1 MB" in response.text and counts() == (0, 0, 0, 0)
