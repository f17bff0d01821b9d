"""CORS on /api/frontend*: pre-flights, allowed origins, exposed ETag."""

import json
from pathlib import Path

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


UNLEASH = json.loads(
    (Path(__file__).parents[2] / "fixtures/unleash_8_2/cors/unleash_answers.json").read_text()
)


def _items(value: str) -> list[str]:
    return [item.strip().lower() for item in value.split(",") if item.strip()]


@pytest.mark.parametrize("case", sorted(UNLEASH))
def test_cors__same_requests_as_recorded__unleash_8_2_status_and_headers(client, token, case):
    recorded = UNLEASH[case]
    request = recorded["request"]
    headers = {
        "HTTP_" + name.upper().replace("-", "_"): value.replace("{token}", token)
        for name, value in request["headers"].items()
    }
    response = client.generic(request["method"], request["path"], **headers)
    ours = {n.lower(): v for n, v in response.items() if n.lower().startswith("access-control-")}
    theirs = dict(recorded["answer"]["headers"])
    their_vary = set(_items(theirs.pop("vary")))

    assert response.status_code == recorded["answer"]["status"]
    assert ours.keys() == theirs.keys()
    # Unleash answers its default origins with a literal "*"; we reflect the origin, which a
    # browser also accepts together with Allow-Credentials (a literal "*" it would refuse).
    assert theirs.pop("access-control-allow-origin") == "*"
    assert ours.pop("access-control-allow-origin") == request["headers"]["Origin"]
    assert {n: _items(v) for n, v in ours.items()} == {n: _items(v) for n, v in theirs.items()}
    cors_vary = their_vary & {"origin", "access-control-request-headers"}
    assert cors_vary <= set(_items(response["Vary"]))
