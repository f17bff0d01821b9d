"""Hostile input at the HTTP edge of every /api route: deep JSON, non-ASCII digit ids, NUL
in queries. Routes are enumerated from the URL configuration, so a new route is covered too."""

import json
import re
from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.textcheck import MAX_JSON_DEPTH, text_problem
from flags.models import FeatureLink
from tests.support.admin_api import make_token
from tests.support.fuzz import examples
from tests.support.routes import api_routes

DEEP = "[" * 5000 + "]" * 5000  # 10 kB; Python's decoder raises RecursionError on it
WRITES = ("post", "put", "patch")


# Routes whose last parameter is free text, not an id: deleting a legal value that is not there
# answers 200, as in Unleash ("²" is a legal value like any other).
def _json(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return json.loads(response.content)


@pytest.fixture
def admin(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def _create(client: Client, path: str, body: dict) -> dict:
    response = client.post(path, json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 201), (path, response.content[:300])
    return json.loads(response.content) if response.content else {}


@pytest.fixture
def existing(admin) -> dict:
    """Real ids for every route parameter, so each write reaches its body parsing."""
    features = "/api/admin/projects/default/features"
    for name in ("deep-flag", "deep-parent"):
        _create(admin, features, {"name": name})
    strategy = _create(
        admin, f"{features}/deep-flag/environments/development/strategies", {"name": "default"}
    )
    segment = _create(admin, "/api/admin/segments", {"name": "deep-segment", "constraints": []})
    _create(admin, "/api/admin/context", {"name": "deepctx"})
    _create(admin, "/api/admin/tag-types", {"name": "deeptype"})
    _create(admin, "/api/admin/features/deep-flag/tags", {"type": "deeptype", "value": "v"})
    banner = _create(admin, "/api/admin/banners", {"message": "hello"})
    token = _create(admin, "/api/admin/user/tokens", {"description": "deep", "expiresAt": None})
    admin.post(f"{features}/deep-flag/link", {"url": "https://example.com"}, "application/json")
    link_id = FeatureLink.objects.get(feature__name="deep-flag").pk
    hook = {"provider": "webhook", "enabled": True, "parameters": {"url": "https://1.1.1.1/h"}}
    addon = _create(admin, "/api/admin/addons", {**hook, "events": ["feature-created"]})
    invite = _create(
        admin, "/api/admin/invite-link/tokens", {"name": "deep", "expiresAt": "2099-01-01T00:00Z"}
    )
    return {
        "project_id": "default",
        "feature_name": "deep-flag",
        "environment": "development",
        "strategy_id": strategy["id"],
        "parent": "deep-parent",
        "segment_id": str(segment["id"]),
        "type": "deeptype",
        "value": "v",
        "banner_id": str(banner["id"]),
        "token_id": str(token.get("id", 1)),
        "token": make_token("backend"),
        "user_id": "1",
        "session_id": "none",
        "app_name": "app",
        "link_id": link_id,
        "integration_id": str(addon["id"]),
        "secret": invite["secret"],
    }


def _value_for(existing):
    names = {"environments": "development", "context": "deepctx", "tag-types": "deeptype"}

    def value(route, param: str) -> str:
        if param == "name":
            section = route.template.split("/")[2]
            return names.get(section, "deep-flag")
        return existing[param]

    return value


def test_every_admin_write__json_nested_5000_deep__4xx_json_never_5xx(admin, existing):
    fill = _value_for(existing)
    refused_for_depth = 0
    sent = 0
    for route in api_routes():
        for method in (m for m in route.methods if m in WRITES):
            path = route.fill(fill)
            response = getattr(admin, method)(path, DEEP, content_type="application/json")
            sent += 1
            assert response.status_code < 500, (method, path, response.content[:300])
            if response.status_code >= 400:
                body = _json(response)
                refused_for_depth += "nests deeper" in body["message"]
    assert sent >= 30  # the sweep found the admin API's writes
    assert refused_for_depth >= sent // 2  # most writes parse their body; those refuse it


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH, MAX_JSON_DEPTH + 1])
def test_admin_write__depth_around_the_limit__only_past_it_refused(admin, depth):
    body = {"name": "depth", "constraints": []}
    nested = body
    for _ in range(depth - 1):
        nested["x"] = {}
        nested = nested["x"]

    response = admin.post("/api/admin/segments", json.dumps(body), content_type="application/json")

    assert ("nests deeper" in response.content.decode()) == (depth > MAX_JSON_DEPTH)
    assert response.status_code < 500


def test_frontend_post__context_past_depth_limit__400_naming_depth(db):
    secret = make_token("frontend")
    context: dict = {}
    nested = context
    for _ in range(MAX_JSON_DEPTH + 2):
        nested["p"] = {}
        nested = nested["p"]

    response = Client().post(
        "/api/frontend",
        json.dumps({"context": context}),
        content_type="application/json",
        HTTP_AUTHORIZATION=secret,
    )

    assert response.status_code == 400
    assert "nests deeper" in _json(response)["message"]


# Unleash 8.2 answers 200 to deleting what does not exist on these routes (recorded in
# tests/fixtures/unleash_8_2): a 200 there changes nothing, it is not a write that got through.
UNLEASH_IDEMPOTENT_DELETES = {
    ("delete", "api/admin/tags/<str:type>/<str:value>"),
    ("delete", "api/admin/metrics/applications/<path:app_name>"),
    ("delete", "api/admin/context/<str:name>/legal-values/<str:value>"),
    ("delete", "api/admin/projects/<str:project_id>/context/<str:name>/legal-values/<str:value>"),
    ("delete", "api/admin/archive/<str:feature_name>"),
}


