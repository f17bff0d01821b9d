"""`POST /api/admin/ui-config/cors` against Unleash 8.2's answers, and its effect on real CORS."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import Event
from flags.models import FrontendSetting
from flags.services.frontend_settings import is_origin
from maintenance import services as maintenance_services
from tests.support.admin_api import ACTOR, Api, make_token, role_user
from tests.support.fuzz import examples
from tests.support.unleash_answers import load, same_as

UNLEASH = load("addons_invites_cors", "cors")
CORS = "/api/admin/ui-config/cors"


@pytest.fixture
def api(db) -> Api:
    return Api(Client(), make_token("admin"))


@pytest.fixture
def post(api, django_capture_on_commit_callbacks, settings):
    """POST a recorded case's body; the write's on-commit revision publish runs."""
    settings.UNLEASH_REVISION_CHECK_INTERVAL = 0  # see each write at once, not within 0.1 s

    def _post(case: str, caller: Api | None = None):
        with django_capture_on_commit_callbacks(execute=True):
            return (caller or api).post(CORS, UNLEASH[case]["body"])

    return _post


def preflight(origin: str):
    return Client().options(
        "/api/frontend",
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )


def test_set__origins__204_ui_config_and_cors_follow(api, post):
    same_as(UNLEASH, post("set"), "set")
    body = api.get("/api/admin/ui-config").json()  # recorded: only this one key
    assert body["frontendApiOrigins"] == UNLEASH["ui_config"]["response"]["frontendApiOrigins"]
    allowed = preflight("https://a.example")
    assert allowed["Access-Control-Allow-Origin"] == "https://a.example"
    assert "Access-Control-Allow-Origin" not in preflight("https://evil.example")


def test_set__empty_then_star__none_then_any_origin(post):
    same_as(UNLEASH, post("set_empty"), "set_empty")
    assert "Access-Control-Allow-Origin" not in preflight("https://a.example")
    same_as(UNLEASH, post("set_star"), "set_star")
    assert preflight("https://any.example")["Access-Control-Allow-Origin"] == "https://any.example"


def test_set__nothing_stored__settings_default_serves(db, settings):
    settings.FRONTEND_API_ORIGINS = ["https://from-env.example"]
    assert preflight("https://from-env.example")["Access-Control-Allow-Origin"]
    assert "Access-Control-Allow-Origin" not in preflight("https://a.example")


@pytest.mark.parametrize(
    "case", ["set_missing", "set_path", "set_wildcard_host", "set_not_url", "set_not_list"]
)
def test_set__bad_body__as_unleash_nothing_stored(post, case):
    same_as(UNLEASH, post(case), case)
    assert not FrontendSetting.objects.exists()


def test_set__viewer_or_editor__403_admin_only(post, django_user_model):
    for role in ("Viewer", "Editor"):
        client = Client()
        client.force_login(role_user(django_user_model, role.lower(), role))
        body = same_as(UNLEASH, post("viewer_set", Api(client)), "viewer_set")
        assert body["permissions"] == ["ADMIN", "UPDATE_CORS"]
    assert not FrontendSetting.objects.exists()


def test_set__twice__setting_events_as_unleash(post):
    post("set")
    post("set_star")
    created, updated = Event.objects.filter(type__startswith="setting-").order_by("id")
    assert created.type == "setting-created"
    recorded = UNLEASH["audit_events"][0]
    assert (updated.type, updated.data, updated.pre_data) == (
        recorded["type"],
        recorded["data"],
        {"frontendApiOrigins": UNLEASH["set"]["body"]["frontendApiOrigins"]},
    )


def test_set__maintenance_on__503_origins_unchanged(api, post, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        maintenance_services.set_maintenance(enabled=True, actor=ACTOR)
    assert post("set").status_code == 503
    assert not FrontendSetting.objects.exists()


@pytest.mark.parametrize(
    "origin",
    [
        "https://a.example\x00",
        "https://\ud800.example",
        "HTTPS://A.EXAMPLE",
        "https://a.example:443",
        "https://user@a.example",
        "https://a.example?x",
        "https://bücher.example",
        "ftp://a.example",
        " https://a.example",
    ],
)
def test_set__hostile_origin__400_naming_its_index(api, origin):
    response = api.post(CORS, {"frontendApiOrigins": ["*", origin]})
    assert response.status_code == 400, response.content
    assert response.json()["details"][0]["path"] == "frontendApiOrigins[1]"


def test_set__too_many_origins__400(api):
    many = [f"https://h{i}.example" for i in range(1001)]
    assert api.post(CORS, {"frontendApiOrigins": many}).status_code == 400


@settings(max_examples=examples(80), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(max_size=40))
def test_is_origin__any_text__accepted_only_as_its_own_origin(value):
    if is_origin(value) and value != "*":
        scheme, _, host = value.partition("://")
        assert scheme in ("http", "https") and host and "/" not in host
