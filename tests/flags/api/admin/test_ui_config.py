"""`GET /api/admin/ui-config`: Unleash's uiConfigSchema, maintenance fields from its state."""

from django.test import Client

from core.actors import Actor
from maintenance import services as maintenance_services

MESSAGE = "Upgrading the database, back soon"
URL = "/api/admin/ui-config"


def test_ui_config__admin_token__unleash_shape_typed(api, settings):
    settings.FRONTEND_API_ORIGINS = ["https://app.example"]
    body = api.get(URL).json()
    assert set(body) >= {"version", "unleashUrl", "baseUriPath", "versionInfo"}
    assert body["version"] and body["versionInfo"]["current"]["oss"] == body["version"]
    assert body["versionInfo"]["isLatest"] is True and body["versionInfo"]["latest"] == {}
    assert body["unleashUrl"] == "http://testserver" and body["baseUriPath"] == ""
    assert body["authenticationType"] == "open-source"
    assert body["disablePasswordAuth"] is False and body["emailEnabled"] is False
    assert body["frontendApiOrigins"] == ["https://app.example"]
    assert all(set(link) == {"value", "icon", "href", "title"} for link in body["links"])


def test_ui_config__maintenance_off__flag_false_message_empty(api):
    body = api.get(URL).json()
    assert body["maintenanceMode"] is False and body["maintenanceMessage"] == ""
    assert body["flags"]["maintenanceMode"] is False


def test_ui_config__maintenance_on__mode_and_message_from_state(
    api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        maintenance_services.set_maintenance(
            enabled=True, message=MESSAGE, actor=Actor.system("test")
        )
    body = api.get(URL).json()
    assert body["maintenanceMode"] is True and body["maintenanceMessage"] == MESSAGE
    assert body["flags"]["maintenanceMode"] is True


def test_ui_config__env_override__default_message(api, settings):
    settings.UNLEASH_MAINTENANCE_MODE = "true"
    body = api.get(URL).json()
    assert body["maintenanceMode"] is True and body["maintenanceMessage"].startswith("Maintenance")


def test_ui_config__anonymous__401(db):
    assert Client().get(URL).status_code == 401


def test_ui_config__viewer_session__200(viewer):
    client = Client()
    client.force_login(viewer)
    assert client.get(URL).status_code == 200
