"""/api/openapi.json documents every admin route and every SDK route the server answers."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern

from core import sdk_gateway
from flags.api.admin import urls as admin_urls
from metrics import urls_admin as metrics_admin_urls
from tests.support.routes import api_routes

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
# The document and its viewer describe the API; they are not operations of it.
NOT_OPERATIONS = {"openapi", "api-docs"}
PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


@pytest.fixture(scope="module")
def document(django_db_blocker):
    with django_db_blocker.unblock():
        response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def _openapi_path(pattern: URLPattern) -> str:
    return "/" + PARAM.sub(r"{\1}", str(pattern.pattern))


def _admin_operations():
    for module in (admin_urls, metrics_admin_urls):
        for pattern in module.urlpatterns:
            view = getattr(pattern.callback, "view_class", None)
            if pattern.name in NOT_OPERATIONS or view is None:
                continue
            for method in HTTP_METHODS:
                if hasattr(view, method):
                    yield _openapi_path(pattern), method


def _sdk_operations():
    for path, dotted in sdk_gateway.EXACT_ROUTES.items():
        if path.endswith("/") and path.rstrip("/") in sdk_gateway.EXACT_ROUTES:
            continue  # the trailing-slash alias of /api/frontend
        methods = ("get", "post") if dotted.endswith("frontend.frontend") else ("post",)
        if dotted.endswith(("client.features", "streaming.views.delta", "views.streaming")):
            methods = ("get",)
        for method in methods:
            yield path, method
    for prefix, _ in sdk_gateway.NAMED_ROUTES:
        yield prefix + "{name}", "get"


def test_openapi_coverage__every_admin_route__documented_with_its_methods(document):
    operations = sorted(set(_admin_operations()))
    assert len(operations) > 50  # the route list was really read
    missing = [f"{m.upper()} {p}" for p, m in operations if m not in document["paths"].get(p, {})]
    assert missing == []


def test_openapi_coverage__every_sdk_route__documented_with_token_scheme(document):
    operations = sorted(set(_sdk_operations()))
    assert ("/api/client/features", "get") in operations
    missing = [f"{m.upper()} {p}" for p, m in operations if m not in document["paths"].get(p, {})]
    assert missing == []
    schemes = document["components"]["securitySchemes"]
    for path, method in operations:
        operation = document["paths"][path][method]
        (security,) = operation["security"]
        assert set(security) <= set(schemes), f"{method} {path}"
        assert operation["responses"], f"{method} {path}"


def test_openapi_coverage__operation_ids__unique(document):
    ids = [
        op["operationId"]
        for item in document["paths"].values()
        for method, op in item.items()
        if method in HTTP_METHODS
    ]
    assert len(ids) == len(set(ids))


def test_openapi_coverage__sdk_routes__still_on_lean_gateway(client, db):
    """The SDK views are still reached through the lean gateway, untouched by the docs hook."""
    assert sdk_gateway.route("/api/client/features") is not None
    assert sdk_gateway.route("/api/frontend") is not None
    response = client.get("/api/client/features")
    assert response.status_code == 401  # token checked by the SDK view itself


def test_openapi_coverage__every_admin_route_of_every_app__documented(document):
    """Beyond flags' admin routes: banners, batch, maintenance, sessions, logins, metrics."""
    operations = {
        ("/" + PARAM.sub(r"{\1}", route.template), method)
        for route in api_routes()
        if route.template.startswith("api/admin/")
        for method in route.methods
    }
    assert len(operations) > 80
    missing = sorted(
        f"{m.upper()} {p}" for p, m in operations if m not in document["paths"].get(p, {})
    )
    assert missing == []
