"""The lean path for SDK endpoints: a small router and only the middleware SDK requests need.

SDK traffic (feature fetches, metrics, register, frontend evaluation) is token-authenticated
JSON: sessions, CSRF, auth, messages and static files do nothing for it but cost most of a
cache hit. Those requests go to the very same DRF views (so token auth, throttles, ETags,
gzip and error shapes have one implementation), wrapped only in the middleware
of ``settings.MIDDLEWARE`` that ``settings.SDK_MIDDLEWARE`` lists (security headers, Prometheus
counting, CORS, host check and Content-Length, X-Frame-Options), in MIDDLEWARE's order. Two
doors lead here: ``wsgi_application`` (in front of Django in ``unleash_site.wsgi``) and
``SdkGatewayMiddleware`` (first in ``settings.MIDDLEWARE``, so Django's test client and live
server take this path too; check ``unleash.E002`` refuses any other place). Its routes come
from ``core.sdk_routes``.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIRequest
from django.db import close_old_connections
from django.urls import set_script_prefix
from django.utils.module_loading import import_string

from core import sdk_routes

# Exact paths -> view (dotted), and (prefix, view) for paths ending in a flag name: the lean
# routes of the one SDK route table (the same views flags/urls.py and metrics/urls.py route to).
EXACT_ROUTES = {
    path: r.view
    for r in sdk_routes.served()
    if r.lean and r.prefix is None
    for path in ((r.path, r.path + "/") if r.slash_alias else (r.path,))
}
NAMED_ROUTES = tuple((r.prefix, r.view) for r in sdk_routes.served() if r.lean and r.prefix)
PREFIXES = sdk_routes.PREFIXES


@functools.cache
def _view(dotted: str):
    return import_string(dotted)


def route(path_info: str) -> tuple | None:
    """(view, kwargs) for an SDK path, or None: every other path goes to Django untouched."""
    dotted = EXACT_ROUTES.get(path_info)
    if dotted is not None:
        return _view(dotted), {}
    for prefix, named_view in NAMED_ROUTES:
        if path_info.startswith(prefix) and len(path_info) > len(prefix):
            return _view(named_view), {"name": path_info[len(prefix) :]}
    return None


def _call_view(request):
    view, kwargs = request.sdk_route
    response = view(request, **kwargs)
    # DRF renders its Responses (the errors) lazily; Django's handler calls render() here too.
    render = getattr(response, "render", None)
    return render() if render is not None and not response.is_rendered else response


@functools.cache
def _chain():
    """The view call wrapped in the SDK middleware, in settings' order.

    Exceptions become responses at the view (so every middleware sees the 500, as with
    Django's handler) and once more around the whole chain; not around every layer.
    """
    handler = convert_exception_to_response(_call_view)
    lean = frozenset(settings.SDK_MIDDLEWARE)
    for dotted in reversed(settings.MIDDLEWARE):
        if dotted in lean:
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
