"""Every URL pattern of the site as a fillable template, for tests that sweep all routes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Route:
    template: str  # "api/admin/segments/<ascii_id:segment_id>"
    params: tuple[str, ...]
    methods: tuple[str, ...]  # the handlers a class-based view defines; () for functions

    def fill(self, value_for) -> str:
        """The path with each <converter:name> replaced by ``value_for(self, name)``."""
        return "/" + PARAM.sub(lambda m: value_for(self, m["name"]), self.template)


def _methods(callback) -> tuple[str, ...]:
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is None:
        return ()
    return tuple(m for m in METHODS if hasattr(view_class, m))


def _walk(patterns, prefix: str):
    for pattern in patterns:
        if not isinstance(pattern.pattern, RoutePattern):
            continue  # regex routes here have no parameters (the frontend API's "/?")
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            params = tuple(m["name"] for m in PARAM.finditer(route))
            yield Route(route, params, _methods(pattern.callback))


def api_routes() -> list[Route]:
    """Every route under api/ (class-based views carry their HTTP methods)."""
    return [r for r in _walk(get_resolver().url_patterns, "") if r.template.startswith("api/")]
