"""The one table of SDK routes: the gateway, Prometheus labels and maintenance exemptions read it.

Views are named by dotted path, never imported here, so every app may import this module
without an import edge back to flags or metrics. ``core.checks`` proves at start-up
that each ``url_name`` reverses to ``path`` and resolves to ``view`` in the URL conf.
"""

from __future__ import annotations

from dataclasses import dataclass

NAME = "{name}"  # a path ending in this takes one path parameter (the flag name)


@dataclass(frozen=True)
class SdkRoute:
    """One SDK path: who serves it, its URL name, and its Prometheus label."""

    path: str
    view: str | None  # dotted view; None: an Unleash path this server does not serve (404)
    url_name: str | None
    lean: bool = True  # served by the gateway's lean path (not the full Django stack)
    slash_alias: bool = False  # `path + "/"` reaches the same view (proxy clients add it)
    asgi: str | None = None  # dotted ASGI handler that serves it under ASGI (long-lived streams)

    @property
    def label(self) -> str:
        """The Prometheus route label: the path itself, `{name}` left as is (bounded)."""
        return self.path

    @property
    def prefix(self) -> str | None:
        """For a named route, the path before `{name}`; None for an exact path."""
        return self.path[: -len(NAME)] if self.path.endswith(NAME) else None


ROUTES: tuple[SdkRoute, ...] = (
    SdkRoute("/api/client/features", "flags.api.client.features", "client-features"),
    SdkRoute("/api/client/features/{name}", "flags.api.client.feature", "client-feature"),
    SdkRoute("/api/client/register", "metrics.api.client_register", "client-register"),
    SdkRoute("/api/client/metrics", "metrics.api.client_metrics", "client-metrics"),
    SdkRoute("/api/client/metrics/bulk", "metrics.api.client_metrics_bulk", "client-metrics-bulk"),
    SdkRoute("/api/client/delta", "flags.streaming.views.delta", "client-delta"),
    SdkRoute(
        "/api/client/streaming",
        "flags.streaming.views.streaming",
        "client-streaming",
        asgi="flags.streaming.sse.application",
    ),
    SdkRoute("/api/frontend", "flags.api.frontend.frontend", "frontend", slash_alias=True),
    SdkRoute("/api/frontend/client/metrics", "metrics.api.frontend_metrics", "frontend-metrics"),
    SdkRoute("/api/frontend/client/register", "metrics.api.frontend_register", "frontend-register"),
    # Unleash frontend-API paths answered "not implemented" by Django's full stack.
    SdkRoute(
        "/api/frontend/client/features",
        "flags.api.frontend.not_implemented",
        "frontend-client-features",
        lean=False,
    ),
    SdkRoute(
        "/api/frontend/health", "flags.api.frontend.not_implemented", "frontend-health", lean=False
    ),
    SdkRoute(
        "/api/frontend/internal-backstage/prometheus",
        "flags.api.frontend.not_implemented",
        "frontend-prometheus",
        lean=False,
    ),
    # Unleash paths newer SDKs try first; not served (404) but labelled, so the tries show.
    SdkRoute("/api/frontend/features/{name}", None, None),
)

# Cheap test on a raw path: only paths under these can be SDK routes.
PREFIXES = ("/api/client/", "/api/frontend")


def served() -> tuple[SdkRoute, ...]:
    """The routes a view of this server answers."""
    return tuple(r for r in ROUTES if r.view is not None)


def url_names() -> frozenset[str]:
    """The URL names of every served SDK route (maintenance never refuses them)."""
    return frozenset(r.url_name for r in ROUTES if r.url_name)
