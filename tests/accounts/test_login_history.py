"""Login history: recorded on login, buffered in maintenance, rate-limited, kept 14 days."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import login_history
from accounts.models import LoginEvent
from accounts.tasks import login_history_retention
from core import redis_client
from core.actors import Actor
from flags.services import token_create
from maintenance import services as maintenance
from maintenance.task_guard import task_stats

LOGIN = "/admin/login/"


def _login(client, username, password):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        HTTP_USER_AGENT="pytest-browser/1.0",
        REMOTE_ADDR="10.0.0.7",
    )


@pytest.fixture
def switch(db, django_capture_on_commit_callbacks):
    def _switch(enabled: bool):
        with django_capture_on_commit_callbacks(execute=True):
            maintenance.set_maintenance(enabled=enabled, actor=Actor.system("test"))

    return _switch


def test_login__success__recorded_with_ip_and_agent(admin_user):
    response = _login(Client(), "admin", "pw-admin-1")
    assert response.status_code == 302
    event = LoginEvent.objects.get()
    assert (event.username, event.success, event.user_id) == ("admin", True, admin_user.id)
    assert event.ip_address == "10.0.0.7"
    assert event.user_agent == "pytest-browser/1.0"
    assert event.auth_method == "password"


def test_login__wrong_password__recorded_failed_with_reason(admin_user):
    response = _login(Client(), "admin", "wrong")
    assert response.status_code == 200
    event = LoginEvent.objects.get()
    assert event.success is False
    assert event.failure_reason == "wrong username or password"
    assert event.user_id == admin_user.id


def test_login__unknown_user__recorded_without_user(db):
    _login(Client(), "ghost", "x")
    event = LoginEvent.objects.get()
    assert (event.username, event.user_id, event.success) == ("ghost", None, False)


def test_login__over_failure_limit__refused_with_clear_message(admin_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        _login(client, "admin", "wrong")
    response = _login(client, "admin", "pw-admin-1")  # right password, still refused
    assert response.status_code == 200
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session
    last = LoginEvent.objects.first()
    assert (last.success, last.failure_reason) == (False, "locked out")


def test_login__limit_is_per_ip__other_address_still_logs_in(admin_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        _login(Client(), "admin", "wrong")
    other = Client().post(
        LOGIN, {"username": "admin", "password": "pw-admin-1"}, REMOTE_ADDR="10.0.0.8"
    )
    assert other.status_code == 302


def test_login__success__resets_failure_count(admin_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    _login(Client(), "admin", "wrong")
    assert _login(Client(), "admin", "pw-admin-1").status_code == 302
    _login(Client(), "admin", "wrong")
    assert _login(Client(), "admin", "pw-admin-1").status_code == 302


def _buffered() -> int:
    return redis_client.get_client().llen(login_history.BUFFER_KEY)


def test_login__during_maintenance__buffered_then_written_after(admin_user, switch):
    switch(True)
    assert _login(Client(), "admin", "pw-admin-1").status_code == 302
    _login(Client(), "admin", "wrong")
    assert LoginEvent.objects.count() == 0
    assert _buffered() == 2
    assert login_history_retention.apply().get() is None  # the task guard skips it while on
    assert task_stats("accounts.login_history_retention")["skipped"] == 1
    assert LoginEvent.objects.count() == 0
    switch(False)
    result = login_history_retention.apply().get()
    assert result["flushed"] == 2
    assert sorted(LoginEvent.objects.values_list("success", flat=True)) == [False, True]
    assert _buffered() == 0


def test_retention__older_than_14_days__deleted(admin_user):
    now = timezone.now()
    for age in (1, 13, 15, 30):
        LoginEvent.objects.create(
            username="admin", success=True, created_at=now - timedelta(days=age)
        )
    result = login_history_retention.apply().get()
    assert result["purged"] == 2
    assert LoginEvent.objects.count() == 2


def test_admin_login_history__read_only(admin_user):
    client = Client()
    client.force_login(admin_user)
    event = LoginEvent.objects.create(username="admin", success=True, created_at=timezone.now())
    assert client.get("/admin/accounts/loginevent/").status_code == 200
    assert client.get("/admin/accounts/loginevent/add/").status_code == 403
    page = client.get(f"/admin/accounts/loginevent/{event.id}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(f"/admin/accounts/loginevent/{event.id}/delete/").status_code == 403
    assert LoginEvent.objects.filter(pk=event.pk).exists()


def test_api_logins__json_and_csv(admin_user):
    _login(Client(), "admin", "wrong")
    api = APIClient()
    api.force_login(admin_user)
    body = api.get("/api/admin/logins").json()
    failed = [e for e in body["events"] if not e["successful"]]
    assert [e["failure_reason"] for e in failed] == ["wrong username or password"]
    csv_response = api.get("/api/admin/logins", HTTP_ACCEPT="text/csv")
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")
    lines = csv_response.content.decode().splitlines()
    assert lines[0].startswith("id,username,auth_type,created_at,successful,ip,failure_reason")
    assert len(lines) == 3  # header, the failed attempt, the API client's own login
    assert any(",admin,password," in line and "wrong username" in line for line in lines)


def test_api_logins__bad_limit__400(admin_user):
    api = APIClient()
    api.force_login(admin_user)
    response = api.get("/api/admin/logins?limit=abc")
    assert response.status_code == 400
    assert response.json()["details"][0]["path"] == "limit"


def _role_user(django_user_model, name: str, role: str):
    user = django_user_model.objects.create_user(name, password=f"pw-{name}-1", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.mark.parametrize("role", ["Viewer", "Editor"])
def test_api_logins__viewer_or_editor__only_own_attempts(admin_user, django_user_model, role):
    _role_user(django_user_model, "someone", role)
    _login(Client(), "admin", "wrong")
    _login(Client(), "admin", "pw-admin-1")
    _login(Client(), "ghost", "nobody")  # unknown user: a row with no user at all
    _login(Client(), "someone", "wrong")
    _login(Client(), "someone", "pw-someone-1")
    api = APIClient()
    api.force_login(django_user_model.objects.get(username="someone"))
    events = api.get("/api/admin/logins").json()["events"]
    # Their failed and successful logins, plus the API client's own force_login.
    assert sorted(e["successful"] for e in events) == [False, True, True]
    assert {e["username"] for e in events} == {"someone"}
    csv_text = api.get("/api/admin/logins", HTTP_ACCEPT="text/csv").content.decode()
    assert "admin" not in csv_text and "ghost" not in csv_text


def test_api_logins__viewer_personal_token__only_own_attempts(admin_user, django_user_model):
    viewer = _role_user(django_user_model, "someone", "Viewer")
    _login(Client(), "admin", "pw-admin-1")
    _login(Client(), "someone", "pw-someone-1")
    _token, secret = token_create(
        name="pat", type="personal", user=viewer, actor=Actor.system("test")
    )
    events = APIClient(HTTP_AUTHORIZATION=secret).get("/api/admin/logins").json()["events"]
    assert [e["username"] for e in events] == ["someone"]


def test_api_logins__admin__every_users_attempts(admin_user, django_user_model):
    _role_user(django_user_model, "someone", "Viewer")
    _login(Client(), "someone", "pw-someone-1")
    _login(Client(), "ghost", "nobody")
    api = APIClient()
    api.force_login(admin_user)
    names = {e["username"] for e in api.get("/api/admin/logins").json()["events"]}
    assert names >= {"someone", "ghost"}


@pytest.mark.parametrize("role", ["Viewer", "Editor"])
def test_admin_login_history_page__viewer_or_editor__403(db, django_user_model, role):
    _role_user(django_user_model, "someone", role)
    LoginEvent.objects.create(username="admin", success=True, created_at=timezone.now())
    client = Client()
    client.force_login(django_user_model.objects.get(username="someone"))
    assert client.get("/admin/accounts/loginevent/").status_code == 403


def test_api_logins__anonymous__refused(db):
    assert APIClient().get("/api/admin/logins").status_code in (401, 403)


@pytest.mark.parametrize("raw", ["%C2%B2", "9" * 40, "-1"])
def test_api_logins__non_ascii_or_huge_offset__400(admin_user, raw):
    api = APIClient()
    api.force_login(admin_user)
    response = api.get(f"/api/admin/logins?offset={raw}")
    assert response.status_code == 400
    assert response.json()["details"][0]["path"] == "offset"
