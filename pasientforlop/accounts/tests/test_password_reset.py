import re

from django.core import mail
from django.urls import reverse

from pasientforlop.audit.models import AuditAction, AuditEvent


def _request_link(client, people):
    people.nurse_a.email = "nurse@example.invalid"
    people.nurse_a.save()
    client.post(reverse("accounts:password_reset"), {"email": "nurse@example.invalid"})
    assert len(mail.outbox) == 1
    return re.search(r"http://testserver(/passord/ny/\S+/)", mail.outbox[0].body).group(1)


def test_a_reset_link_sets_a_new_password_once(client, people):
    link = _request_link(client, people)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    new = "another-long-pass-phrase"
    final_url = form_page.redirect_chain[-1][0]
    client.post(final_url, {"new_password1": new, "new_password2": new})
    people.nurse_a.refresh_from_db()
    assert people.nurse_a.check_password(new)
    assert AuditEvent.objects.filter(
        action=AuditAction.PASSWORD_CHANGE, actor=people.nurse_a
    ).exists()
    reused = client.get(link, follow=True)
    assert not reused.context["validlink"]
    assert "er brukt eller har utløpt" in reused.text


def test_an_expired_link_is_refused(client, people, settings):
    link = _request_link(client, people)
    settings.PASSWORD_RESET_TIMEOUT = -1
    assert not client.get(link, follow=True).context["validlink"]


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.invalid"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET_REQUESTED).exists()
