"""Who may use the admin API: token kinds, roles, personal tokens, CSRF on session writes."""

from django.test import Client

from flags.models import ApiToken, Feature
from maintenance import services as maintenance_services
from tests.support.admin_api import ACTOR, Api, error, make_token, personal_token

FEATURES = "/api/admin/projects/default/features"


def test_no_credentials__401(db):
    error(Api(Client()).get(FEATURES), 401)


def test_unknown_token__401(db):
    error(Api(Client(), "*:*.nope").get(FEATURES), 401)


def test_backend_token__403(db):
    error(Api(Client(), make_token("backend")).get(FEATURES), 403)


def test_frontend_token__403(db):
    error(Api(Client(), make_token("frontend")).post(FEATURES, {"name": "x"}), 403)


def test_admin_token__reads_and_writes(api):
    assert api.get(FEATURES).status_code == 200
    assert api.post(FEATURES, {"name": "x"}).status_code == 201


def test_personal_token_of_viewer__reads_but_cannot_write(viewer):
    client = Api(Client(), personal_token(viewer))
    assert client.get(FEATURES).status_code == 200
    error(client.post(FEATURES, {"name": "x"}), 403)


def test_personal_token_of_editor__writes_as_that_user(editor):
    client = Api(Client(), personal_token(editor))
    assert client.post(FEATURES, {"name": "x"}).status_code == 201
    assert Feature.objects.get(name="x").created_by == editor


def test_viewer_session__reads_but_cannot_toggle(viewer, flag):
    client = Client(enforce_csrf_checks=True)
    client.force_login(viewer)
    api = Api(client)
    assert api.get(f"{FEATURES}/my-flag").status_code == 200
    error(api.post(f"{FEATURES}/my-flag/environments/development/off"), 403)


def test_editor_session__write_without_csrf__403(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    body = error(Api(client).post(FEATURES, {"name": "x"}), 403)
    assert "CSRF" in body["message"]
    assert not Feature.objects.filter(name="x").exists()


def test_editor_session__write_with_csrf__201(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    client.get("/admin/login/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = Api(client).post(FEATURES, {"name": "x"}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.content


def test_editor__cannot_create_admin_token__403(editor):
    client = Api(Client(), personal_token(editor))
    error(client.post("/api/admin/api-tokens", {"tokenName": "a", "type": "admin"}), 403)
    body = {"tokenName": "b", "type": "client", "environment": "development"}
    assert client.post("/api/admin/api-tokens", body).status_code == 201


def test_expired_personal_token__401(editor):
    secret = personal_token(editor)
    ApiToken.objects.filter(type="personal").update(expires_at="2000-01-01T00:00:00Z")
    error(Api(Client(), secret).get(FEATURES), 401)


def test_maintenance_on__write_refused_503_with_message_read_allowed(
    api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # runs the state fan-out
        maintenance_services.set_maintenance(enabled=True, message="Back soon", actor=ACTOR)
    body = error(api.post(FEATURES, {"name": "x"}), 503)
    assert body["message"] == "Back soon"
    assert api.get(FEATURES).status_code == 200
    assert api.post("/api/admin/features/validate", {"name": "free"}).status_code == 200
