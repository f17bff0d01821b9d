"""Role x door x action: every way in grants exactly what the role may do (issue 9, item 3).

The expected table is written from the role definitions (README "Roles"), never from what the
code answers today: Admin may do everything; Editor works on flags, strategies, segments and
backend/frontend tokens; Viewer only reads. Switching maintenance is configuration: Admin only.
Sessions: everyone may list their own through the API, only Admin sees everybody's (the Django
admin's session pages are model-permission pages, so they are Admin's alone).

Doors: a browser session, the user's own personal token, the Django admin, plus two rows that
are not roles. An admin API token is not a user: it acts as Admin. A manage.py command is run
by ops with shell access: it acts as the system and is always allowed.

A refusal must leave the database exactly as it was (the fingerprint below), and an allowed
write must have had its effect.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from core.actors import Actor
from core.models import Event
from flags import services
from flags.models import (
    ApiToken,
    Feature,
    FeatureEnvironment,
    FrontendSetting,
    Project,
    Segment,
)
from integrations.models import Integration
from invites.models import InviteLink
from maintenance import services as maintenance_services
from maintenance.models import MaintenanceSetting
from tests.support.module_rows import rows_for_module

ROLES = ("Admin", "Editor", "Viewer")
ALLOWED, REFUSED, OWN_ROWS, ALL_ROWS = "allowed", "refused", "own rows", "all rows"
FLAG, NEW_FLAG, NEW_SEGMENT = "matrix-flag", "matrix-new-flag", "matrix-segment"
NEW_USER = "matrix-user"
ACTOR = Actor.system("test")
QUICK_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # see _quick_password_hashes

# What each role may do: the role definitions, written down independently of flags.roles.
MAY = {
    "Admin": {
        "maintenance_on",
        "maintenance_off",
        "create_flag",
        "toggle_flag",
        "create_client_token",
        "create_admin_token",
        "create_segment",
        "read_flags",
        "create_user",
        "create_addon",
        "create_invite_link",
        "set_cors",
    },
    "Editor": {
        "create_flag",
        "toggle_flag",
        "create_client_token",
        "create_segment",
        "read_flags",
        "create_addon",  # Unleash's Editor holds CREATE/UPDATE/DELETE_ADDON
    },
    "Viewer": {"read_flags"},
}


@dataclass(frozen=True)
class Fingerprint:
    """Everything an action in this matrix could write, read straight from PostgreSQL."""

    features: tuple
    enabled: tuple
    tokens: tuple
    segments: tuple
    maintenance: bool
    events: int
    users: tuple = ()
    integrations: tuple = ()
    invite_links: tuple = ()
    origins: tuple = ()


def fingerprint() -> Fingerprint:
    setting = MaintenanceSetting.objects.filter(pk=1).first()
    on = FeatureEnvironment.objects.filter(enabled=True)
    return Fingerprint(
        features=tuple(Feature.objects.order_by("name").values_list("name", flat=True)),
        enabled=tuple(on.order_by("pk").values_list("feature__name", "environment_id")),
        tokens=tuple(ApiToken.objects.order_by("pk").values_list("name", "type")),
        segments=tuple(Segment.objects.order_by("name").values_list("name", flat=True)),
        maintenance=bool(setting and setting.enabled),
        events=Event.objects.count(),
        users=tuple(get_user_model().objects.order_by("username").values_list("username", "email")),
        integrations=tuple(
            Integration.objects.order_by("pk").values_list("provider", "description")
        ),
        invite_links=tuple(InviteLink.objects.order_by("pk").values_list("name", "enabled")),
        origins=tuple(FrontendSetting.objects.values_list("allowed_origins", flat=True)),
    )


def _new_token_of(kind: str) -> Callable:
    return lambda a, b: [t for t in b.tokens if t not in a.tokens] == [("matrix-token", kind)]


@dataclass(frozen=True)
class Action:
    api: tuple  # (method, path, JSON body or None)
    admin: tuple | None  # (method, URL name and args, form) for the Django admin door
    command: Callable | None  # (tmp_path) -> call_command args, when a command does this
    effect: Callable  # (before, after) -> the allowed write happened / the read saw the flag
    maintenance_before: bool = False
    reads: bool = False


def _import_body(tmp_path, body: dict) -> list:
    path = tmp_path / "import.json"
    path.write_text(json.dumps({"version": 2, "segments": [], **body}))
    return ["import_features", str(path), "--environment", "development", "--project", "default"]


FEATURE_BODY = {"name": NEW_FLAG, "type": "release", "enabled": False, "strategies": []}
ACTIONS = {
    "maintenance_on": Action(
        api=("post", "/api/admin/maintenance", {"enabled": True}),
        admin=("post", ("admin:maintenance_maintenancesetting_change", [1]), {"enabled": "on"}),
        command=lambda tmp: ["maintenance", "on"],
        effect=lambda a, b: not a.maintenance and b.maintenance,
    ),
    "maintenance_off": Action(
        api=("post", "/api/admin/maintenance", {"enabled": False}),
        admin=("post", ("admin:maintenance_maintenancesetting_change", [1]), {"message": ""}),
        command=lambda tmp: ["maintenance", "off"],
        effect=lambda a, b: a.maintenance and not b.maintenance,
        maintenance_before=True,
    ),
    "create_flag": Action(
        api=("post", "/api/admin/projects/default/features", {"name": NEW_FLAG}),
        admin=(
            "post",
            ("admin:flags_feature_add", []),
            {"name": NEW_FLAG, "project": "default", "type": "release", "description": ""},
        ),
        command=lambda tmp: _import_body(tmp, {"features": [FEATURE_BODY]}),
        effect=lambda a, b: NEW_FLAG in b.features and NEW_FLAG not in a.features,
    ),
    "toggle_flag": Action(
        api=(
            "post",
            f"/api/admin/projects/default/features/{FLAG}/environments/development/on",
            None,
        ),
        admin=("post", ("admin:flags_feature_toggle", [FLAG, "development"]), {"enabled": "1"}),
        command=lambda tmp: _import_body(
            tmp, {"features": [{"name": FLAG, "enabled": True, "strategies": []}]}
        ),
        effect=lambda a, b: (FLAG, "development") in set(b.enabled) - set(a.enabled),
    ),
    "create_client_token": Action(
        api=(
            "post",
            "/api/admin/api-tokens",
            {"tokenName": "matrix-token", "type": "client", "environment": "development"},
        ),
        admin=(
            "post",
            ("admin:flags_apitoken_add", []),
            {"name": "matrix-token", "type": "backend", "environment": "development"},
        ),
        command=None,  # no command creates tokens
        effect=_new_token_of("backend"),
    ),
    "create_admin_token": Action(
        api=("post", "/api/admin/api-tokens", {"tokenName": "matrix-token", "type": "admin"}),
        admin=("post", ("admin:flags_apitoken_add", []), {"name": "matrix-token", "type": "admin"}),
        command=None,
        effect=_new_token_of("admin"),
    ),
    "create_segment": Action(
        api=("post", "/api/admin/segments", {"name": NEW_SEGMENT, "constraints": []}),
        admin=("post", ("admin:flags_segment_add", []), {"name": NEW_SEGMENT, "constraints": "[]"}),
        command=lambda tmp: _import_body(
            tmp, {"features": [], "segments": [{"id": 1, "name": NEW_SEGMENT, "constraints": []}]}
        ),
        effect=lambda a, b: NEW_SEGMENT in b.segments and NEW_SEGMENT not in a.segments,
    ),
    # Managing users is Admin's alone (issue 10: user-admin); no command creates them here.
    "create_user": Action(
        api=("post", "/api/admin/user-admin", {"username": NEW_USER, "rootRole": 3}),
        admin=(
            "post",
            ("admin:auth_user_add", []),
            {"username": NEW_USER, "usable_password": "false"},
        ),
        command=None,
        effect=lambda a, b: NEW_USER in {u for u, _ in b.users} - {u for u, _ in a.users},
    ),
    # Addons, invite links and CORS origins have no Django admin page: API door only.
    "create_addon": Action(
        api=(
            "post",
            "/api/admin/addons",
            {
                "provider": "webhook",
                "enabled": True,
                "description": "matrix-hook",
                "parameters": {"url": "https://1.1.1.1/hook"},
                "events": ["feature-created"],
            },
        ),
        admin=None,
        command=None,
        effect=lambda a, b: ("webhook", "matrix-hook") in set(b.integrations) - set(a.integrations),
    ),
    "create_invite_link": Action(
        api=(
            "post",
            "/api/admin/invite-link/tokens",
            {"name": "matrix-link", "expiresAt": "2099-01-01T00:00:00Z"},
        ),
        admin=None,
        command=None,
        effect=lambda a, b: ("matrix-link", True) in set(b.invite_links) - set(a.invite_links),
    ),
    "set_cors": Action(
        api=("post", "/api/admin/ui-config/cors", {"frontendApiOrigins": ["https://m.example"]}),
        admin=None,
        command=None,
        effect=lambda a, b: b.origins == (["https://m.example"],) and a.origins != b.origins,
    ),
    "read_flags": Action(
        api=("get", "/api/admin/projects/default/features", None),
        admin=("get", ("admin:flags_feature_changelist", []), None),
        command=lambda tmp: ["export_features", "--environment", "development"],
        effect=None,
        reads=True,
    ),
    "list_sessions": Action(
        api=("get", "/api/admin/sessions", None),
        admin=("get", ("admin:accounts_session_changelist", []), None),
        command=None,
        effect=None,
        reads=True,
    ),
}


def expected(subject: str, door: str, action: str) -> str:
    if door == "command":
        return ALLOWED  # ops with a shell act as the system
    # An admin API token is not a user and belongs to no group: it acts as Admin.
    acting = "Admin" if door == "admin_token" else subject
    if action == "list_sessions":
        if acting == "Admin":
            return ALL_ROWS
        return REFUSED if door == "django_admin" else OWN_ROWS
    return ALLOWED if action in MAY[acting] else REFUSED


def _cases():
    for role in ROLES:
        for door in ("session", "personal_token", "django_admin"):
            for action, spec in ACTIONS.items():
                if door != "django_admin" or spec.admin is not None:
                    yield role, door, action
    for action in ACTIONS:
        yield "admin-token", "admin_token", action
    for action, spec in ACTIONS.items():
        if spec.command is not None:
            yield "system", "command", action


CASES = [
    pytest.param(s, d, a, expected(s, d, a), id=f"{s}-{d}-{a}-{expected(s, d, a)}")
    for s, d, a in _cases()
]


# --- the world every case starts from ----------------------------------------------------


@dataclass
class World:
    user: object = None
    bystander: object = None
    client: Client = field(default_factory=Client)
    headers: dict = field(default_factory=dict)


def _role_user(django_user_model, name: str, role: str):
    user = django_user_model.objects.create_user(name, password=f"pw-{name}-1", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def _personal_token(user) -> str:
    """Made the way the issue did: the user asks for one with their own session (201)."""
    browser = Client()
    browser.force_login(user)
    response = browser.post(
        "/api/admin/user/tokens", {"description": "mine"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content[:300]
    return response.json()["secret"]


@pytest.fixture(autouse=True)
def _quick_password_hashes(settings):
    # Hash strength is not under test here; hundreds of logins at full PBKDF2 cost minutes.
    settings.PASSWORD_HASHERS = QUICK_HASHERS


def _make_world():
    services.feature_create(project=Project.objects.get(pk="default"), name=FLAG, actor=ACTOR)
    with override_settings(PASSWORD_HASHERS=QUICK_HASHERS):
        bystander = _role_user(get_user_model(), "bystander", "Viewer")
        Client().login(username="bystander", password="pw-bystander-1")  # someone else's session
    return bystander


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """Made once per module (tests/support/module_rows.py), not for each of ~240 cases."""
    with rows_for_module(django_db_blocker, _make_world) as bystander:
        yield bystander


@pytest.fixture
def world(db, _module_world, django_user_model):
    return World(bystander=django_user_model.objects.get(pk=_module_world.pk))


def _enter(world: World, subject: str, door: str, django_user_model) -> None:
    if door == "admin_token":
        _token, secret = services.token_create(name="root", type="admin", actor=ACTOR)
        world.headers = {"HTTP_AUTHORIZATION": secret}
        return
    if door == "command":
        return
    world.user = _role_user(django_user_model, subject.lower(), subject)
    if door == "personal_token":
        world.headers = {"HTTP_AUTHORIZATION": _personal_token(world.user)}
    else:
        assert world.client.login(username=world.user.username, password=f"pw-{world.user}-1")


def _precondition(spec: Action, on_commit) -> None:
    if spec.maintenance_before:
        with on_commit(execute=True):
            maintenance_services.set_maintenance(enabled=True, actor=ACTOR)


# --- performing an action through a door ------------------------------------------------


def _through_api(world: World, spec: Action):
    method, path, body = spec.api
    kwargs = dict(world.headers)
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(world.client, method)(path, **kwargs)


def _through_admin(world: World, spec: Action):
    method, (name, args), form = spec.admin
    args = [Feature.objects.get(name=FLAG).pk, *args[1:]] if args and args[0] == FLAG else args
    url = reverse(name, args=args)
    return world.client.post(url, form) if method == "post" else world.client.get(url)


def _through_command(spec: Action, tmp_path, capsys) -> str:
    call_command(*spec.command(tmp_path))
    return capsys.readouterr().out


# --- what each outcome looks like -------------------------------------------------------


def _assert_api(response, outcome: str, action: str, world: World):
    if outcome == REFUSED:
        assert response.status_code == 403, response.content[:300]
        return
    assert response.status_code in (200, 201, 204), response.content[:300]
    if action == "read_flags":
        assert FLAG in response.content.decode()
    if action == "list_sessions":
        owners = {s["userId"] for s in response.json()["sessions"]}
        if outcome == ALL_ROWS:
            assert world.bystander.pk in owners
        else:
            assert owners <= {world.user.pk}


def _assert_admin(response, outcome: str, action: str, spec: Action):
    if outcome == REFUSED:
        if response.status_code == 200:  # a form shown again: the refusal is a field error
            assert spec.admin[0] == "post" and response.context["adminform"].form.errors
        else:
            assert response.status_code == 403, response.status_code
        return
    if spec.reads:
        assert response.status_code == 200
        must_show = "bystander" if action == "list_sessions" else FLAG
        assert must_show in response.content.decode()
    else:
        assert response.status_code == 302, _form_errors(response)


def _form_errors(response):
    context = getattr(response, "context", None)
    return context and context.get("adminform") and context["adminform"].form.errors


@pytest.mark.parametrize(("subject", "door", "action", "outcome"), CASES)
def test_role_door_action__per_role_definition__allowed_or_refused_and_nothing_changed(
    world,
    django_user_model,
    django_capture_on_commit_callbacks,
    tmp_path,
    capsys,
    subject,
    door,
    action,
    outcome,
):
    spec = ACTIONS[action]
    _enter(world, subject, door, django_user_model)
    _precondition(spec, django_capture_on_commit_callbacks)
    before = fingerprint()
    if door == "command":
        output = _through_command(spec, tmp_path, capsys)
        if action == "read_flags":
            assert FLAG in output
    elif door == "django_admin":
        _assert_admin(_through_admin(world, spec), outcome, action, spec)
    else:
        _assert_api(_through_api(world, spec), outcome, action, world)
    after = fingerprint()
    if outcome == ALLOWED and not spec.reads:
        assert spec.effect(before, after), (before, after)
    else:
        assert after == before  # refused, or a read: the database is exactly as it was


# --- a personal token is its owner, now: role changes, deactivation, deletion -------------


def _switch_on(secret: str):
    return Client().post(
        "/api/admin/maintenance",
        json.dumps({"enabled": True}),
        content_type="application/json",
        HTTP_AUTHORIZATION=secret,
    )


def test_personal_token__owner_promoted_then_demoted__follows_the_role_at_once(
    world, django_user_model
):
    user = _role_user(django_user_model, "changing", "Viewer")
    secret = _personal_token(user)
    assert _switch_on(secret).status_code == 403
    user.groups.set([Group.objects.get(name="Admin")])
    assert _switch_on(secret).status_code == 204
    user.groups.set([Group.objects.get(name="Editor")])
    before = fingerprint()
    assert _switch_on(secret).status_code == 403
    assert fingerprint() == before


@pytest.mark.parametrize("fate", ["deactivated", "deleted"])
def test_personal_token__owner_deactivated_or_deleted__401_nothing_changed(
    world, django_user_model, fate
):
    user = _role_user(django_user_model, "leaver", "Admin")
    secret = _personal_token(user)
    reads = Client().get("/api/admin/projects/default/features", HTTP_AUTHORIZATION=secret)
    assert reads.status_code == 200  # the token is now in the caches too
    if fate == "deactivated":
        django_user_model.objects.filter(pk=user.pk).update(is_active=False)
    else:
        user.delete()
    before = fingerprint()
    assert _switch_on(secret).status_code == 401
    assert fingerprint() == before


def test_personal_token__without_an_owner__401_not_an_admin(world):
    # Only admin tokens act as admin; a personal token whose owner is missing is nobody.
    _token, secret = services.token_create(name="orphan", type="personal", actor=ACTOR)
    before = fingerprint()
    assert _switch_on(secret).status_code == 401
    assert fingerprint() == before


# --- every admin API write: a Viewer writes nothing, by session or personal token ---------

# Viewer's own personal tokens are theirs to manage; POSTs that only read need view rights.
# So are their own password (user/change-password) and the strength check (it reads only).
OWN_ROUTES = (
    "api/admin/user/tokens",
    "api/admin/user/change-password",
    "api/admin/user-admin/validate-password",
)
# Favorites are the caller's own bookmarks: any role may set them, as in Unleash 8.2
# (tests/flags/api/test_favorites_links_lifecycle.py proves a Viewer may, and nothing else).
OWN_SUFFIXES = ("/favorites",)
PATH_VALUES = {"project_id": "default", "feature_name": FLAG, "environment": "development"}


def _admin_api_writes():
    from django.urls import URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.callback

    for route, callback in walk(get_resolver().url_patterns):
        view = getattr(callback, "view_class", None)
        if view is None or not route.startswith("api/admin/") or route.startswith(OWN_ROUTES):
            continue
        if route.endswith(OWN_SUFFIXES):
            continue
        for method in ("post", "put", "patch", "delete"):
            if hasattr(view, method):
                yield route, method, view


def _concrete(route: str) -> str:
    import re

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: PATH_VALUES.get(m.group(1), "1"), route)


WRITES = [
    pytest.param(route, method, view, id=f"{method}-{route}")
    for route, method, view in _admin_api_writes()
]


@pytest.mark.parametrize("door", ["session", "personal_token"])
@pytest.mark.parametrize(("route", "method", "view"), WRITES)
def test_admin_api_write__viewer_any_door__403_nothing_changed(
    world, django_user_model, door, route, method, view
):
    from flags.api.admin.base import ReadOnlyPostView

    _enter(world, "Viewer", door, django_user_model)
    before = fingerprint()
    response = getattr(world.client, method)(
        _concrete(route), "{}", content_type="application/json", **world.headers
    )
    if issubclass(view, ReadOnlyPostView):
        assert response.status_code < 500, response.content[:300]
    else:
        assert response.status_code == 403, (response.status_code, response.content[:300])
    assert fingerprint() == before
