"""GET/POST /api/frontend: enabled toggles only, variants, ETag/304, context, errors, CORS."""

import json

import pytest

from core import ratelimit
from core.actors import Actor
from flags.services import token_create
from flags.services.imports import import_features

pytestmark = pytest.mark.django_db

STATE = {
    "version": 2,
    "features": [
        {"name": "on", "enabled": True, "strategies": [], "impressionData": True},
        {"name": "off", "enabled": False, "strategies": []},
        {
            "name": "users",
            "enabled": True,
            "strategies": [{"name": "userWithId", "parameters": {"userIds": "42"}}],
            "variants": [
                {
                    "name": "blue",
                    "weight": 1000,
                    "weightType": "variable",
                    "stickiness": "default",
                    "payload": {"type": "string", "value": "b"},
                }
            ],
        },
        {
            "name": "plan",
            "enabled": True,
            "strategies": [
                {
                    "name": "default",
                    "constraints": [{"contextName": "plan", "operator": "IN", "values": ["pro"]}],
                }
            ],
        },
        {
            "name": "local",
            "enabled": True,
            "strategies": [{"name": "remoteAddress", "parameters": {"IPs": "127.0.0.1"}}],
        },
        {
            "name": "future",
            "enabled": True,
            "strategies": [
                {
                    "name": "default",
                    "constraints": [
                        {
                            "contextName": "currentTime",
                            "operator": "DATE_AFTER",
                            "value": "2030-01-01T00:00:00.000Z",
                        }
                    ],
                }
            ],
        },
    ],
}


@pytest.fixture(autouse=True)
def _flags(production):
    ratelimit.reset_local()
    import_features(STATE, environment="production", project="default", actor=Actor.system())


@pytest.fixture
def token(system_actor, production):
    _, secret = token_create(
        name="web", type="frontend", actor=system_actor, environment=production, projects=["*"]
    )
    return secret


def _names(response):
    return [t["name"] for t in response.json()["toggles"]]


def _get(client, token, query="", **headers):
    return client.get(f"/api/frontend{query}", HTTP_AUTHORIZATION=token, **headers)


def _post(client, token, body, **headers):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(
        "/api/frontend",
        data=data,
        content_type="application/json",
        HTTP_AUTHORIZATION=token,
        **headers,
    )


def test_frontend_get__no_context__only_enabled_toggles_with_variant(client, token):
    response = _get(client, token)

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    assert response["Content-Type"].startswith("application/json")
    toggles = {t["name"]: t for t in response.json()["toggles"]}
    # remoteAddress defaults to the caller (127.0.0.1 in the test client)
    assert set(toggles) == {"on", "local"}
    assert toggles["on"] == {
        "name": "on",
        "enabled": True,
        "variant": {"name": "disabled", "enabled": False, "feature_enabled": True},
        "impressionData": True,
    }
    assert toggles["local"]["impressionData"] is False


def test_frontend_get__query_context_and_properties__evaluated(client, token):
    response = _get(client, token, "?userId=42&properties[plan]=pro&remoteAddress=10.0.0.1")

    toggles = {t["name"]: t for t in response.json()["toggles"]}
    assert set(toggles) == {"on", "users", "plan"}
    assert toggles["users"]["variant"] == {
        "name": "blue",
        "enabled": True,
        "feature_enabled": True,
        "payload": {"type": "string", "value": "b"},
    }


def test_frontend_get__unknown_top_level_key__becomes_property(client, token):
    assert "plan" in _names(_get(client, token, "?plan=pro"))


def test_frontend_post__context__evaluated_like_get(client, token):
    body = {"context": {"userId": "42", "properties": {"plan": "pro", "empty": None}}}

    response = _post(client, token, body)

    assert response.status_code == 200
    assert set(_names(response)) == {"on", "users", "plan", "local"}


def test_frontend_post__current_time_top_level__server_clock_decides(client, token):
    # Issue 10: Unleash moves currentTime into properties; see test_frontend_context_root_keys.
    body = {"context": {"currentTime": "2031-01-01T00:00:00.000Z"}}

    assert "future" not in _names(_post(client, token, body))


