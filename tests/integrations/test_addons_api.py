"""`/api/admin/addons` against Unleash 8.2's recorded answers: status codes, keys, masking, roles.

The recorded bodies are replayed as they were sent to Unleash. Where Unleash answers 500
(a URL that does not parse, an id that is not a number) we answer the 4xx it meant.
"""

import pytest
from django.test import Client

from core.models import Event
from integrations.models import Integration
from maintenance import services as maintenance_services
from tests.support.admin_api import ACTOR, Api, error, make_token, role_user
from tests.support.unleash_answers import load, same_as

UNLEASH = load("addons_invites_cors", "addons")
ADDONS = "/api/admin/addons"


def body_of(case: str):
    return UNLEASH[case]["body"]


@pytest.fixture
def api(db) -> Api:
    return Api(Client(), make_token("admin"))


@pytest.fixture
def made(api) -> dict:
    response = api.post(ADDONS, body_of("create"))
    return same_as(UNLEASH, response, "create")


def as_role(django_user_model, role: str) -> Api:
    client = Client()
    client.force_login(role_user(django_user_model, role.lower(), role))
    return Api(client)


def test_list__fresh__providers_as_unleash_webhook(api):
    body = same_as(UNLEASH, api.get(ADDONS), "list")
    (ours,) = body["providers"]
    theirs = next(p for p in UNLEASH["list"]["response"]["providers"] if p["name"] == "webhook")
    assert sorted(ours) == sorted(theirs)
    assert [p["name"] for p in ours["parameters"]] == [p["name"] for p in theirs["parameters"]]
    for mine, recorded in zip(ours["parameters"], theirs["parameters"], strict=True):
        assert sorted(mine) == sorted(recorded)
        for key in ("required", "sensitive"):
            assert mine[key] == recorded[key]
    assert ours["events"] == theirs["events"]


def test_create__webhook__201_sent_values_echoed_as_unleash(made):
    recorded = UNLEASH["create"]["response"]
    assert made["parameters"] == recorded["parameters"]
    assert {k: made[k] for k in ("events", "projects", "environments", "enabled")} == {
        k: recorded[k] for k in ("events", "projects", "environments", "enabled")
    }


def test_create__unknown_key__dropped_201(api):
    body = same_as(UNLEASH, api.post(ADDONS, body_of("create_extra_key")), "create_extra_key")
    assert "bogus" not in body


@pytest.mark.parametrize(
    "case",
    [
        "create_unknown_provider",
        "create_no_provider",
        "create_no_url",
        "create_private_url",
        "create_ftp_url",
        "create_events_not_list",
        "create_param_object",
        "create_not_object",
    ],
)
def test_create__bad_input__400_as_unleash_nothing_stored(api, case):
    same_as(UNLEASH, api.post(ADDONS, body_of(case)), case)
    assert not Integration.objects.exists()


def test_create__unparsable_url__400_naming_url_where_unleash_500s(api):
    assert UNLEASH["create_bad_url"]["status"] == 500
    body = error(api.post(ADDONS, body_of("create_bad_url")), 400)
    assert body["details"][0]["path"] == "parameters.url"


def test_get__sensitive_parameters__masked_as_unleash(api, made):
    body = same_as(UNLEASH, api.get(f"{ADDONS}/{made['id']}"), "get")
    assert body["parameters"] == UNLEASH["get"]["response"]["parameters"]


def test_get__missing_or_not_number__404(api):
    same_as(UNLEASH, api.get(f"{ADDONS}/987654"), "get_missing")
    assert UNLEASH["get_not_number"]["status"] == 500  # Unleash's SQL error; ours a plain 404
    error(api.get(f"{ADDONS}/abc"), 404)


def test_update__masked_values__stored_secrets_kept(api, made):
    response = api.put(f"{ADDONS}/{made['id']}", body_of("update_masked"))
    body = same_as(UNLEASH, response, "update_masked")
    assert body["description"].endswith("hook 2")
    row = Integration.objects.get(pk=made["id"])
    from integrations import secrets

    assert secrets.joined(row) == UNLEASH["update_masked"]["response"]["parameters"]
    # Unleash echoes the stored secrets here; we echo only what was sent (the mask).
    assert body["parameters"] == {"url": "*****", "authorization": "*****"}


