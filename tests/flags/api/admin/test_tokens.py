"""API tokens (secret shown once) and personal access tokens."""

from django.test import Client

from flags.models import ApiToken

from .conftest import Api, error, personal_token

URL = "/api/admin/api-tokens"


def test_create__client_token__201_with_secret_once(api):
    body = {"tokenName": "sdk", "type": "client", "environment": "development", "projects": ["*"]}
    response = api.post(URL, body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["secret"].startswith("*:development.")
    assert created["type"] == "client" and created["environment"] == "development"
    listed = api.get(URL).json()["tokens"]
    sdk = next(t for t in listed if t["tokenName"] == "sdk")
    assert "secret" not in sdk and created["secret"] not in str(listed)


def test_create__unknown_environment_or_type__400(api):
    error(api.post(URL, {"tokenName": "x", "type": "client", "environment": "nope"}), 400)
    error(api.post(URL, {"tokenName": "x", "type": "root"}), 400)
    error(api.post(URL, {"type": "admin"}), 400)


def test_update_and_delete__by_secret__200(api):
    body = {"tokenName": "fe", "type": "frontend", "environment": "development"}
    secret = api.post(URL, body).json()["secret"]
    update = api.put(f"{URL}/{secret}", {"expiresAt": "2999-01-01T00:00:00Z"})
    assert update.status_code == 200
    assert ApiToken.objects.get(name="fe").expires_at.year == 2999
    error(api.put(f"{URL}/{secret}", {"expiresAt": "soon"}), 400)
    assert api.delete(f"{URL}/{secret}").status_code == 200
    error(api.delete(f"{URL}/{secret}"), 404)


def test_personal_tokens__create_list_delete_own(editor):
    client = Api(Client(), personal_token(editor))
    created = client.post("/api/admin/user/tokens", {"description": "laptop"})
    assert created.status_code == 201, created.content
    assert created.json()["secret"].startswith("user:")
    listed = client.get("/api/admin/user/tokens").json()["pats"]
    assert {p["description"] for p in listed} == {"editor-pat", "laptop"}
    assert client.delete(f"/api/admin/user/tokens/{created.json()['id']}").status_code == 200
    error(client.delete("/api/admin/user/tokens/999999"), 404)


def test_personal_tokens__someone_elses__404(editor, viewer):
    other = personal_token(viewer)
    other_id = ApiToken.objects.get(user=viewer).pk
    error(Api(Client(), personal_token(editor)).delete(f"/api/admin/user/tokens/{other_id}"), 404)
    assert Api(Client(), other).get("/api/admin/user/tokens").status_code == 200


def test_personal_tokens__admin_token_has_no_user__403(api):
    error(api.post("/api/admin/user/tokens", {"description": "x"}), 403)
