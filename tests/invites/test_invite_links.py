"""Invite links against Unleash 8.2's recorded answers; secrets at rest; the public signup."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import Event
from invites.models import InviteLink
from maintenance import services as maintenance_services
from tests.support.admin_api import ACTOR, Api, make_token, role_user
from tests.support.fuzz import examples
from tests.support.unleash_answers import load, same_as

UNLEASH = load("addons_invites_cors", "invite_links")
TOKENS = "/api/admin/invite-link/tokens"
STRONG = "Aic-Str0ng!Passw0rd"


@pytest.fixture
def api(db) -> Api:
    return Api(Client(), make_token("admin"))


@pytest.fixture
def public() -> Api:
    return Api(Client())


@pytest.fixture
def link(api) -> dict:
    return same_as(UNLEASH, api.post(TOKENS, UNLEASH["create"]["body"]), "create")


def replay(caller: Api, case: str, secret: str = "", root: bool = False):
    recorded = UNLEASH[case]
    path = recorded["path"].replace("{secret}", secret)
    path = path if root else "/api/admin" + path
    body = recorded["body"]
    return same_as(UNLEASH, caller.call(recorded["method"].lower(), path, body), case)


def test_create__far_expiry__capped_at_a_month_viewer_role(api, link):
    assert link["role"] == UNLEASH["create"]["response"]["role"]
    assert len(link["secret"]) == 32 and link["url"].endswith(f"/new-user?invite={link['secret']}")
    expires = timezone.datetime.fromisoformat(link["expiresAt"].replace("Z", "+00:00"))
    assert expires - timezone.now() < timedelta(days=32)
    assert link["users"] == []


@pytest.mark.parametrize("case", ["create_no_expiry", "create_no_name", "create_bad_date"])
def test_create__bad_body__400_as_unleash(api, case):
    replay(api, case)
    assert not InviteLink.objects.exists()


def test_list_get_update__as_unleash(api, link):
    body = replay(api, "list_after")
    assert [t["secret"] for t in body["tokens"]] == [link["secret"]]
    replay(api, "get", link["secret"])
    replay(api, "get_missing")
    replay(api, "update_empty", link["secret"])
    updated = replay(api, "update_expiry", link["secret"])
    assert updated["expiresAt"].startswith("2099-01-01")
    replay(api, "update_missing")


def test_signup__valid_link__viewer_created_and_listed(api, public, link):
    replay(public, "validate", link["secret"], root=True)
    user = replay(public, "signup", link["secret"], root=True)
    assert user["rootRole"] == 3
    replay(public, "signup_again", link["secret"], root=True)
    replay(public, "signup_no_email", link["secret"], root=True)
    after = replay(api, "get_after_signup", link["secret"])
    assert [u["id"] for u in after["users"]] == [user["id"]]
    created = get_user_model().objects.get(pk=user["id"])
    assert created.check_password(STRONG) and created.groups.filter(name="Viewer").exists()
    assert Client().login(username=created.username, password=STRONG)


def test_signup__weak_password__400_where_unleash_accepts(public, link):
    assert UNLEASH["signup_weak"]["status"] == 201  # Unleash 8.2 checks no password here
    response = public.post(f"/invite/{link['secret']}/signup", UNLEASH["signup_weak"]["body"])
    assert response.status_code == 400
    assert not get_user_model().objects.filter(email__startswith="{run}-w").exists()


def test_unknown_disabled_or_expired_link__validate_and_signup_400(api, public, link):
    replay(public, "validate_unknown", root=True)
    replay(public, "signup_unknown", root=True)
    replay(api, "disable", link["secret"])
    replay(public, "validate_disabled", link["secret"], root=True)
    replay(public, "signup_disabled", link["secret"], root=True)
    api.put(f"{TOKENS}/{link['secret']}", {"enabled": True})
    InviteLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert public.get(f"/invite/{link['secret']}/validate").status_code == 400


def test_admin_only__viewer_and_editor_403(link, django_user_model):
    for role in ("Viewer", "Editor"):
        client = Client()
        client.force_login(role_user(django_user_model, role.lower(), role))
        body = replay(Api(client), "viewer_list")
        assert body["permissions"] == ["ADMIN"]
        assert Api(client).post(TOKENS, UNLEASH["create"]["body"]).status_code == 403


def test_secret__at_rest__only_hash_and_ciphertext(link):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM invites_invitelink")
        row = " ".join(str(v) for v in cursor.fetchone())
    assert link["secret"] not in row


def test_audit__events__no_secret_in_the_log(api, public, link):
    public.post(f"/invite/{link['secret']}/signup", UNLEASH["signup"]["body"])
    api.put(f"{TOKENS}/{link['secret']}", {"enabled": False})
    types = {e.type for e in Event.objects.filter(type__startswith="public-signup-token")}
    recorded = {e["type"] for e in UNLEASH["audit_events"]}
    assert recorded <= types | {"public-signup-token-created"}
    assert {"public-signup-token-created", "public-signup-token-user-added"} <= types
    for event in Event.objects.filter(type__startswith="public-signup-token"):
        assert link["secret"] not in str(event.data) + str(event.pre_data)


def test_writes__maintenance_on__503_validate_still_answers(
    api, public, link, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        maintenance_services.set_maintenance(enabled=True, actor=ACTOR)
    assert api.post(TOKENS, UNLEASH["create"]["body"]).status_code == 503
    assert api.put(f"{TOKENS}/{link['secret']}", {"enabled": False}).status_code == 503
    assert (
        public.post(f"/invite/{link['secret']}/signup", UNLEASH["signup"]["body"]).status_code
        == 503
    )
    assert public.get(f"/invite/{link['secret']}/validate").status_code == 200
    assert get_user_model().objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        {"email": "a\x00@example.com", "password": STRONG},
        {"email": "\ud800@example.com", "password": STRONG},
        {"email": "x" * 300 + "@example.com", "password": STRONG},
        {"email": "not-an-email", "password": STRONG},
        {"email": "a@example.com", "password": STRONG, "name": "n" * 151},
        {"email": "a@example.com", "password": 12345678},
    ],
)
def test_signup__hostile_body__400(public, link, body):
    response = public.post(f"/invite/{link['secret']}/signup", body)
    assert response.status_code == 400, response.content
    assert get_user_model().objects.count() == 0


@settings(max_examples=examples(40), deadline=None, suppress_health_check=list(HealthCheck))
@given(secret=st.text(max_size=80).filter(lambda s: "/" not in s and s not in (".", "..")))
def test_validate__any_secret_text__400_never_500(public, db, secret):
    from urllib.parse import quote

    response = public.get(f"/invite/{quote(secret, safe='')}/validate")
    assert response.status_code in (400, 404), response.status_code


def test_create__hostile_name__400(api):
    for name in ("a\x00b", "\ud800", "n" * 256, ""):
        response = api.post(TOKENS, {"name": name, "expiresAt": "2099-01-01T00:00:00Z"})
        assert response.status_code == 400, (name, response.content)
