"""Applications through the admin API answer as Unleash 8.2 does (recorded calls, in order).

Fixtures: tests/fixtures/unleash_8_2/admin_calls/, recorded by bench/unleash_read_keys.py.
"""

import json
from pathlib import Path

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from core.models import Event
from metrics.aggregates import ClientApplication, ClientInstance
from tests.support.admin_api import (  # viewer: a fixture
    Api,
    make_token,
    personal_token,
    viewer,  # noqa: F401
)
from tests.support.fuzz import FUZZ, examples, hostile_text
from tests.support.read_keys import key_tree, missing_keys

CALLS = Path(__file__).resolve().parents[1] / "fixtures/unleash_8_2/admin_calls"
APP_CALLS = [
    "app_create",
    "app_update",
    "app_read",
    "app_not_object",
    "app_delete",
    "app_delete_again",
    "app_read_deleted",
    "instances_unknown_app",
    "project_applications_unknown",
]


@pytest.fixture
def api(db):
    return Api(Client(), make_token("admin"))


def replay(api, name: str):
    fixture = json.loads((CALLS / f"{name}.json").read_text())
    request = fixture["request"]
    response = api.call(request["method"].lower(), request["path"], request["body"])
    return fixture, response


def test_applications__unleash_call_sequence__same_statuses_and_keys(api):
    differences = []
    for name in APP_CALLS:
        fixture, response = replay(api, name)
        ours = key_tree(response.json()) if response.content else None
        lacking = missing_keys(fixture["keys"], ours)
        if response.status_code != fixture["status"] or lacking:
            differences.append((name, fixture["status"], response.status_code, lacking))
    assert differences == []


def test_application_save__create_then_update__fields_kept_and_audited(api):
    assert api.post("/api/admin/metrics/applications/shop", {"description": "x"}).status_code == 202
    assert api.post("/api/admin/metrics/applications/shop", {"color": "blue"}).status_code == 202
    app = ClientApplication.objects.get(app_name="shop")
    assert (app.description, app.color) == ("x", "blue")
    body = api.get("/api/admin/metrics/applications/shop").json()
    assert (body["description"], body["color"]) == ("x", "blue")
    types = list(
        Event.objects.filter(type__startswith="application")
        .order_by("id")
        .values_list("type", flat=True)
    )
    assert types == ["application-created", "application-updated", "application-updated"]


def test_application_save__bad_text__400_naming_field(api):
    for field, value in (("description", 5), ("color", "a\ud800"), ("url", "x" * 501)):
        response = api.post("/api/admin/metrics/applications/shop", {field: value})
        assert response.status_code == 400, field
        assert response.json()["details"][0]["path"] == field
    assert not ClientApplication.objects.filter(app_name="shop").exists()


def test_application_delete__with_instances__both_gone(api):
    api.post("/api/admin/metrics/applications/shop", {"description": "x"})
    ClientInstance.objects.create(
        app_name="shop",
        instance_id="i1",
        environment="development",
        last_seen_at="2026-01-01T00:00:00Z",
    )
    assert api.delete("/api/admin/metrics/applications/shop").status_code == 200
    assert not ClientApplication.objects.filter(app_name="shop").exists()
    assert not ClientInstance.objects.filter(app_name="shop").exists()
    assert Event.objects.filter(type="application-deleted").count() == 1


def test_instances__per_environment__only_that_environment(api):
    for env in ("development", "production"):
        ClientInstance.objects.create(
            app_name="shop",
            instance_id=f"i-{env}",
            environment=env,
            sdk_version="unleash-client-node:6.12.0",
            last_seen_at="2026-01-01T00:00:00Z",
        )
    body = api.get("/api/admin/metrics/instances/shop/environment/production").json()
    assert [i["instanceId"] for i in body["instances"]] == ["i-production"]
    assert body["instances"][0]["sdkVersion"] == "unleash-client-node:6.12.0"


def test_application_write__viewer__403(db, viewer):  # noqa: F811
    api = Api(Client(), personal_token(viewer))
    assert api.post("/api/admin/metrics/applications/shop", {}).status_code == 403
    assert api.delete("/api/admin/metrics/applications/shop").status_code == 403


@settings(FUZZ, max_examples=examples(60))
@given(field=st.sampled_from(["description", "url", "color", "icon"]), value=hostile_text)
def test_application_save__hostile_text__202_or_400_naming_field(api, field, value):
    response = api.post("/api/admin/metrics/applications/fuzz-app", {field: value})
    assert response.status_code in (202, 400), response.content[:300]
    if response.status_code == 400:
        assert response.json()["details"][0]["path"] == field
    else:
        stored = getattr(ClientApplication.objects.get(app_name="fuzz-app"), field)
        assert stored == value.strip()