def test_update__missing_or_bad_provider__404_then_400(api, made):
    same_as(UNLEASH, api.put(f"{ADDONS}/987654", body_of("update_missing")), "update_missing")
    response = api.put(f"{ADDONS}/{made['id']}", body_of("update_bad_provider"))
    same_as(UNLEASH, response, "update_bad_provider")
    assert Integration.objects.get(pk=made["id"]).provider == "webhook"


def test_list__after_create__masked_rows(api, made):
    body = same_as(UNLEASH, api.get(ADDONS), "list_after")
    assert body["addons"][0]["parameters"]["url"] == "*****"


def test_delivery_log__paths__as_unleash(api, made):
    same_as(UNLEASH, api.get(f"{ADDONS}/{made['id']}/events"), "events")
    same_as(UNLEASH, api.get(f"{ADDONS}/abc/events"), "events_not_number")
    same_as(UNLEASH, api.get(f"{ADDONS}/987654/events"), "events_missing")


def test_delete__then_again__200_then_404(api, made):
    same_as(UNLEASH, api.delete(f"{ADDONS}/{made['id']}"), "delete")
    same_as(UNLEASH, api.delete(f"{ADDONS}/{made['id']}"), "delete_again")
    assert UNLEASH["delete_not_number"]["status"] == 500
    error(api.delete(f"{ADDONS}/abc"), 404)


def test_roles__viewer_reads_editor_writes_admin_log(api, made, django_user_model):
    viewer = as_role(django_user_model, "Viewer")
    aid = made["id"]
    same_as(UNLEASH, viewer.get(ADDONS), "viewer_list")
    same_as(UNLEASH, viewer.get(f"{ADDONS}/{aid}"), "viewer_get")
    denied = same_as(UNLEASH, viewer.post(ADDONS, body_of("viewer_create")), "viewer_create")
    assert denied["permissions"] == ["CREATE_ADDON"]
    same_as(UNLEASH, viewer.put(f"{ADDONS}/{aid}", body_of("viewer_update")), "viewer_update")
    same_as(UNLEASH, viewer.delete(f"{ADDONS}/{aid}"), "viewer_delete")
    same_as(UNLEASH, viewer.get(f"{ADDONS}/{aid}/events"), "viewer_events")
    editor = as_role(django_user_model, "Editor")
    same_as(UNLEASH, editor.post(ADDONS, body_of("editor_create")), "editor_create")
    error(editor.get(f"{ADDONS}/{aid}/events"), 403)


def test_audit__create_update_delete__unleash_event_shapes(api, made):
    api.put(f"{ADDONS}/{made['id']}", body_of("update_masked"))
    api.delete(f"{ADDONS}/{made['id']}")
    recorded = {e["type"]: e for e in UNLEASH["audit_events"]}
    created, updated, deleted = (
        Event.objects.get(type=t)
        for t in ("addon-config-created", "addon-config-updated", "addon-config-deleted")
    )
    assert sorted(created.data) == sorted(recorded["addon-config-created"]["data"])
    assert sorted(deleted.pre_data) == sorted(recorded["addon-config-deleted"]["preData"])
    assert deleted.data is None and "parameters" not in updated.data
    assert updated.pre_data["description"] != updated.data["description"]


def test_writes__maintenance_on__503_nothing_changed(api, made, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        maintenance_services.set_maintenance(enabled=True, message="m", actor=ACTOR)
    assert api.post(ADDONS, body_of("create")).status_code == 503
    assert api.put(f"{ADDONS}/{made['id']}", body_of("update_masked")).status_code == 503
    assert api.delete(f"{ADDONS}/{made['id']}").status_code == 503
    assert api.get(ADDONS).status_code == 200
    assert Integration.objects.count() == 1
