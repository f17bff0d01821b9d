"""Errors under /api are always JSON (404, 405, 500); other paths keep Django's pages."""

import json

import pytest
from django.test import Client, RequestFactory

from core import error_pages
from tests.support.admin_api import make_token


def _json(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return json.loads(response.content)


@pytest.mark.parametrize(
    "path",
    [
        "/api/nope",
        "/api/admin/nope",
        "/api/client/nope",
        "/api/frontend/nope/deeper",
        "/api/admin/segments/abc",
        "/api",
    ],
)
def test_unknown_api_route__any_prefix__404_json(db, path):
    response = Client().get(path)

    assert response.status_code == 404
    body = _json(response)
    assert body["name"] == "NotFoundError"
    assert body["message"]


@pytest.mark.parametrize(
    ("method", "path", "token_kind"),
    [
        ("post", "/api/client/features", "backend"),
        ("delete", "/api/client/features/some-flag", "backend"),
        ("put", "/api/frontend", "frontend"),
        ("delete", "/api/admin/ui-config", "admin"),
        ("put", "/api/admin/events", "admin"),
    ],
)
def test_wrong_method__sdk_and_admin_routes__405_json_with_allow(db, method, path, token_kind):
    secret = make_token(token_kind)

    response = getattr(Client(), method)(path, HTTP_AUTHORIZATION=secret)

    assert response.status_code == 405
    assert response["Allow"]
    body = _json(response)
    assert body["name"] == "MethodNotAllowedError"
    assert method.upper() in body["message"]


def test_server_error_handler__under_api__500_json():
    request = RequestFactory().get("/api/admin/anything")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        response = error_pages.server_error(request)

    assert response.status_code == 500
    assert _json(response)["name"] == "InternalError"


def test_server_error_handler__admin_page__django_html_500():
    request = RequestFactory().get("/admin/")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        response = error_pages.server_error(request)

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


def test_unknown_route__outside_api__django_html_404(db):
    response = Client().get("/no-such-page")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_api_success__json__untouched(db):
    secret = make_token("backend")

    response = Client().get("/api/client/features", HTTP_AUTHORIZATION=secret)

    assert response.status_code == 200
    assert "features" in _json(response)


def test_writes_refused__plain_and_drf_answers__same_503_with_its_retry_after():
    from core.api.errors import service_error_response
    from core.api.exceptions import exception_handler
    from core.errors import WritesRefused

    refused = WritesRefused("paused for the upgrade", retry_after=42)
    plain = service_error_response(refused)
    drf = exception_handler(refused, {})

    assert plain.status_code == drf.status_code == 503
    assert plain["Retry-After"] == drf["Retry-After"] == "42"
    body = json.loads(plain.content)
    assert body["message"] == drf.data["message"] == "paused for the upgrade"
    assert body["name"] == drf.data["name"]
