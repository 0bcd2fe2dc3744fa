"""The OpenAPI document and the browsable docs: open without log-in, no inline script."""

import re

from django.contrib.staticfiles import finders


def test_the_openapi_document_is_public_and_describes_the_api(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/pathways/{pk}" in schema["paths"]
    problem = schema["paths"]["/api/patients"]["get"]["responses"]["403"]["content"]
    assert list(problem) == ["application/problem+json"]


def test_the_docs_page_uses_our_own_swagger_ui_without_inline_script(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "interop/swagger-init.js" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "https://" not in html
    assert finders.find("vendor/swagger-ui/swagger-ui-bundle.js")
    assert finders.find("interop/swagger-init.js")
