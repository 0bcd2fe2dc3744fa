"""Access on need (tilgang ved behov) and the privacy officer's access review."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pasientforlop.accounts.choices import OrganisationKind, Role, UnitKind
from pasientforlop.accounts.models import Membership, Organisation, User
from pasientforlop.audit.models import AccessOnNeed, AuditAction, AuditEvent
from pasientforlop.pathways.tests.factories import make_patient
from pasientforlop.test import PASSWORD


@pytest.fixture
def patient(people):
    """Served by another unit of municipality A: nurse_a has no care relation."""
    north = Organisation.objects.create(
        kind=OrganisationKind.UNIT,
        name="Hjemmetjenesten Nord",
        parent=people.municipality_a,
        unit_kind=UnitKind.HOME_SERVICES,
    )
    patient = make_patient(people.municipality_a, "Sigrid Sveip")
    patient.unit = north
    patient.save()
    return patient


def _page(patient):
    return reverse("audit:access_on_need", args=[patient.pk])


def test_without_a_relation_the_record_sends_to_the_access_on_need_page(login, people, patient):
    response = login(people.nurse_a).get(reverse("pathways:patient", args=[patient.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(_page(patient))
    page = login(people.nurse_a).get(response["Location"])
    assert "Sigrid Sveip" in page.text and "1965" in page.text
    assert "15076500565" not in page.text  # name and birth year only
    assert AuditEvent.objects.filter(
        actor=people.nurse_a, patient_id=patient.pk, action=AuditAction.NO_RELATION
    ).exists()


def test_a_reasonless_request_is_refused_and_opens_nothing(login, people, patient):
    client = login(people.nurse_a)
    response = client.post(_page(patient), {"reason": ""})
    assert "Velg hvorfor du må åpne journalen." in response.text
    response = client.post(_page(patient), {"reason": "annet", "text": "   "})
    assert "Forklar hvorfor når du velger «Annet»." in response.text
    response = client.post(_page(patient), {"reason": "tull"})
    assert response.status_code == 200 and not AccessOnNeed.objects.exists()
    assert client.get(reverse("pathways:patient", args=[patient.pk])).status_code == 302


def test_a_stated_reason_opens_the_record_for_eight_hours_and_flags_every_read(
    login, people, patient
):
    client = login(people.nurse_a)
    going = reverse("whatmatters:plan", args=[patient.pk])
    response = client.post(
        _page(patient), {"reason": "annet", "text": "Ringt av pårørende", "neste": going}
    )
    assert response["Location"] == going
    grant = AccessOnNeed.objects.get()
    assert grant.text == "Ringt av pårørende"
    assert grant.expires_at - grant.granted_at == timedelta(hours=8)
    granted = AuditEvent.objects.get(action=AuditAction.ACCESS_ON_NEED)
    assert granted.patient_id == patient.pk and "tilgang ved behov" in granted.reason
    assert "Ringt av" not in str(granted.after)  # the explanation stays with the grant
    assert client.get(going).status_code == 200
    read = AuditEvent.objects.filter(action=AuditAction.VIEW, patient_id=patient.pk).latest("id")
    assert "tilgang ved behov" in read.reason


def test_an_off_site_next_address_is_not_followed(login, people, patient):
    response = login(people.nurse_a).post(
        _page(patient), {"reason": "akutt", "neste": "https://example.com/"}
    )
    assert response["Location"] == reverse("pathways:patient", args=[patient.pk])


def test_an_expired_access_window_opens_nothing(login, people, patient):
    long_ago = timezone.now() - timedelta(hours=9)
    AccessOnNeed.objects.create(
        user=people.nurse_a,
        patient=patient,
        reason="vikar",
        granted_at=long_ago,
        expires_at=long_ago + timedelta(hours=8),
    )
    client = login(people.nurse_a)
    response = client.get(reverse("pathways:patient", args=[patient.pk]))
    assert response["Location"].startswith(_page(patient))
    assert "utløpt" in client.get(_page(patient)).text


def test_another_municipality_gets_404_and_no_grant(login, people, patient):
    client = login(people.nurse_b)
    assert client.get(_page(patient)).status_code == 404
    assert client.post(_page(patient), {"reason": "akutt"}).status_code == 404
    assert login(people.discharge).post(_page(patient), {"reason": "akutt"}).status_code == 404
    assert not AccessOnNeed.objects.exists()


def test_a_related_user_goes_straight_to_the_record(login, people, patient):
    colleague = User.objects.create_user("nurse_north", password=PASSWORD)
    Membership.objects.create(user=colleague, organisation=patient.unit, role=Role.CLINICIAN)
    response = login(colleague).get(_page(patient))
    assert response["Location"] == reverse("pathways:patient", args=[patient.pk])
    assert not AccessOnNeed.objects.exists()


# --- the review ---------------------------------------------------------------------------


def _grant(people, patient, **extra):
    now = timezone.now()
    return AccessOnNeed.objects.create(
        user=people.nurse_a,
        patient=patient,
        reason="akutt",
        granted_at=now,
        expires_at=now + timedelta(hours=8),
        **extra,
    )


def test_the_privacy_officer_reviews_with_a_note_and_the_counts_follow(login, people, patient):
    grant = _grant(people, patient)
    client = login(people.privacy_a)
    page = client.get(reverse("audit:review"))
    assert page.context["counts"]["open"] == 1 and "Sigrid Sveip" in page.text
    client.post(reverse("audit:review_grant", args=[grant.pk]), {"note": "I orden"})
    grant.refresh_from_db()
    assert grant.reviewed_by == people.privacy_a and grant.review_note == "I orden"
    page = client.get(reverse("audit:review"))
    assert page.context["counts"]["open"] == 0
    assert page.context["counts"]["reviewed_month"] == 1
    assert AuditEvent.objects.filter(action=AuditAction.REVIEW, patient_id=patient.pk).exists()


def test_only_the_privacy_officer_of_the_municipality_reviews(login, people, patient):
    grant = _grant(people, patient)
    for who in (people.nurse_a, people.leader_a, people.admin, people.gp_a):
        client = login(who)
        assert client.get(reverse("audit:review")).status_code == 403
        assert client.post(reverse("audit:review_grant", args=[grant.pk])).status_code == 403
    officer_b = User.objects.create_user("officer_b", password=PASSWORD)
    Membership.objects.create(
        user=officer_b, organisation=people.municipality_b, role=Role.PRIVACY_OFFICER
    )
    client = login(officer_b)
    assert "Sigrid" not in client.get(reverse("audit:review")).text
    assert client.post(reverse("audit:review_grant", args=[grant.pk])).status_code == 404
    assert client.get(reverse("audit:employee_trail", args=[people.nurse_a.pk])).status_code == 404
    grant.refresh_from_db()
    assert grant.reviewed_at is None


def test_the_employee_trail_shows_what_the_employee_did(login, people, patient):
    login(people.nurse_a).post(_page(patient), {"reason": "vikar"})
    client = login(people.privacy_a)
    response = client.get(reverse("audit:review"), {"ansatt": "nurse_a"})
    assert response["Location"] == reverse("audit:employee_trail", args=[people.nurse_a.pk])
    page = client.get(response["Location"])
    assert "Åpnet ved tilgang ved behov" in page.text
    assert page.context["counts"]["grants"] == 1


def test_the_monthly_sample_is_the_same_each_time_and_lists_the_openings(login, people, patient):
    from pasientforlop.pathways.tests.factories import make_pathway

    other = make_patient(people.municipality_a, "Per Hansen", national_id="01017012345")
    pathway = make_pathway(people, patient=other)
    nurse = login(people.nurse_a)
    for _ in range(30):
        nurse.get(reverse("pathways:timeline", args=[pathway.pk]))
    _grant(people, patient)
    client = login(people.privacy_a)
    first = client.get(reverse("audit:sample"))
    second = client.get(reverse("audit:sample"))
    assert first.context["counts"]["grants"] == 1 and "Sigrid Sveip" in first.text
    assert first.context["counts"]["sampled"] == 20
    assert [e.pk for e in first.context["sampled"]] == [e.pk for e in second.context["sampled"]]


def test_audit_pages_never_show_a_full_national_id(login, people, patient):
    login(people.nurse_a).get(reverse("pathways:patients"), {"q": "15076500565"})
    from pasientforlop.audit.log import record

    class Request:
        user = people.nurse_a
        META = {}
        id = "x" * 8

    record(Request(), AuditAction.VIEW, object_type="test", reason="søk 150765 00565")
    page = login(people.admin).get(reverse("audit:search"))
    assert page.status_code == 200
    assert "15076500565" not in page.text and "150765 00565" not in page.text
    assert "150765*****" in page.text
    assert not AuditEvent.objects.filter(reason__contains="15076500565").exists()
