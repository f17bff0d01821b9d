"""API tokens (listed with their secret, as Unleash 8.2), project tokens, personal tokens."""

import pytest
from django.test import Client

from flags.models import ApiToken
from tests.support.admin_api import Api, error, personal_token

URL = "/api/admin/api-tokens"
P = "/api/admin/projects"


def test_create__client_token__listed_with_full_secret_alias_secure(api):
    body = {"tokenName": "sdk", "type": "client", "environment": "development", "projects": ["*"]}
    response = api.post(URL, body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["secret"].startswith("*:development.")
    assert created["type"] == "client" and created["environment"] == "development"
    listed = api.get(URL).json()["tokens"]
    sdk = next(t for t in listed if t["tokenName"] == "sdk")
    assert (sdk["secret"], sdk["alias"], sdk["secure"]) == (created["secret"], None, False)


@pytest.mark.parametrize(
    ("sent", "answered", "stored"),
    [
        ("CLIENT", "client", "backend"),
        ("Backend", "backend", "backend"),
        ("FrontEnd", "frontend", "frontend"),
        ("ADMIN", "admin", "admin"),
    ],
)
def test_create__type_in_any_case__unleash_mapping(api, sent, answered, stored):
    body = {"tokenName": f"t-{sent}", "type": sent, "environment": "development"}
    response = api.post(URL, body)
    assert response.status_code == 201, response.content
    assert response.json()["type"] == answered
    assert ApiToken.objects.get(name=f"t-{sent}").type == stored
    listed = api.get(f"{URL}/t-{sent}").json()["tokens"]
    assert [t["type"] for t in listed] == ["client" if stored == "backend" else stored]


def test_create__no_environment__development_as_unleash(api):
    response = api.post(URL, {"tokenName": "noenv", "type": "frontend"})
    assert response.status_code == 201, response.content
    assert response.json()["environment"] == "development"


def test_get_by_name__known_and_unknown__200_tokens_list(api):
    api.post(URL, {"tokenName": "twice", "type": "client", "environment": "development"})
    api.post(URL, {"tokenName": "twice", "type": "frontend", "environment": "development"})
    named = api.get(f"{URL}/twice")
    assert named.status_code == 200
    assert sorted(t["type"] for t in named.json()["tokens"]) == ["client", "frontend"]
    assert api.get(f"{URL}/nobody").json() == {"tokens": []}


def test_create__expires_in_the_past__400_issue_9_rule(api):
    body = {"tokenName": "old", "type": "client", "expiresAt": "2000-01-01T00:00:00Z"}
    assert error(api.post(URL, body), 400)["details"][0]["path"] == "expiresAt"
    assert (
        error(api.post(f"{P}/default/api-tokens", body), 400)["details"][0]["path"] == "expiresAt"
    )
    assert not ApiToken.objects.filter(name="old").exists()


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
    assert not ApiToken.objects.filter(name="fe").exists()
    # Unknown tokens: 200 and nothing done, as Unleash answers.
    assert api.delete(f"{URL}/{secret}").status_code == 200
    assert api.put(f"{URL}/{secret}", {"expiresAt": "2999-01-01T00:00:00Z"}).status_code == 200


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


def test_list__editor_via_personal_token__only_kinds_they_manage(api, editor, viewer):
    admin_secret = api.post(URL, {"tokenName": "adm", "type": "admin"}).json()["secret"]
    client_secret = api.post(URL, {"tokenName": "cli", "type": "client"}).json()["secret"]
    as_editor = Api(Client(), personal_token(editor)).get(URL)
    assert as_editor.status_code == 200
    assert client_secret in str(as_editor.json()) and admin_secret not in str(as_editor.json())
    as_viewer = Api(Client(), personal_token(viewer)).get(URL)
    assert as_viewer.status_code == 200 and as_viewer.json() == {"tokens": []}


def test_project_tokens__create_list_delete__scoped_to_the_project(api, default_project):
    other = api.post(URL, {"tokenName": "star", "type": "client"}).json()["secret"]
    body = {"tokenName": "pt", "type": "Client", "environment": "development", "projects": ["*"]}
    created = api.post(f"{P}/default/api-tokens", body)
    assert created.status_code == 201, created.content
    assert created.json()["projects"] == ["default"]
    assert created.json()["secret"].startswith("default:development.")
    listed = api.get(f"{P}/default/api-tokens").json()["tokens"]
    assert [t["tokenName"] for t in listed] == ["pt"]
    error(api.delete(f"{P}/default/api-tokens/{other}"), 400)
    secret = created.json()["secret"]
    assert api.delete(f"{P}/default/api-tokens/{secret}").status_code == 200
    error(api.delete(f"{P}/default/api-tokens/{secret}"), 404)
    assert ApiToken.objects.filter(name="star").exists()


def test_project_tokens__unknown_project_or_admin_type__404_400(api):
    body = {"tokenName": "pt", "type": "client", "environment": "development"}
    error(api.get(f"{P}/nope/api-tokens"), 404)
    error(api.post(f"{P}/nope/api-tokens", body), 404)
    error(api.post(f"{P}/default/api-tokens", {**body, "type": "admin"}), 400)
    nul = error(api.post(f"{P}/default/api-tokens", {**body, "tokenName": "a\u0000b"}), 400)
    assert "tokenName" in str(nul)
    assert not ApiToken.objects.filter(name="pt").exists()


def test_project_tokens__viewer__403_and_nothing_created(viewer):
    client = Api(Client(), personal_token(viewer))
    error(client.post(f"{P}/default/api-tokens", {"tokenName": "v", "type": "client"}), 403)
    assert not ApiToken.objects.filter(name="v").exists()


def test_openapi__token_operations__documented(openapi_document, api):
    document = openapi_document
    operations = {op["operationId"] for path in document["paths"].values() for op in path.values()}
    assert {
        "getAllApiTokens",
        "getApiTokensByName",
        "createApiToken",
        "updateApiToken",
        "deleteApiToken",
        "getProjectApiTokens",
        "createProjectApiToken",
        "deleteProjectApiToken",
    } <= operations
    listed = document["components"]["schemas"]["ApiToken"]["properties"]
    assert {"secret", "alias", "secure"} <= set(listed)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", f"{URL}/a%00b"),
        ("get", f"{URL}/%ED%A0%80"),
        ("get", f"{URL}/{'n' * 3000}"),
        ("get", f"{P}/%00/api-tokens"),
        ("post", f"{P}/%00/api-tokens"),
        ("delete", f"{P}/default/api-tokens/a%00b"),
        ("put", f"{URL}/a%00b"),
        ("delete", f"{URL}/a%00b"),
    ],
)
def test_token_routes__hostile_path__json_answer_below_500(api, method, path):
    body = {"tokenName": "x", "type": "client", "expiresAt": "2999-01-01T00:00:00Z"}
    response = api.call(method, path, body if method in ("post", "put") else None)
    assert response.status_code < 500 and response["Content-Type"].startswith("application/json")
    assert not ApiToken.objects.filter(name="x").exists()