def test_frontend_post__empty_values__dropped(client, token):
    body = {"context": {"userId": "", "plan": "", "remoteAddress": ""}}

    # an empty remoteAddress is dropped, so the caller's address fills it in
    assert set(_names(_post(client, token, body))) == {"on", "local"}


def test_frontend__etag__body_hash_and_exact_match_gives_304(client, token):
    first = _get(client, token)
    etag = first["ETag"]

    again = _get(client, token, HTTP_IF_NONE_MATCH=etag)
    other_context = _get(client, token, "?userId=42", HTTP_IF_NONE_MATCH=etag)
    weak = _get(client, token, HTTP_IF_NONE_MATCH=f"W/{etag}")

    assert again.status_code == 304
    assert again["ETag"] == etag
    assert other_context.status_code == 200
    assert other_context["ETag"] != etag
    assert weak.status_code == 200


def test_frontend__flag_changes__etag_changes(
    client, token, system_actor, django_capture_on_commit_callbacks
):
    etag = _get(client, token)["ETag"]
    state = {"version": 2, "features": [{"name": "on", "enabled": False, "strategies": []}]}
    # The revision is published on commit; the payload compiled from is keyed to it.
    with django_capture_on_commit_callbacks(execute=True):
        import_features(state, environment="production", project="default", actor=system_actor)
    from core import cache_reset

    cache_reset.reset_process_caches()  # forget this process's copy of the revision

    response = _get(client, token, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert "on" not in _names(response)


def test_frontend__trailing_slash__served(client, token):
    assert client.get("/api/frontend/", HTTP_AUTHORIZATION=token).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ([], ""),
        ({"context": "x"}, "context"),
        ({"context": {"properties": [1]}}, "context.properties"),
        ({"context": {"userId": {"a": 1}}}, "context.userId"),
        ({"context": {"properties": {"plan": ["pro"]}}}, "context.properties.plan"),
    ],
)
def test_frontend_post__wrong_types__400_naming_the_field(client, token, body, field):
    response = _post(client, token, body)

    assert response.status_code == 400
    assert response.json()["details"][0]["path"] == field


@pytest.mark.parametrize(
    "raw", [b"not json", b'{"context": ', b"[" * 50_000 + b"]" * 50_000], ids=str
)
def test_frontend_post__hostile_raw_body__400(client, token, raw):
    assert _post(client, token, raw).status_code == 400


def test_frontend_post__huge_body__413(client, token):
    body = b'{"context": {"userId": "' + b"1" * (2 * 1024 * 1024) + b'"}}'

    assert _post(client, token, body).status_code == 413


def test_frontend__backend_token__403(client, production, system_actor):
    _, backend = token_create(
        name="sdk", type="backend", actor=system_actor, environment=production, projects=["*"]
    )

    assert _get(client, backend).status_code == 403


@pytest.mark.parametrize("token", [None, "*:production.nope"])
def test_frontend__missing_or_unknown_token__401(client, token):
    headers = {"HTTP_AUTHORIZATION": token} if token else {}

    response = client.get("/api/frontend", **headers)

    assert response.status_code == 401
    assert response.json()["message"]


def test_frontend__token_of_other_project__sees_none_of_default(client, system_actor, production):
    from tests.factories import ProjectFactory

    other = ProjectFactory(id="other")
    _, secret = token_create(
        name="w", type="frontend", actor=system_actor, environment=production, projects=[other.id]
    )

    assert _names(_get(client, secret)) == []


def test_frontend__development_token__production_state_not_used(client, system_actor, development):
    _, secret = token_create(
        name="w", type="frontend", actor=system_actor, environment=development, projects=["*"]
    )

    assert _names(_get(client, secret)) == []


@pytest.mark.parametrize(
    "path",
    [
        "/api/frontend/client/features",
        "/api/frontend/health",
        "/api/frontend/internal-backstage/prometheus",
    ],
)
def test_frontend__unsupported_routes__501(client, token, path):
    assert client.get(path, HTTP_AUTHORIZATION=token).status_code == 501


def test_frontend__over_rate_limit__429_with_retry_after(client, token, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "frontend": 1}

    assert _get(client, token).status_code == 200
    limited = _get(client, token)

    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1
