"""Users over the admin API (user-admin and the caller's own routes), against Unleash 8.2.

Each call is compared with Unleash's recorded answer (status code and every key it gives);
the rest checks what the answers cannot show: roles, sessions, tokens, events, maintenance.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts import users as user_services
from accounts.models import Session
from core.actors import Actor
from core.models import Event
from maintenance import services as maintenance_services
from tests.support.admin_api import Api, error, make_token, personal_token, role_user
from tests.support.fuzz import examples
from tests.support.unleash_answers import load, same_as

UNLEASH = load("users", "unleash_answers")
UA = "/api/admin/user-admin"
STRONG = "Uax-Str0ng!Passw0rd"
ACTOR = Actor.system("test")


def same_as_unleash(response, case: str):
    """Unleash's status code, and every key it answers with (ours may add some)."""
    return same_as(UNLEASH, response, case)


@pytest.fixture
def api(db) -> Api:
    return Api(Client(), make_token("admin"))


@pytest.fixture
def member(db, django_user_model):
    """A Viewer with a known password, signed in through a browser session."""
    user = user_services.user_create(
        username="uax-member",
        email="uax-member@example.com",
        password=STRONG,
        root_role=3,
        actor=ACTOR,
    )
    client = Client()
    assert client.login(username="uax-member", password=STRONG)
    return user, Api(client)


def _create(api, **body):
    body = {
        "username": "uax-a",
        "email": "uax-a@example.com",
        "name": "Uax A",
        "rootRole": 2,
        "sendEmail": False,
        **body,
    }
    response = api.post(UA, body)
    assert response.status_code == 201, response.content
    return response.json()


def test_list__fresh__root_roles_and_keys_as_in_unleash(api, admin_user):
    body = same_as_unleash(api.get(UA), "list")
    strip = [{k: r[k] for k in ("id", "name", "type")} for r in body["rootRoles"]]
    want = [
        {k: r[k] for k in ("id", "name", "type")} for r in UNLEASH["list"]["response"]["rootRoles"]
    ]
    assert strip == want
    want_user_keys = set(UNLEASH["list"]["response"]["users"][0])
    assert all(want_user_keys <= set(u) for u in body["users"])
    assert {u["username"]: u["rootRole"] for u in body["users"]} == {"admin": 1}


def test_create__editor__201_in_editor_group_with_user_created_event(api):
    body = same_as_unleash(
        api.post(
            UA,
            {
                "username": "uax-a",
                "email": "uax-a@example.com",
                "name": "Uax A",
                "rootRole": 2,
                "sendEmail": False,
            },
        ),
        "create",
    )
    assert (body["rootRole"], body["emailSent"], body["name"]) == (2, False, "Uax A")
    assert body["inviteLink"].startswith("http://testserver/reset-password/")
    user = get_user_model().objects.get(pk=body["id"])
    assert list(user.groups.values_list("name", flat=True)) == ["Editor"]
    assert not user.has_usable_password() and user.is_staff  # may sign in to the admin
    event = Event.objects.get(type="user-created")
    unleash_event = next(e for e in UNLEASH["events"] if e["type"] == "user-updated")
    assert set(event.data) == set(unleash_event["data"])
    assert event.data["username"] == "uax-a"


def test_create__role_name_and_password__user_can_sign_in(api):
    body = same_as_unleash(
        api.post(
            UA,
            {
                "email": "uax-b@example.com",
                "rootRole": "Viewer",
                "password": STRONG,
                "sendEmail": False,
            },
        ),
        "create_by_role_name",
    )
    assert body["rootRole"] == 3
    assert Client().login(username="uax-b@example.com", password=STRONG)


@pytest.mark.parametrize(
    ("case", "body", "field"),
    [
        ("create_no_name_or_email", {"rootRole": 3}, "username"),
        ("create_no_role", {"username": "uax-c"}, "rootRole"),
        ("create_bad_email", {"email": "uax-not-an-email", "rootRole": 3}, "email"),
        ("create_no_role", {"username": "uax-c", "rootRole": 9}, "rootRole"),
        ("create_no_role", {"username": "uax-c", "rootRole": True}, "rootRole"),
        ("create_bad_email", {"username": "uax-c", "rootRole": 3, "password": "abc"}, "password"),
    ],
)
def test_create__bad_input__400_naming_field_nothing_stored(api, case, body, field):
    body_out = same_as_unleash(api.post(UA, body), case)
    assert body_out["details"][0]["path"] == field
    assert not get_user_model().objects.filter(username__startswith="uax").exists()
    assert not Event.objects.filter(type="user-created").exists()


