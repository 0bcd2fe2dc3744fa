"""Gatherings: programme and time split, attendance, materials, the evaluation survey."""

import io
import zipfile

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pasientforlop.accounts.models import User
from pasientforlop.audit.models import AuditEvent
from pasientforlop.lib.dates import today_oslo
from pasientforlop.networks import filetypes
from pasientforlop.networks.models import Attendance, Material, SurveyResponse
from pasientforlop.networks.tests.factories import PDF


def test_programme_items_give_the_time_split(world, people, login):
    client = login(people.coordinator)
    url = reverse("networks:programme_item_new", args=[world.gathering.pk])
    for title, kind, minutes in [
        ("Velkommen", "project_talk", 180),
        ("Forbedringsmodellen", "external_talk", 225),
        ("Gruppearbeid", "group_work", 330),
    ]:
        response = client.post(
            url, {"title": title, "speaker": "Nina", "kind": kind, "minutes": minutes}
        )
        assert response.status_code == 302
    body = client.get(reverse("networks:gathering", args=[world.gathering.pk])).content.decode()
    assert "3,75 t" in body and "5,5 t" in body and "12,25 t" in body
    assert "<svg" in body and "url(#ts-hatch)" in body
    overview = client.get(reverse("networks:network", args=[world.network.pk])).content.decode()
    assert "12,25 t" in overview
    assert AuditEvent.objects.filter(object_type="networks.programmeitem").count() == 3


def test_a_programme_item_needs_a_sensible_duration(world, people, login):
    client = login(people.coordinator)
    url = reverse("networks:programme_item_new", args=[world.gathering.pk])
    response = client.post(url, {"title": "x", "kind": "group_work", "minutes": 0})
    assert response.status_code == 200 and not world.gathering.programme.exists()


def test_attendance_is_recorded_from_the_teams(world, people, login):
    client = login(people.coordinator)
    url = reverse("networks:attendance", args=[world.gathering.pk])
    assert "Leader_A" in client.get(url).content.decode()
    client.post(url, {"present": [str(people.leader_a.pk), str(people.nurse_b.pk)]})
    assert list(Attendance.objects.values_list("user__username", flat=True)) == ["leader_a"]


def upload(client, gathering, name, content, title="Lysark"):
    return client.post(
        reverse("networks:material_new", args=[gathering.pk]),
        {"title": title, "upload": SimpleUploadedFile(name, content)},
    )


def test_a_pdf_is_stored_and_downloaded_as_an_attachment(world, people, login, client):
    coordinator = login(people.coordinator)
    assert upload(coordinator, world.gathering, "lysark.pdf", PDF).status_code == 302
    material = Material.objects.get(title="Lysark")
    assert material.content_type == "application/pdf" and material.size == len(PDF)
    assert "lysark" not in material.file.name  # stored under a name of our own
    response = coordinator.get(reverse("networks:material_download", args=[material.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response.content == PDF
    client.logout()
    url = reverse("networks:material_download", args=[material.pk])
    assert login(people.nurse_b).get(url).status_code == 404
    client.logout()
    assert login(people.gp_a).get(url).status_code == 403


def test_too_large_or_wrong_files_are_refused_with_the_reason(world, people, login, monkeypatch):
    client = login(people.coordinator)
    response = upload(client, world.gathering, "side.pdf", b"<html><script>alert(1)</script>")
    assert response.status_code == 200 and "PDF" in response.content.decode()
    response = upload(client, world.gathering, "bilde.svg", b"<svg onload='x'/>")
    assert response.status_code == 200
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", "MZ")
    response = upload(client, world.gathering, "dokument.docx", buffer.getvalue())
    assert response.status_code == 200
    big = PDF + b"0" * (filetypes.MAX_BYTES + 1 - len(PDF))
    response = upload(client, world.gathering, "stor.pdf", big)
    assert response.status_code == 200 and "20 MB" in response.content.decode()
    assert Material.objects.filter(title="Lysark").count() == 0


def test_a_link_is_a_material_too(world, people, login):
    client = login(people.coordinator)
    client.post(
        reverse("networks:material_new", args=[world.gathering.pk]),
        {"title": "Opptak", "url": "https://example.org/opptak"},
    )
    assert Material.objects.filter(url="https://example.org/opptak").exists()


def test_the_survey_is_sent_answered_and_summarised(world, people, login, client):
    people.leader_a.email = "leader_a@example.org"
    people.leader_a.save()
    gathering = world.gathering
    gathering.survey_sent_at = None
    gathering.starts_on = gathering.ends_on = today_oslo()  # the evaluation opens at the start
    gathering.save()
    coordinator = login(people.coordinator)
    coordinator.post(reverse("networks:survey_send", args=[gathering.pk]))
    assert [m.to for m in mail.outbox] == [["leader_a@example.org"]]
    client.logout()
    leader = login(people.leader_a)
    assert "evaluering" in leader.get(reverse("networks:index")).content.decode()
    response = leader.post(
        reverse("networks:survey", args=[gathering.pk]),
        {"overall": 5, "relevance": 4, "balance": 3, "went_well": "Gruppearbeidet"},
    )
    assert response.status_code == 302
    assert SurveyResponse.objects.get(user=people.leader_a).overall == 5
    client.logout()
    body = login(people.coordinator).get(reverse("networks:gathering", args=[gathering.pk]))
    text = body.content.decode()
    assert "&lt;5" in text
    assert "Gruppearbeidet" not in text  # free text only from 5 answers
    # With five answers the means and the free text are shown.
    for n in range(4):
        user = User.objects.create_user(f"deltaker{n}")
        Attendance.objects.create(milestone=gathering, user=user)
        SurveyResponse.objects.create(
            milestone=gathering, user=user, overall=3, relevance=4, balance=5, improve="Mer tid"
        )
    text = login(people.coordinator).get(reverse("networks:gathering", args=[gathering.pk]))
    text = text.content.decode()
    assert "Gruppearbeidet" in text and "3,4" in text


def test_only_attendees_answer_the_survey(world, people, login):
    response = login(people.coordinator).get(reverse("networks:survey", args=[world.gathering.pk]))
    assert response.status_code == 403
