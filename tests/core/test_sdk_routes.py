"""The one SDK route table: gateway, Prometheus labels and exemptions read it; checks guard it."""

import pytest
from django.core import checks
from django.test import override_settings
from django.urls import resolve

from core import checks as site_checks
from core import sdk_gateway, sdk_routes
from core.sdk_routes import SdkRoute
from maintenance import exempt
from metrics import prometheus


def _sample(route: SdkRoute) -> str:
    return route.path.replace(sdk_routes.NAME, "my-flag")


@pytest.mark.parametrize("route", sdk_routes.served(), ids=lambda r: r.path)
def test_sdk_table__served_route__url_conf_serves_it_under_its_name(route):
    assert resolve(_sample(route)).view_name == route.url_name


@pytest.mark.parametrize("route", [r for r in sdk_routes.served() if r.lean], ids=lambda r: r.path)
def test_sdk_table__lean_route__gateway_routes_it_to_the_same_view(route):
    view, kwargs = sdk_gateway.route(_sample(route))
    assert view is resolve(_sample(route)).func
    assert kwargs == ({"name": "my-flag"} if route.prefix else {})


@pytest.mark.parametrize("route", [r for r in sdk_routes.served() if not r.lean])
def test_sdk_table__full_stack_route__gateway_leaves_it_to_django(route):
    assert sdk_gateway.route(_sample(route)) is None


@pytest.mark.parametrize("route", sdk_routes.ROUTES, ids=lambda r: r.path)
def test_sdk_table__every_route__prometheus_labels_it_with_the_table_label(route):
    assert prometheus.endpoint_of(_sample(route)) == route.label


def test_sdk_table__slash_alias__same_view_and_label():
    (frontend,) = [r for r in sdk_routes.ROUTES if r.slash_alias]
    assert sdk_gateway.route(frontend.path + "/") == sdk_gateway.route(frontend.path)
    assert prometheus.endpoint_of(frontend.path + "/") == frontend.label


def test_sdk_table__served_routes__all_exempt_from_maintenance():
    names = {r.url_name for r in sdk_routes.served()}
    assert names and names <= exempt.EXEMPT_API_VIEWS


def test_check_sdk_routes__real_table__no_errors():
    assert site_checks.check_sdk_routes() == []


@pytest.mark.parametrize(
    "route",
    [
        SdkRoute("/api/client/features", "flags.api.client.features", "wrong-name"),
        SdkRoute("/api/client/features", "metrics.api.client_metrics", "client-features"),
        SdkRoute("/api/client/not-routed", "flags.api.client.features", "client-features"),
        SdkRoute("/api/client/register", None, None),
        SdkRoute(
            "/api/client/features",
            "flags.api.client.features",
            "client-features",
            asgi="flags.streaming.sse.no_such_handler",
        ),
    ],
    ids=["url-name", "view", "unrouted", "served-but-said-unserved", "asgi-handler-missing"],
)
def test_check_sdk_routes__table_disagrees_with_url_conf__error_e003(route):
    (error,) = site_checks.check_sdk_routes(routes=(route,))
    assert error.id == "unleash.E003" and error.level == checks.ERROR
    assert route.path in error.msg


def test_check_gateway_first__real_settings__no_errors():
    assert site_checks.check_gateway_first() == []


@pytest.mark.parametrize("position", ["second", "missing"])
def test_check_gateway_first__gateway_not_first__error_e002(settings, position):
    others = [m for m in settings.MIDDLEWARE if m != site_checks.GATEWAY]
    bad = others[:1] + [site_checks.GATEWAY] + others[1:] if position == "second" else others
    with override_settings(MIDDLEWARE=bad):
        (error,) = site_checks.check_gateway_first()
    assert error.id == "unleash.E002" and error.level == checks.ERROR
    assert ("position 1" if position == "second" else "missing") in error.msg


def test_site_checks__registered__run_by_manage_py_check():
    registered = checks.registry.registry.get_checks()
    assert site_checks.check_gateway_first in registered
    assert site_checks.check_sdk_routes in registered
    found = checks.run_checks(include_deployment_checks=False)
    assert [e for e in found if e.id in ("unleash.E002", "unleash.E003")] == []
