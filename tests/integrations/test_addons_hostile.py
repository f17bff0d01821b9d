"""Hostile input at /api/admin/addons: every text is checked at the edge, never a 500."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integrations.models import Integration
from tests.support.admin_api import Api, make_token
from tests.support.fuzz import examples

ADDONS = "/api/admin/addons"
GOOD = {
    "provider": "webhook",
    "enabled": True,
    "parameters": {"url": "https://1.1.1.1/hook"},
    "events": ["feature-created"],
}


@pytest.fixture
def api(db) -> Api:
    return Api(Client(), make_token("admin"))


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({**GOOD, "description": "a\x00b"}, "description"),
        ({**GOOD, "description": "x" * 100_001}, "description"),
        ({**GOOD, "provider": "web\ud800hook"}, "provider"),
        ({**GOOD, "events": ["feature-\x00created"]}, "events"),
        ({**GOOD, "projects": ["p" * 256]}, "projects"),
        ({**GOOD, "parameters": {"url": "https://1.1.1.1/\x00"}}, "parameters"),
        ({**GOOD, "parameters": {"url": "https://1.1.1.1/", "k\ud800": "v"}}, "parameters"),
        ({**GOOD, "parameters": {"url": "https://1.1.1.1/", "x": None}}, "parameters"),
        ({**GOOD, "parameters": {"url": "https://1.1.1.1/", "authorization": "a\r\nX: y"}}, None),
        (
            {
                **GOOD,
                "parameters": {"url": "https://1.1.1.1/", **{f"k{i}": "v" for i in range(31)}},
            },
            "parameters",
        ),
        ({**GOOD, "enabled": "yes"}, "enabled"),
    ],
)
def test_create__hostile_field__400_naming_it(api, body, path):
    response = api.post(ADDONS, body)
    assert response.status_code == 400, response.content
    details = response.json()["details"]
    if path is not None:
        assert any(path in (d.get("path") or "") for d in details), details
    assert not Integration.objects.exists()


def test_create__deeply_nested_body__400(api):
    deep = {"a": None}
    for _ in range(200):
        deep = {"a": deep}
    response = api.post(ADDONS, {**GOOD, "parameters": deep})
    assert response.status_code == 400


text = st.text(st.characters(codec="utf-8"), max_size=60) | st.sampled_from(
    ["\x00", "\ud800", "ftp://1.1.1.1", "http://127.0.0.1/", "https://[::1]/", "http://a b"]
)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=list(HealthCheck))
@given(
    provider=text,
    url=text,
    description=st.none() | text,
    events=st.lists(text, max_size=3),
    projects=st.lists(text, max_size=3),
)
def test_create__any_text__4xx_or_201_never_500(api, provider, url, description, events, projects):
    body = {
        "provider": provider,
        "enabled": True,
        "description": description,
        "parameters": {"url": url},
        "events": events,
        "projects": projects,
    }
    response = api.post(ADDONS, body)
    assert response.status_code in (201, 400), (response.status_code, response.content[:300])
    if response.status_code == 201:
        assert provider == "webhook" and url.startswith("http")
