"""The lean path for SDK endpoints: a small router and only the middleware SDK requests need.

SDK traffic (feature fetches, metrics, register, frontend evaluation) is token-authenticated
JSON: sessions, CSRF, auth, messages and static files do nothing for it but cost most of a
cache hit. Those requests go to the very same Django view functions (so token auth, rate
limits, ETags, gzip and error shapes have one implementation), wrapped only in the middleware
from ``settings.MIDDLEWARE`` that concerns them (security headers, Prometheus counting, CORS,
host check and Content-Length, X-Frame-Options), in settings' order. Two doors lead here:
``wsgi_application`` (in front of Django in ``unleash_site.wsgi``) and ``SdkGatewayMiddleware``
(first in ``settings.MIDDLEWARE``, so Django's test client and live server take this path too).
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIRequest
from django.db import close_old_connections
from django.urls import set_script_prefix
from django.utils.module_loading import import_string

# The middleware of settings.MIDDLEWARE that SDK responses pass through.
SDK_MIDDLEWARE = frozenset(
    {
        "django.middleware.security.SecurityMiddleware",
        "unleash_site.middleware.ApiErrorMiddleware",
        "metrics.prometheus.SdkRequestMetricsMiddleware",
        "flags.cors.FrontendCorsMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    }
)
# Exact paths -> view (dotted); the same views flags/urls.py and metrics/urls.py route to.
EXACT_ROUTES = {
    "/api/client/features": "flags.api.client.features",
    "/api/client/register": "metrics.api.client_register",
    "/api/client/metrics": "metrics.api.client_metrics",
    "/api/client/metrics/bulk": "metrics.api.client_metrics_bulk",
    "/api/frontend": "flags.api.frontend.frontend",
    "/api/frontend/": "flags.api.frontend.frontend",
    "/api/frontend/client/metrics": "metrics.api.frontend_metrics",
    "/api/frontend/client/register": "metrics.api.frontend_register",
}
FEATURE_PREFIX = "/api/client/features/"
FEATURE_VIEW = "flags.api.client.feature"
# Cheap test on the raw path before any request object is built.
PREFIXES = ("/api/client/", "/api/frontend")


@functools.cache
def _view(dotted: str):
    return import_string(dotted)


def route(path_info: str) -> tuple | None:
    """(view, kwargs) for an SDK path, or None: every other path goes to Django untouched."""
    dotted = EXACT_ROUTES.get(path_info)
    if dotted is not None:
        return _view(dotted), {}
    if path_info.startswith(FEATURE_PREFIX) and len(path_info) > len(FEATURE_PREFIX):
        return _view(FEATURE_VIEW), {"name": path_info[len(FEATURE_PREFIX) :]}
    return None


def _call_view(request):
    view, kwargs = request.sdk_route
    return view(request, **kwargs)


@functools.cache
def _chain():
    """The view call wrapped in the SDK middleware, in settings' order.

    Exceptions become responses at the view (so every middleware sees the 500, as with
    Django's handler) and once more around the whole chain; not around every layer.
    """
    handler = convert_exception_to_response(_call_view)
    for dotted in reversed(settings.MIDDLEWARE):
        if dotted in SDK_MIDDLEWARE:
            handler = import_string(dotted)(handler)
    return convert_exception_to_response(handler)


def handle(request):
    """The response for an SDK request, or None when its path is not an SDK route."""
    found = route(request.path_info)
    if found is None:
        return None
    return _respond(request, found)


def _respond(request, found):
    request.sdk_route = found
    return _chain()(request)


class SdkGatewayMiddleware:
    """First in settings.MIDDLEWARE: SDK routes take the lean path inside Django too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = handle(request)
        return self.get_response(request) if response is None else response


def wsgi_application(django_application):
    """A WSGI callable: SDK routes on the lean path, everything else to `django_application`."""

    def application(environ, start_response):
        if not environ.get("PATH_INFO", "").startswith(PREFIXES):
            return django_application(environ, start_response)
        request = WSGIRequest(environ)
        found = route(request.path_info)
        if found is None:
            return django_application(environ, start_response)
        if environ.get("SCRIPT_NAME"):
            set_script_prefix(environ["SCRIPT_NAME"])
        # The DB connection upkeep Django's handler does on request_started/finished (the
        # other receivers concern DEBUG query logs, cache clients and urlconf overrides, which
        # SDK requests do not use); sending the signals would cost a fifth of a cache hit.
        close_old_connections()
        response = _respond(request, found)
        close_old_connections()
        headers = [*response.items()]
        headers += [("Set-Cookie", c.output(header="")) for c in response.cookies.values()]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        if response.streaming:
            return response
        return [response.content]

    return application
