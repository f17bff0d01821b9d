"""Every `/api/` URL's write methods are refused while on, except the explicit exempt list.

It walks the URLconf at test time, so views added later are covered automatically. Every
path parameter is filled with `maintenance-x`, so no path can get a pass by its text.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter
from rest_framework.test import APIClient

from core.actors import Actor
from flags.services import token_create
from maintenance import exempt, services

WRITE_METHODS = ("post", "put", "patch", "delete")
PLACEHOLDER = "maintenance-x"


def _value(converter) -> str:
    return "1" if isinstance(converter, IntConverter) else PLACEHOLDER


def _params(pattern) -> dict:
    converters = getattr(pattern.pattern, "converters", None)
    if converters is not None:
        return {k: _value(c) for k, c in converters.items()}
    return dict.fromkeys(pattern.pattern.regex.groupindex, PLACEHOLDER)


def _url(route: str, name: str | None, kwargs: dict) -> str:
    if name:
        return reverse(name, kwargs=kwargs)
    # Unnamed routes cannot be exempt, but they are walked all the same.
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: kwargs.get(m.group(1), PLACEHOLDER), route)


def api_patterns(resolver=None, prefix="", namespace=""):
    """(route text, view name, url kwargs) of every URL pattern."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from api_patterns(entry, route, ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield route, name, _params(entry)


def write_urls():
    return [(route, name, kw) for route, name, kw in api_patterns() if route.startswith("api/")]


@pytest.fixture
def admin_token(db):
    _, secret = token_create(name="walker", type="admin", actor=Actor.system("test"))
    return secret


def test_api_urls__write_methods_on__503_unless_exempt(admin_user, admin_token, switch):
    switch(True, message="walk")
    session = APIClient()
    session.force_login(admin_user)
    escaped = []
    walked = 0
    for route, name, kwargs in write_urls():
        if exempt.is_exempt_api_view(name):
            continue
        url = _url(route, name, kwargs)
        for method in WRITE_METHODS:
            walked += 1
            response = getattr(session, method)(
                url, {}, format="json", HTTP_AUTHORIZATION=admin_token
            )
            # 405: the view takes no such method, so it cannot write through it.
            if response.status_code not in (503, 405):
                escaped.append(f"{method.upper()} {url} ({name}) -> {response.status_code}")
    assert walked >= len(WRITE_METHODS) * 2  # at least the maintenance test views exist
    assert escaped == [], "writes not refused in maintenance mode:\n" + "\n".join(escaped)


def test_exempt_list__toggle_is_exempt_and_walk_sees_it(db):
    names = {name for _, name, _ in write_urls()}
    assert "maintenance:maintenance" in names and "maintenance:maintenance" in exempt.TOGGLE
    services.set_maintenance(enabled=False, actor=Actor.system("test"))


def _declares_exempt(url: str) -> bool:
    func = resolve(url).func
    view_class = getattr(func, "view_class", None) or getattr(func, "cls", None)
    return bool(getattr(view_class, "maintenance_exempt", False))


def test_read_only_posts__declared_exempt__on_the_list_and_answered_while_on(admin_token, switch):
    switch(True, message="walk")
    declared = [
        (name, _url(route, name, kwargs))
        for route, name, kwargs in write_urls()
        if _declares_exempt(_url(route, name, kwargs))
    ]
    assert declared, "the read-only POSTs (validate, playground, export) are routed"
    assert [name for name, _ in declared if not exempt.is_exempt_api_view(name)] == []
    client = APIClient()
    for name, url in declared:
        response = client.post(url, {}, format="json", HTTP_AUTHORIZATION=admin_token)
        assert response.status_code != 503, name