def test_create__duplicate_username_or_email__400(api):
    _create(api)
    same_as_unleash(api.post(UA, {"username": "uax-a", "rootRole": 3}), "create_duplicate")
    same_as_unleash(api.post(UA, {"email": "UAX-A@example.com", "rootRole": 3}), "create_duplicate")


@pytest.mark.parametrize("field", ["username", "email", "name", "password"])
@pytest.mark.parametrize("bad", ["uax-\x00nul", "uax-\ud800lone", "x" * 5000])
def test_create__hostile_text__400_naming_field(api, field, bad):
    body = {"username": "uax-h", "rootRole": 3, field: bad}
    answer = error(api.post(UA, body), 400)
    assert answer["details"][0]["path"] == field, answer
    assert not get_user_model().objects.filter(username="uax-h").exists()


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(name=st.text(max_size=200))
def test_create__any_name__stored_trimmed_or_400_never_500(api, name):
    response = api.post(UA, {"username": "uax-p", "name": name, "rootRole": 3})
    created = get_user_model().objects.filter(username="uax-p")
    try:
        assert response.status_code in (201, 400), response.content[:300]
        if response.status_code == 201:
            assert created.get().first_name == name.strip()  # surrounding blanks trimmed
        else:
            assert not created.exists()
    finally:
        created.delete()


def test_get_and_update__as_in_unleash_with_user_updated_event(api):
    uid = _create(api)["id"]
    same_as_unleash(api.get(f"{UA}/{uid}"), "get")
    same_as_unleash(api.get(f"{UA}/987654"), "get_missing")
    same_as_unleash(api.get(f"{UA}/not-a-number"), "get_missing")
    body = same_as_unleash(api.put(f"{UA}/{uid}", {"name": "Uax A2", "rootRole": 3}), "update")
    assert (body["name"], body["rootRole"], body["email"]) == ("Uax A2", 3, "uax-a@example.com")
    same_as_unleash(api.put(f"{UA}/987654", {"name": "x"}), "update_missing")
    event = Event.objects.get(type="user-updated")
    assert (event.pre_data["rootRole"], event.data["rootRole"]) == (2, 3)
    assert (event.pre_data["name"], event.data["name"]) == ("Uax A", "Uax A2")


def test_update__superuser_given_viewer__role_reads_back_as_viewer(api, admin_user):
    body = api.put(f"{UA}/{admin_user.pk}", {"rootRole": "Viewer"}).json()
    admin_user.refresh_from_db()
    assert (body["rootRole"], admin_user.is_superuser) == (3, False)
    assert not admin_user.has_perm("auth.add_user")


def test_search_access_counts_inactive__keys_as_in_unleash(api, admin_user):
    _create(api)
    found = same_as_unleash(api.get(f"{UA}/search?q=uax-a"), "search")
    assert [u["username"] for u in found] == ["uax-a"]
    assert same_as_unleash(api.get(f"{UA}/search?q=u"), "search_short") == []
    access = same_as_unleash(api.get(f"{UA}/access"), "access")
    assert {u["username"] for u in access["users"]} == {"admin", "uax-a"}
    counts = same_as_unleash(api.get(f"{UA}/admin-count"), "admin_count")
    assert counts == {"password": 1, "noPassword": 0, "service": 0}
    same_as_unleash(api.get(f"{UA}/inactive"), "inactive")


def test_inactive__old_unseen_user__listed_and_deleted_in_bulk(api, admin_user):
    uid = _create(api)["id"]
    old = get_user_model().objects.filter(pk=uid)
    old.update(date_joined="2020-01-01T00:00:00Z")
    listed = api.get(f"{UA}/inactive").json()["inactiveUsers"]
    assert [u["id"] for u in listed] == [uid]
    same_as_unleash(api.post(f"{UA}/inactive/delete", {"ids": [uid, 987654]}), "inactive_delete")
    assert old.exists()  # one unknown id: nothing deleted (one transaction)
    same_as_unleash(api.post(f"{UA}/inactive/delete", {}), "inactive_delete_no_ids")
    assert api.post(f"{UA}/inactive/delete", {"ids": [uid]}).status_code == 200
    assert not old.exists()


def test_inactive_delete__own_id__skipped(db, django_user_model):
    boss = role_user(django_user_model, "uax-boss", "Admin")
    api = Api(Client(), personal_token(boss))
    assert api.post(f"{UA}/inactive/delete", {"ids": [boss.pk]}).status_code == 200
    assert django_user_model.objects.filter(pk=boss.pk).exists()