def test_every_id_route__non_ascii_digit__404_or_400_json_never_5xx(admin, existing):
    # '²' passes str.isdigit() but int() refuses it: the id must be [0-9] at the edge.
    fill = _value_for(existing)
    checked = 0
    for route in (r for r in api_routes() if r.params):
        for param in route.params:
            path = route.fill(lambda r, p, param=param: "%C2%B2" if p == param else fill(r, p))
            for method in route.methods or ("get",):
                body = {} if method == "get" else {"data": "{}"}
                response = getattr(admin, method)(path, content_type="application/json", **body)
                checked += 1
                assert response.status_code < 500, (method, path, response.content[:300])
                idempotent = (method, route.template) in UNLEASH_IDEMPOTENT_DELETES
                assert response.status_code != 200 or method == "get" or idempotent, (method, path)
                if response.status_code >= 400:
                    _json(response)
    assert checked >= 40


@pytest.mark.parametrize("digits", ["%C2%B2", "%D9%A3", "%EF%BC%91"])  # ², Arabic 3, fullwidth 1
def test_delete_segment__non_ascii_digit_id__404_json(admin, existing, digits):
    response = admin.delete(f"/api/admin/segments/{digits}")

    assert response.status_code == 404
    assert _json(response)["name"] == "NotFoundError"


@pytest.mark.parametrize("param", ["project", "namePrefix", "tag"])
def test_client_features__nul_in_query__400_naming_parameter(db, param, caplog):
    secret = make_token("backend")

    response = Client().get(f"/api/client/features?{param}=a%00b", HTTP_AUTHORIZATION=secret)

    assert response.status_code == 400
    body = _json(response)
    assert body["details"][0]["path"] == param
    assert "NUL" in body["message"]
    assert "unavailable" not in caplog.text  # no false outage logged


def test_frontend_get__nul_in_query__400_naming_parameter(db):
    secret = make_token("frontend")

    response = Client().get("/api/frontend?userId=a%00b", HTTP_AUTHORIZATION=secret)

    assert response.status_code == 400
    assert _json(response)["details"][0]["path"] == "userId"


def test_every_admin_get__nul_in_query__400_json(admin, existing):
    fill = _value_for(existing)
    checked = 0
    for route in api_routes():
        if "get" not in route.methods or "docs" in route.template:
            continue
        response = admin.get(route.fill(fill) + "?project=a%00b&q%00=1")
        checked += 1
        assert response.status_code == 400, (route.template, response.content[:300])
        assert "NUL" in _json(response)["message"]
    assert checked >= 25


QUERY_VALUES = ["%C2%B2", "%D9%A3", "9" * 30, "-1", "%F0%9F%98%80", "x" * 2000]


def _query_parameters(schema: dict) -> list[tuple[str, str]]:
    """(path template, parameter) for every documented query parameter of a GET."""
    return [
        (path, parameter["name"])
        for path, operations in schema["paths"].items()
        for parameter in operations.get("get", {}).get("parameters", [])
        if parameter["in"] == "query"
    ]


# Transactional: a value PostgreSQL refuses aborts the surrounding transaction, which in
# production (autocommit) is the request's own, in a plain test the whole test's.
@pytest.mark.django_db(transaction=True)
def test_every_documented_query_parameter__hostile_value__never_5xx(
    admin, existing, openapi_document
):
    names = {"environments": "development", "context": "deepctx", "tag-types": "deeptype"}
    checked = 0
    for template, name in _query_parameters(openapi_document):

        def value(match, template=template):
            param = match[1]
            if param == "name":
                return names.get(template.split("/")[3], "deep-flag")
            return {"projectId": "default", "featureName": "deep-flag"}.get(
                param, existing.get(_snake(param), "x")
            )

        path = re.sub(r"\{(\w+)\}", value, template)
        for hostile in QUERY_VALUES:
            response = admin.get(f"{path}?{name}={hostile}")
            checked += 1
            assert response.status_code < 500, (path, name, hostile, response.content[:200])
    assert checked >= 30


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


@pytest.fixture
def sdk_secrets(db) -> dict:
    return {"client": make_token("backend"), "frontend": make_token("frontend")}


@hypothesis_settings(
    max_examples=examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    name=st.sampled_from(["project", "namePrefix", "tag", "userId", "properties[x]"]),
    value=st.text(st.characters(codec="utf-8"), max_size=30),
    endpoint=st.sampled_from(["client", "frontend"]),
)
def test_sdk_get__any_query_text__400_exactly_when_not_storable(sdk_secrets, name, value, endpoint):
    path = "/api/client/features" if endpoint == "client" else "/api/frontend"
    query = urlencode({name: value})

    response = Client().get(f"{path}?{query}", HTTP_AUTHORIZATION=sdk_secrets[endpoint])

    assert response.status_code in (200, 400), response.content[:200]
    if text_problem(value) is not None:
        assert response.status_code == 400
        assert _json(response)["details"][0]["path"] == name
    elif response.status_code == 400:  # a malformed tag filter, named as such
        assert name == "tag" and "tag" in _json(response)["message"]


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/api/client/metrics", "backend"),
        ("/api/client/metrics/bulk", "backend"),
        ("/api/client/register", "backend"),
        ("/api/frontend", "frontend"),
        ("/api/frontend/client/metrics", "frontend"),
        ("/api/frontend/client/register", "frontend"),
    ],
)
def test_every_sdk_post__json_nested_5000_deep__400_json(db, path, kind):
    response = Client().post(
        path, DEEP, content_type="application/json", HTTP_AUTHORIZATION=make_token(kind)
    )

    assert response.status_code == 400, response.content[:300]
    assert _json(response)["message"]
