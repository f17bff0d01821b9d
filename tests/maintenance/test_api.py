"""`/api/admin/maintenance`: read and switch."""

import pytest
from rest_framework.test import APIClient

from core.actors import Actor
from core.models import Event
from flags.services import token_create
from maintenance import state

from .conftest import MESSAGE

URL = "/api/admin/maintenance"


@pytest.fixture
def api(admin_user):
    client = APIClient()
    client.force_authenticate(admin_user)
    return client


def test_get__off__state_with_source(api):
    body = api.get(URL).json()
    assert body == {
        "enabled": False,
        "message": "",
        "source": "database",
        "since": None,
        "window": None,
    }


def test_get__on__message_and_since(api, maintenance_on):
    body = api.get(URL).json()
    assert body["enabled"] is True and body["message"] == MESSAGE and body["since"]


def test_get__env_override__source_env(api, db, settings):
    settings.UNLEASH_MAINTENANCE_MODE = "Moving data centres"
    body = api.get(URL).json()
    assert (body["enabled"], body["message"], body["source"]) == (
        True,
        "Moving data centres",
        "env",
    )


def test_post__on__204_state_and_event(api, committed):
    with committed():
        response = api.post(URL, {"enabled": True, "message": "Patching"}, format="json")
    assert response.status_code == 204
    assert state.current().active() and state.current().message == "Patching"
    event = Event.objects.get(type="setting-updated")
    assert (event.source, event.created_by, event.data["enabled"]) == ("api", "admin", True)


def test_post__off_while_on__204_and_off(api, maintenance_on, committed):
    with committed():
        response = api.post(URL, {"enabled": False}, format="json")
    assert response.status_code == 204 and not state.is_active()


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"enabled": "yes"}, "enabled"),
        ({}, "enabled"),
        ({"enabled": True, "message": 3}, "message"),
    ],
)
def test_post__bad_body__400_naming_field(api, body, path):
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["details"][0]["path"] == path


def test_post__not_an_object__400_in_unleash_shape(api):
    response = api.post(URL, [True], format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["name"] == "ValidationError" and body["id"]
    assert body["details"][0]["path"] == "body"


def test_post__anonymous__401(db):
    response = APIClient().post(URL, {"enabled": True}, format="json")
    assert response.status_code == 401


def test_post__viewer_user__403(db, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", password="pw-viewer-1")
    client = APIClient()
    client.force_authenticate(viewer)
    assert client.post(URL, {"enabled": True}, format="json").status_code == 403


@pytest.fixture
def admin_token(db):
    # Made before maintenance: token creation is itself refused while on.
    return token_create(name="ops", type="admin", actor=Actor.system("test"))[1]


def test_post__admin_token_while_on__turns_off(admin_token, maintenance_on, committed):
    secret = admin_token
    client = APIClient()
    with committed():
        response = client.post(URL, {"enabled": False}, format="json", HTTP_AUTHORIZATION=secret)
    assert response.status_code == 204 and not state.is_active()
    assert Event.objects.filter(type="setting-updated", created_by="token:ops").exists()
