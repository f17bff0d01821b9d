"""CORS on /api/frontend*: pre-flights, allowed origins, exposed ETag."""

import pytest

from flags.services import token_create

pytestmark = pytest.mark.django_db

ORIGIN = "https://app.example.com"
REQUESTED = "authorization,content-type,if-none-match,unleash-appname,unleash-sdk"


@pytest.fixture
def token(system_actor, production):
    _, secret = token_create(
        name="web", type="frontend", actor=system_actor, environment=production, projects=["*"]
    )
    return secret


def _preflight(client, path="/api/frontend", origin=ORIGIN):
    return client.options(
        path,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS=REQUESTED,
    )


def test_preflight__default_origins__204_reflecting_origin_and_headers(client):
    response = _preflight(client)

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert response["Access-Control-Allow-Headers"] == REQUESTED
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert response["Access-Control-Allow-Credentials"] == "true"
    assert "Origin" in response["Vary"]


def test_preflight__metrics_path__answered_without_token(client):
    assert _preflight(client, "/api/frontend/client/metrics").status_code == 204


def test_get__allowed_origin__etag_exposed(client, token):
    response = client.get("/api/frontend", HTTP_AUTHORIZATION=token, HTTP_ORIGIN=ORIGIN)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert response["Access-Control-Expose-Headers"] == "ETag"
    assert "Origin" in response["Vary"]


def test_get__unauthorised__still_carries_cors_so_the_browser_sees_401(client):
    response = client.get("/api/frontend", HTTP_ORIGIN=ORIGIN)

    assert response.status_code == 401
    assert response["Access-Control-Allow-Origin"] == ORIGIN


def test_origins_configured__other_origin__no_allow_origin(client, token, settings):
    settings.FRONTEND_API_ORIGINS = ["https://good.example"]

    good = _preflight(client, origin="https://good.example")
    bad = _preflight(client, origin="https://evil.example")

    assert good["Access-Control-Allow-Origin"] == "https://good.example"
    assert "Access-Control-Allow-Origin" not in bad
    assert "Access-Control-Allow-Headers" not in bad


def test_other_paths__no_cors_headers(client):
    response = client.get("/health", HTTP_ORIGIN=ORIGIN)

    assert "Access-Control-Allow-Origin" not in response
