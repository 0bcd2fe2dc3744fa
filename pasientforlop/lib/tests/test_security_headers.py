from django.urls import reverse


def test_pages_send_a_strict_content_security_policy(client, db):
    response = client.get(reverse("accounts:login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_framing_is_denied_and_types_are_not_sniffed(client, db):
    response = client.get(reverse("accounts:login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_hsts_is_sent_over_https_only(client, db):
    assert "Strict-Transport-Security" not in client.get(reverse("accounts:login"))
    secure = client.get(reverse("accounts:login"), secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")


def test_session_and_csrf_cookies_are_httponly_or_samesite(client, people):
    from pasientforlop.test import PASSWORD

    response = client.post(reverse("accounts:login"), {"username": "nurse_a", "password": PASSWORD})
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"


def test_forms_are_refused_without_the_csrf_token(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403


def test_no_template_contains_an_inline_script_or_event_handler():
    import re
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    offenders = []
    for path in templates.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+=", text):
            offenders.append(str(path.relative_to(templates)))
    assert offenders == []
