"""The Unleash token format (generation, display, parsing, hashing) and expiry at creation."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from core.actors import Actor
from core.errors import ValidationFailed
from flags import tokens
from flags.models import ApiToken, Environment
from flags.services import token_create, token_update_expiry
from tests.support.fuzz import examples

HEX56 = r"[0-9a-f]{56}"


@pytest.fixture
def development():
    return Environment(name="development")


def test_generate__backend_all_projects__star_scope(development):
    assert re.fullmatch(rf"\*:development\.{HEX56}", tokens.generate("backend", development, ["*"]))


def test_generate__one_project__project_scope(development):
    secret = tokens.generate("frontend", development, ["default"])
    assert re.fullmatch(rf"default:development\.{HEX56}", secret)


def test_generate__several_projects__bracket_scope(development):
    secret = tokens.generate("backend", development, ["a", "b"])
    assert re.fullmatch(rf"\[\]:development\.{HEX56}", secret)


def test_generate__admin__all_everything():
    assert re.fullmatch(rf"\*:\*\.{HEX56}", tokens.generate("admin", None, ["*"]))


def test_generate__personal__user_prefix():
    assert re.fullmatch(rf"user:{HEX56}", tokens.generate("personal", None, ["*"]))


def test_generate__twice__different_secrets(development):
    assert tokens.generate("backend", development, ["*"]) != tokens.generate(
        "backend", development, ["*"]
    )


@pytest.mark.parametrize(
    ("type_", "projects", "head"),
    [
        ("backend", ["*"], "*:development."),
        ("frontend", ["default"], "default:development."),
        ("backend", ["a", "b"], "[]:development."),
        ("admin", ["*"], "*:*."),
        ("personal", ["*"], "user:"),
    ],
)
def test_display__generated_token__head_plus_six_characters_only(
    development, type_, projects, head
):
    secret = tokens.generate(type_, development, projects)
    random = secret[len(head) :]
    assert tokens.display(secret) == f"{head}{random[:6]}…"
    assert random[:7] not in tokens.display(secret)


@pytest.mark.parametrize("malformed", ["nonsense-secret-value", "abc:def", "no-colon.secretpart"])
def test_display__malformed_token__at_most_six_characters(malformed):
    assert tokens.display(malformed) == f"{malformed[:6]}…"


@pytest.mark.parametrize(
    ("secret", "parsed"),
    [
        ("*:development.abc", ("*", "development")),
        ("default:production.abc", ("default", "production")),
        ("[]:development.abc", ("[]", "development")),
        ("*:*.abc", ("*", "*")),
        ("user:abc", None),
        ("development.abc", None),
        ("*:development.", None),
        (":development.abc", None),
        ("*:.abc", None),
    ],
)
def test_parse__token_string__scope_or_none(secret, parsed):
    assert tokens.parse(secret) == parsed


def test_hash_secret__sha256_hex():
    assert tokens.hash_secret("*:*.x") == hashlib.sha256(b"*:*.x").hexdigest()


# --- expiresAt at creation: a token born expired is refused on every create path (issue 9) ---

API_TOKENS = "/api/admin/api-tokens"
PERSONAL_TOKENS = "/api/admin/user/tokens"
PAST_OFFSETS = st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=365 * 80))


def _admin_api(admin_secret: str) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=admin_secret)


@pytest.fixture
def admin_secret(db):
    return token_create(name="root", type="admin", actor=Actor.system("test"))[1]


def _expires_at_refused(response, before: int) -> None:
    assert response.status_code == 400, response.content[:300]
    assert [d["path"] for d in response.json()["details"]] == ["expiresAt"]
    assert ApiToken.objects.count() == before


@pytest.mark.parametrize("type_", ["client", "frontend", "admin"])
@pytest.mark.parametrize("expires", ["2000-01-01T00:00:00Z", "soon", "2030-13-45T00:00:00Z", 17])
def test_create_api_token__expires_at_past_or_invalid__400_naming_it(admin_secret, type_, expires):
    before = ApiToken.objects.count()
    body = {"tokenName": "t", "type": type_, "environment": "development", "expiresAt": expires}
    _expires_at_refused(_admin_api(admin_secret).post(API_TOKENS, body, format="json"), before)


# Each example is refused and stores nothing, so sharing the one admin token is safe.
@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ago=PAST_OFFSETS)
def test_create_api_token__any_past_moment__400(admin_secret, ago):
    before = ApiToken.objects.count()
    moment = (timezone.now() - ago).isoformat()
    body = {"tokenName": "t", "type": "client", "environment": "development", "expiresAt": moment}
    _expires_at_refused(_admin_api(admin_secret).post(API_TOKENS, body, format="json"), before)


# Each example stores at most one token, counted before and after; the fixture stays valid.
@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    expires=st.one_of(
        st.text(max_size=40),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
    )
)
def test_create_api_token__any_expires_at_value__201_or_400_naming_it(admin_secret, expires):
    before = ApiToken.objects.count()
    body = {"tokenName": "t", "type": "client", "environment": "development", "expiresAt": expires}
    response = _admin_api(admin_secret).post(API_TOKENS, body, format="json")
    assert response.status_code in (201, 400), response.content[:300]
    if response.status_code == 400:
        # NUL and lone surrogates are refused for the whole body before any field is read.
        assert response.json()["details"][0]["path"] in ("expiresAt", "body")
        assert ApiToken.objects.count() == before


def test_create_api_token__future_expiry__201(admin_secret):
    later = (timezone.now() + timedelta(minutes=5)).isoformat()
    body = {"tokenName": "t", "type": "client", "environment": "development", "expiresAt": later}
    assert _admin_api(admin_secret).post(API_TOKENS, body, format="json").status_code == 201


@pytest.mark.parametrize("expires", ["1999-12-31T23:59:59+00:00", "tomorrow-ish", ""])
def test_create_personal_token__expires_at_past_or_invalid__400_naming_it(
    django_user_model, expires
):
    user = django_user_model.objects.create_user("pat-owner", password="pw-owner-1")
    api = APIClient()
    api.force_login(user)
    before = ApiToken.objects.count()
    response = api.post(PERSONAL_TOKENS, {"description": "d", "expiresAt": expires}, format="json")
    _expires_at_refused(response, before)


def test_token_create_service__past_expiry__validation_failed(db):
    with pytest.raises(ValidationFailed) as raised:
        token_create(
            name="t",
            type="admin",
            expires_at=timezone.now() - timedelta(seconds=1),
            actor=Actor.system("test"),
        )
    assert raised.value.details[0]["path"] == "expiresAt"
    assert not ApiToken.objects.exists()


def test_token_update_expiry__past__allowed_to_expire_a_token_now(admin_secret):
    token = ApiToken.objects.get()
    token_update_expiry(
        token=token, expires_at=timezone.now() - timedelta(seconds=1), actor=Actor.system("t")
    )
    response = _admin_api(admin_secret).get(API_TOKENS)
    assert response.status_code == 401  # the token expired itself


def test_django_admin_token_form__past_expiry__field_error_nothing_stored(admin_user):
    client = Client()
    client.force_login(admin_user)
    form = {
        "name": "ci",
        "type": "backend",
        "environment": "development",
        "expires_at_0": "2001-02-03",
        "expires_at_1": "04:05:06",
    }
    response = client.post(reverse("admin:flags_apitoken_add"), form)
    assert response.status_code == 200
    assert "expires_at" in response.context["adminform"].form.errors
    assert not ApiToken.objects.exists()