def test_validate_password__django_validators__as_in_unleash(api):
    weak = same_as_unleash(
        api.post(f"{UA}/validate-password", {"password": "abc"}), "validate_password_weak"
    )
    assert weak["name"] == "OwaspValidationError"
    common = error(api.post(f"{UA}/validate-password", {"password": "password1234"}), 400)
    assert "common" in common["message"]
    same_as_unleash(
        api.post(f"{UA}/validate-password", {"password": STRONG}), "validate_password_strong"
    )
    same_as_unleash(api.post(f"{UA}/validate-password", {}), "validate_password_missing")


def test_admin_change_password__ends_user_sessions(api, member):
    user, own = member
    assert Session.objects.filter(user_id=user.pk).exists()
    same_as_unleash(
        api.post(f"{UA}/{user.pk}/change-password", {"password": "abc"}), "change_password_weak"
    )
    same_as_unleash(
        api.post(f"{UA}/{user.pk}/change-password", {"password": STRONG + "2"}), "change_password"
    )
    assert not Session.objects.filter(user_id=user.pk).exists()
    assert own.get("/api/admin/user/profile").status_code == 401
    assert Client().login(username="uax-member", password=STRONG + "2")


def test_reset_password__link_sets_new_password(api, member):
    user, _ = member
    body = same_as_unleash(
        api.post(f"{UA}/reset-password", {"id": "UAX-member@example.com"}), "reset_password"
    )
    same_as_unleash(
        api.post(f"{UA}/reset-password", {"id": "uax-nobody@example.com"}), "reset_password_unknown"
    )
    browser = Client()
    form = browser.get(body["resetPasswordUrl"].removeprefix("http://testserver"), follow=True)
    assert form.status_code == 200 and b"new_password1" in form.content
    done = browser.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Fresh-Passw0rd!x", "new_password2": "Fresh-Passw0rd!x"},
    )
    assert done.status_code == 302
    assert Client().login(username="uax-member", password="Fresh-Passw0rd!x")
    reused = browser.get(body["resetPasswordUrl"].removeprefix("http://testserver"), follow=True)
    assert b"new_password1" not in reused.content  # one-time: the hash it signed has changed


def test_own_profile_and_roles__as_in_unleash(api, member):
    _, own = member
    profile = same_as_unleash(own.get("/api/admin/user/profile"), "me_profile")
    assert profile["rootRole"]["id"] == 3 and profile["canChangePassword"] is True
    assert "default" in profile["projects"]
    same_as_unleash(own.get("/api/admin/user/roles"), "me_roles_no_project")
    roles = same_as_unleash(own.get("/api/admin/user/roles?projectId=default"), "me_roles")
    assert [(r["id"], r["project"]) for r in roles["roles"]] == [(3, "default")]
    same_as_unleash(api.get("/api/admin/user/profile"), "token_profile")


def test_own_change_password__checks_then_keeps_this_session_only(member):
    user, own = member
    other = Client()
    assert other.login(username="uax-member", password=STRONG)
    path = "/api/admin/user/change-password"
    new = STRONG + "x"
    mismatch = {"password": new, "confirmPassword": new + "y", "oldPassword": STRONG}
    same_as_unleash(own.post(path, mismatch), "me_change_password_mismatch")
    wrong = {"password": new, "confirmPassword": new, "oldPassword": "wrong"}
    same_as_unleash(own.post(path, wrong), "me_change_password_wrong_old")
    weak = {"password": "abc", "confirmPassword": "abc", "oldPassword": STRONG}
    same_as_unleash(own.post(path, weak), "me_change_password_weak")
    good = {"password": new, "confirmPassword": new, "oldPassword": STRONG}
    same_as_unleash(own.post(path, good), "me_change_password")
    assert own.get("/api/admin/user/profile").status_code == 200
    assert Api(other).get("/api/admin/user/profile").status_code == 401
    assert Client().login(username="uax-member", password=new)


@pytest.mark.parametrize("role", ["Viewer", "Editor"])
@pytest.mark.parametrize("door", ["session", "personal token"])
def test_manage_users__not_admin__403_every_door_search_allowed(db, django_user_model, role, door):
    user = role_user(django_user_model, f"uax-{role.lower()}", role)
    if door == "session":
        client = Client()
        client.force_login(user)
        caller = Api(client)
    else:
        caller = Api(Client(), personal_token(user))
    same_as_unleash(caller.get(UA), "viewer_list_forbidden")
    same_as_unleash(
        caller.post(UA, {"username": "uax-z", "rootRole": 3}), "viewer_create_forbidden"
    )
    for path in (f"{UA}/{user.pk}", f"{UA}/admin-count", f"{UA}/inactive"):
        assert caller.get(path).status_code == 403
    assert caller.delete(f"{UA}/{user.pk}").status_code == 403
    assert caller.put(f"{UA}/{user.pk}", {"rootRole": 1}).status_code == 403
    assert caller.post(f"{UA}/{user.pk}/change-password", {"password": STRONG}).status_code == 403
    assert caller.post(f"{UA}/reset-password", {"id": user.email}).status_code == 403
    assert list(user.groups.values_list("name", flat=True)) == [role]
    assert not django_user_model.objects.filter(username="uax-z").exists()
    same_as_unleash(caller.get(f"{UA}/search?q=uax"), "viewer_search")


