"""System checks: the SDK gateway runs first, and the SDK route table agrees with the URL conf."""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.urls import Resolver404, resolve
from django.utils.module_loading import import_string

from core import sdk_routes

GATEWAY = "core.sdk_gateway.SdkGatewayMiddleware"
SAMPLE_NAME = "sample-flag"  # fills `{name}` when a route is resolved


def check_gateway_first(app_configs=None, middleware=None, **kwargs) -> list[checks.Error]:
    """SDK requests must leave before any middleware the lean path skips (sessions, CSRF)."""
    middleware = list(settings.MIDDLEWARE if middleware is None else middleware)
    if middleware[:1] == [GATEWAY]:
        return []
    where = f"at position {middleware.index(GATEWAY)}" if GATEWAY in middleware else "missing"
    return [
        checks.Error(
            f"{GATEWAY} is {where} in MIDDLEWARE; it must be first.",
            hint="SDK routes take the lean path only when the gateway sees them first.",
            id="unleash.E002",
        )
    ]


def check_sdk_routes(app_configs=None, routes=None, **kwargs) -> list[checks.Error]:
    """Each SDK route resolves to its URL name and view (or nothing); its ASGI handler imports."""
    routes = sdk_routes.ROUTES if routes is None else routes
    problems = [(route, _disagreement(route)) for route in routes]
    return [
        checks.Error(
            f"SDK route {route.path}: {problem}.",
            hint="Make core/sdk_routes.py and the URL conf say the same.",
            id="unleash.E003",
        )
        for route, problem in problems
        if problem
    ]


def _disagreement(route: sdk_routes.SdkRoute) -> str | None:
    path = route.path.replace(sdk_routes.NAME, SAMPLE_NAME)
    try:
        match = resolve(path)
    except Resolver404:
        return None if route.view is None else "no URL pattern serves it"
    if route.view is None:
        return f"the table says unserved but {match.view_name!r} serves it"
    if match.view_name != route.url_name:
        return f"URL name is {match.view_name!r}, the table says {route.url_name!r}"
    if not _same_view(match.func, route.view):
        return f"served by {match._func_path}, the table says {route.view}"
    return _asgi_problem(route)


def _asgi_problem(route: sdk_routes.SdkRoute) -> str | None:
    # asgi.py imports these at startup; a broken one is a crash loop there, found here first.
    if route.asgi is None:
        return None
    try:
        import_string(route.asgi)
    except ImportError as exc:
        return f"its ASGI handler {route.asgi} does not import ({exc})"
    return None


def _same_view(func, dotted: str) -> bool:
    view = import_string(dotted)
    # Class-based views are routed through as_view(), a new function each time.
    return view in (func, getattr(func, "view_class", None), getattr(func, "cls", None))


def register() -> None:
    """Called from CoreConfig.ready()."""
    checks.register(check_gateway_first)
    checks.register(check_sdk_routes, checks.Tags.urls)
