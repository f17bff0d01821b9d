"""Sessions: rows carry user, IP, user agent; admins list all and revoke, others see their own."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import Session
from accounts.session_control import public_id
from core.actors import Actor
from flags.services import token_create


def _browser(username="admin", password="pw-admin-1", ip="10.1.1.1", agent="agent-a"):
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=ip)
    response = client.post("/admin/login/", {"username": username, "password": password})
    assert response.status_code == 302
    return client


@pytest.fixture
def other_user(django_user_model):
    return django_user_model.objects.create_user("other", password="pw-other-1", is_staff=True)


def test_login__session_row__user_ip_agent_recorded(admin_user):
    client = _browser(ip="10.1.1.9", agent="Firefox/130")
    row = Session.objects.get(session_key=client.session.session_key)
    assert (row.user_id, row.ip_address, row.user_agent) == (
        admin_user.id,
        "10.1.1.9",
        "Firefox/130",
    )
    assert row.created_at is not None


def test_session__later_request__created_at_kept_last_activity_moves(admin_user):
    client = _browser()
    row = Session.objects.get(session_key=client.session.session_key)
    session = client.session
    session["touched"] = True
    session.save()
    again = Session.objects.get(session_key=row.session_key)
    assert again.created_at == row.created_at
    assert again.last_activity >= row.last_activity


def test_logout__ends_only_the_callers_session(admin_user):
    first, second = _browser(agent="one"), _browser(agent="two")
    first.post("/admin/logout/")
    assert not Session.objects.filter(session_key=first.session.session_key or "-").exists()
    assert second.get("/admin/").status_code == 200
    assert Session.objects.filter(user=admin_user).count() == 1


def test_api_sessions__list_per_user__no_secret_keys(admin_user, other_user):
    admin_browser = _browser()
    _browser("other", "pw-other-1", agent="other-agent")
    api = APIClient()
    api.force_login(admin_user)
    body = api.get(f"/api/admin/sessions?userId={other_user.id}").json()
    assert [s["userAgent"] for s in body["sessions"]] == ["other-agent"]
    everything = str(api.get("/api/admin/sessions").json())
    assert admin_browser.session.session_key not in everything


def test_api_sessions__revoke_one__that_browser_logged_out(admin_user, other_user):
    victim = _browser("other", "pw-other-1")
    api = APIClient()
    api.force_login(admin_user)
    session_id = public_id(victim.session.session_key)
    assert api.delete(f"/api/admin/sessions/{session_id}").status_code == 204
    assert victim.get("/admin/").status_code == 302  # back to the login page
    assert api.delete(f"/api/admin/sessions/{session_id}").status_code == 404


def test_api_user_sessions__revoke_all_of_a_user(admin_user, other_user):
    a, b = _browser("other", "pw-other-1"), _browser("other", "pw-other-1")
    api = APIClient()
    api.force_login(admin_user)
    assert api.delete(f"/api/admin/user-admin/{other_user.id}/sessions").status_code == 204
    assert a.get("/admin/").status_code == 302 and b.get("/admin/").status_code == 302
    assert api.get("/api/admin/sessions").status_code == 200  # the admin's own session lives


def test_api_user_sessions__non_numeric_user_id__json_404(admin_user):
    api = APIClient()
    api.force_login(admin_user)
    response = api.delete("/api/admin/user-admin/-1/sessions")
    assert response.status_code == 404 and response.json()["name"] == "NotFoundError"


def _role_user(django_user_model, name: str, role: str):
    user = django_user_model.objects.create_user(name, password=f"pw-{name}-1", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def _personal_token(user) -> str:
    _token, secret = token_create(
        name="pat", type="personal", user=user, actor=Actor.system("test")
    )
    return secret


@pytest.mark.parametrize("role", ["Viewer", "Editor"])
def test_api_sessions__viewer_or_editor__only_own_rows(admin_user, django_user_model, role):
    user = _role_user(django_user_model, "someone", role)
    _browser(agent="admin-agent")
    _browser("someone", "pw-someone-1", agent="own-agent")
    api = APIClient()
    api.force_login(user)
    body = api.get("/api/admin/sessions").json()
    assert {s["userId"] for s in body["sessions"]} == {user.id}
    assert "admin-agent" not in str(body)


@pytest.mark.parametrize("role", ["Viewer", "Editor"])
def test_api_sessions__viewer_or_editor_asks_for_other_user__403(
    admin_user, django_user_model, role
):
    user = _role_user(django_user_model, "someone", role)
    _browser(agent="admin-agent")
    api = APIClient()
    api.force_login(user)
    response = api.get(f"/api/admin/sessions?userId={admin_user.id}")
    assert response.status_code == 403
    assert response.json()["details"][0]["path"] == "userId"
    assert "admin-agent" not in response.content.decode()


def test_api_sessions__viewer_personal_token__only_own_rows(admin_user, django_user_model):
    viewer = _role_user(django_user_model, "someone", "Viewer")
    _browser(agent="admin-agent")
    _browser("someone", "pw-someone-1", agent="own-agent")
    api = APIClient(HTTP_AUTHORIZATION=_personal_token(viewer))
    body = api.get("/api/admin/sessions").json()
    assert [s["userAgent"] for s in body["sessions"]] == ["own-agent"]


def test_api_sessions__admin__every_users_rows(admin_user, django_user_model):
    viewer = _role_user(django_user_model, "someone", "Viewer")
    _browser(agent="admin-agent")
    _browser("someone", "pw-someone-1", agent="own-agent")
    api = APIClient()
    api.force_login(admin_user)
    body = api.get("/api/admin/sessions").json()
    assert {s["userId"] for s in body["sessions"]} >= {admin_user.id, viewer.id}


def test_api_sessions__non_numeric_user_id__400(admin_user):
    api = APIClient()
    api.force_login(admin_user)
    for raw in ("abc", "%C2%B2", "9" * 40):
        response = api.get(f"/api/admin/sessions?userId={raw}")
        assert response.status_code == 400
        assert response.json()["details"][0]["path"] == "userId"


@pytest.mark.parametrize("role", ["Viewer", "Editor"])
def test_admin_sessions_page__viewer_or_editor__403(admin_user, django_user_model, role):
    _role_user(django_user_model, "someone", role)
    _browser(agent="admin-agent")
    browser = _browser("someone", "pw-someone-1")
    response = browser.get("/admin/accounts/session/")
    assert response.status_code == 403
    assert "admin-agent" not in response.content.decode()


@pytest.mark.parametrize("role", ["Viewer", "Editor"])
def test_api_sessions__viewer_or_editor_revokes_other__403_session_lives(
    admin_user, django_user_model, role
):
    user = _role_user(django_user_model, "someone", role)
    admin_browser = _browser()
    api = APIClient()
    api.force_login(user)
    session_id = public_id(admin_browser.session.session_key)
    assert api.delete(f"/api/admin/sessions/{session_id}").status_code == 403
    assert api.delete(f"/api/admin/user-admin/{admin_user.id}/sessions").status_code == 403
    assert admin_browser.get("/admin/").status_code == 200


def test_admin_sessions__revoke_action__keeps_own_session(admin_user, other_user):
    victim = _browser("other", "pw-other-1")
    admin = _browser()
    keys = list(Session.objects.values_list("session_key", flat=True))
    response = admin.post(
        "/admin/accounts/session/",
        {"action": "revoke", "_selected_action": keys},
        follow=True,
    )
    assert "1 session(s) revoked" in response.content.decode()
    assert victim.get("/admin/").status_code == 302
    assert admin.get("/admin/").status_code == 200