def test_manage_users__admin_role_personal_token__allowed(db, django_user_model):
    boss = role_user(django_user_model, "uax-boss", "Admin")
    caller = Api(Client(), personal_token(boss))
    assert caller.post(UA, {"username": "uax-z", "rootRole": 3}).status_code == 201


def test_delete__ends_sessions_and_personal_tokens(api, member):
    user, own = member
    token = Api(Client(), personal_token(user))
    assert token.get("/api/admin/user/profile").status_code == 200
    same_as_unleash(api.delete(f"{UA}/{user.pk}"), "delete")
    # Status as Unleash (its generic 401 body has keys of its own: path, type, defaultHidden).
    assert own.get("/api/admin/user").status_code == UNLEASH["session_after_delete"]["status"]
    assert token.get("/api/admin/user/profile").status_code == 401
    assert not Session.objects.filter(user_id=user.pk).exists()
    same_as_unleash(api.delete(f"{UA}/{user.pk}"), "delete_missing")
    event = Event.objects.get(type="user-deleted")
    assert event.pre_data["username"] == "uax-member" and event.data is None


def test_writes__maintenance_on__503_nothing_written(
    api, member, admin_user, django_capture_on_commit_callbacks
):
    user, own = member
    with django_capture_on_commit_callbacks(execute=True):
        maintenance_services.set_maintenance(enabled=True, actor=ACTOR)
    events = Event.objects.count()
    assert api.post(UA, {"username": "uax-m", "rootRole": 3}).status_code == 503
    assert api.put(f"{UA}/{user.pk}", {"name": "changed"}).status_code == 503
    assert api.delete(f"{UA}/{user.pk}").status_code == 503
    good = {"password": STRONG + "x", "confirmPassword": STRONG + "x", "oldPassword": STRONG}
    assert own.post("/api/admin/user/change-password", good).status_code == 503
    assert Event.objects.count() == events
    user.refresh_from_db()
    assert user.first_name == "" and user.check_password(STRONG)


def test_openapi__every_user_operation_documented(openapi_document, api):
    schema = openapi_document
    operations = {
        op.get("operationId")
        for item in schema["paths"].values()
        for op in item.values()
        if isinstance(op, dict)
    }
    assert {
        "getUsers",
        "createUser",
        "getUser",
        "updateUser",
        "deleteUser",
        "searchUsers",
        "getBaseUsersAndGroups",
        "getAdminCount",
        "getInactiveUsers",
        "deleteInactiveUsers",
        "validateUserPassword",
        "changeUserPassword",
        "resetUserPassword",
        "getProfile",
        "getUserRoles",
        "changeMyPassword",
    } <= operations


def test_delete__user_who_wrote_config__flags_and_events_kept(api, member, default_project):
    from flags import services

    user, _ = member
    author = Actor.from_user(user, source="test")
    services.feature_create(project=default_project, name="uax-flag", actor=author)
    assert api.delete(f"{UA}/{user.pk}").status_code == 200
    created = Event.objects.get(type="feature-created", feature_name="uax-flag")
    assert (created.created_by, created.created_by_user_id) == ("uax-member", None)


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("{uid}", {"name": "uax-\x00"}, "name"),
        ("{uid}", {"email": "uax-\ud800@example.com"}, "email"),
        ("{uid}", {"rootRole": "Owner"}, "rootRole"),
        ("reset-password", {"id": "uax-\ud800@example.com"}, "id"),
        ("validate-password", {"password": "Uax-\x00-Str0ng!"}, "password"),
        ("inactive/delete", {"ids": [2**70]}, "ids"),
    ],
)
def test_hostile_input__other_routes__400_naming_field_nothing_changed(api, path, body, field):
    uid = _create(api)["id"]
    events = Event.objects.count()
    method = api.put if path == "{uid}" else api.post
    answer = error(method(f"{UA}/{path.format(uid=uid)}", body), 400)
    assert answer["details"][0]["path"].split("[")[0].split(".")[0] == field, answer
    assert Event.objects.count() == events
    user = get_user_model().objects.get(pk=uid)
    assert (user.first_name, user.email) == ("Uax A", "uax-a@example.com")
