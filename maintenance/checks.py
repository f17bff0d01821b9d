"""System check: every maintenance exemption names a URL pattern that exists."""

from __future__ import annotations

from django.core import checks
from django.urls import URLPattern, URLResolver, get_resolver

from maintenance import exempt


def url_names(resolver=None, namespace: str = "") -> set[str]:
    """Every URL pattern name of the URL conf, with its namespaces (`admin:login`)."""
    resolver = resolver or get_resolver()
    names: set[str] = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(namespace + entry.name)
    return names


def check_exempt_names(app_configs=None, exempt_names=None, **kwargs) -> list[checks.Error]:
    """A name that matches no route exempts nothing and hides a renamed view that lost its pass."""
    if exempt_names is None:
        exempt_names = exempt.EXEMPT_API_VIEWS | exempt.EXEMPT_ADMIN_VIEWS
    unknown = sorted(set(exempt_names) - url_names())
    return [
        checks.Error(
            f"Maintenance exemption {name!r} is not the name of any URL pattern.",
            hint="Delete it from maintenance/exempt.py or correct it to the route's name.",
            obj=name,
            id="unleash.E001",
        )
        for name in unknown
    ]


def register() -> None:
    """Called from MaintenanceConfig.ready()."""
    checks.register(check_exempt_names, checks.Tags.urls)
