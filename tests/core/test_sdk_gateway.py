"""The lean SDK path: same routes, bytes and headers as the full Django stack; others untouched."""

import json

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import resolve

from core import sdk_gateway
from core.actors import Actor
from flags.services import token_create
from unleash_site.wsgi import application

# Transactional: the lean path closes connections a test transaction would keep open. Only
# where a request reaches the database: resolving a route needs none.
lean_path_db = pytest.mark.django_db(transaction=True)

ACTOR = Actor.system("gateway-test")
ORIGIN = "https://app.example.com"
METRICS = {
    "appName": "app",
    "instanceId": "i-1",
    "bucket": {
        "start": "2026-11-26T06:26:36Z",
        "stop": "2026-11-26T06:27:36Z",
        "toggles": {"x": {"yes": 3, "no": 1}},
    },
}
# Error bodies carry a random id; everything else must match byte for byte.
RANDOM_FIELDS = ("id",)


@pytest.fixture
def tokens(development):
    _, backend = token_create(
        name="b", type="backend", actor=ACTOR, environment=development, projects=["*"]
    )
    _, frontend = token_create(
        name="f", type="frontend", actor=ACTOR, environment=development, projects=["*"]
    )
    return {"backend": backend, "frontend": frontend}


def _lean(method, path, body=None, **headers):
    request = getattr(RequestFactory(), method)(
        path, data=body or "", content_type="application/json", **headers
    )
    captured = {}

    def start_response(status, response_headers):
        captured["status"] = int(status.split(" ", 1)[0])
        captured["headers"] = dict(response_headers)

    result = application(request.environ, start_response)
    content = b"".join(result)
    getattr(result, "close", lambda: None)()
    return captured["status"], captured["headers"], content


def _full_stack(method, path, body=None, **headers):
    """The same request through every middleware and Django's URL resolver (no gateway)."""
    middleware = [m for m in settings.MIDDLEWARE if "sdk_gateway" not in m]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "MIDDLEWARE", middleware)
        response = getattr(Client(), method)(
            path, data=body or "", content_type="application/json", **headers
        )
    return response.status_code, dict(response.items()), response.content


def _comparable(content: bytes):
    try:
        parsed = json.loads(content)
    except ValueError:
        return content
    if isinstance(parsed, dict):
        for field in RANDOM_FIELDS:
            parsed.pop(field, None)
    return parsed


def _scenarios(tokens):
    backend = {"HTTP_AUTHORIZATION": tokens["backend"], "HTTP_UNLEASH_CLIENT_SPEC": "6.1.0"}
    frontend = {"HTTP_AUTHORIZATION": tokens["frontend"], "HTTP_ORIGIN": ORIGIN}
    metrics = json.dumps(METRICS)
    return [
        ("get", "/api/client/features", None, backend),
        ("get", "/api/client/features", None, {**backend, "HTTP_ACCEPT_ENCODING": "gzip"}),
        ("get", "/api/client/features?project=default&namePrefix=x", None, backend),
        ("get", "/api/client/features/missing", None, backend),
        ("get", "/api/client/features", None, {"HTTP_AUTHORIZATION": "nope"}),
        ("get", "/api/client/features", None, {"HTTP_AUTHORIZATION": tokens["frontend"]}),
        ("post", "/api/client/features", None, backend),
        ("post", "/api/client/metrics", metrics, backend),
        ("post", "/api/client/metrics", "{", backend),
        (
            "post",
            "/api/client/metrics/bulk",
            json.dumps({"applications": [], "metrics": []}),
            backend,
        ),  # fmt: skip
        ("post", "/api/frontend", json.dumps({"context": {"userId": "1"}}), frontend),
        ("get", "/api/frontend?userId=1", None, frontend),
        ("get", "/api/frontend/", None, frontend),
        ("post", "/api/frontend/client/metrics", metrics, frontend),
        (
            "options",
            "/api/frontend",
            None,
            {
                "HTTP_ORIGIN": ORIGIN,
                "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "POST",
                "HTTP_ACCESS_CONTROL_REQUEST_HEADERS": "authorization",
            },
        ),
    ]


@lean_path_db
def test_lean_path__every_sdk_scenario__same_status_headers_and_body_as_full_stack(tokens):
    statuses = []
    for method, path, body, headers in _scenarios(tokens):
        lean = _lean(method, path, body, **headers)
        full = _full_stack(method, path, body, **headers)

        assert lean[0] == full[0], (method, path)
        statuses.append(lean[0])
        assert lean[1] == full[1], (method, path)
        assert _comparable(lean[2]) == _comparable(full[2]), (method, path)
    assert statuses == [200, 200, 200, 404, 401, 403, 405, 202, 400, 202, 200, 200, 200, 200, 204]


@lean_path_db
def test_lean_path__features_304__etag_matches(tokens):
    headers = {"HTTP_AUTHORIZATION": tokens["backend"], "HTTP_UNLEASH_CLIENT_SPEC": "6.1.0"}
    _, first, _ = _lean("get", "/api/client/features", **headers)

    status, again, content = _lean(
        "get", "/api/client/features", HTTP_IF_NONE_MATCH=first["ETag"], **headers
    )

    assert (status, again["ETag"], content) == (304, first["ETag"], b"")


@pytest.mark.parametrize(
    "path",
    [
        "/api/client/features",
        "/api/client/features/some-flag",
        "/api/client/features/a/b",
        "/api/client/register",
        "/api/client/metrics",
        "/api/client/metrics/bulk",
        "/api/frontend",
        "/api/frontend/",
        "/api/frontend/client/metrics",
        "/api/frontend/client/register",
    ],
)
def test_route__sdk_path__same_view_as_django_urls(path):
    view, kwargs = sdk_gateway.route(path)
    match = resolve(path)

    assert (view, kwargs) == (match.func, match.kwargs)


@pytest.mark.parametrize(
    "path",
    [
        "/api/client/features/",
        "/api/frontend/health",
        "/api/frontend/client/features",
        "/api/admin/features",
        "/admin/",
        "/health",
    ],
)
def test_route__other_path__left_to_django(path):
    assert sdk_gateway.route(path) is None


@lean_path_db
def test_lean_path__other_path__django_answers_with_its_middleware(db):
    status, headers, _ = _lean("get", "/admin/login/")

    assert status == 200
    assert "csrftoken" in headers.get("Set-Cookie", "")
