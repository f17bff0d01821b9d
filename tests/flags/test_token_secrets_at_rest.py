"""A database dump alone reveals no usable API token, while the admin API still lists secrets.

Every path that creates a token (admin API, project route, personal tokens, Django admin,
INIT_*_API_TOKENS at startup) is followed by a scan of every column of every row of every
table, as `pg_dump` would see them, for the plain secret and for its random part.
"""

import json
import string

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.actors import Actor
from core.models import Event
from flags import services, startup, tokens
from flags.models import ApiToken
from tests.support.fuzz import examples

ACTOR = Actor.system("test")
ADMIN = "*:*.at-rest-admin-secret-0123456789"
URL = "/api/admin/api-tokens"


def dump() -> str:
    """Every row of every table in our schema as JSON text: what a database dump holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
        tables = [row[0] for row in cursor.fetchall()]
        rows = []
        for table in tables:
            cursor.execute(f'SELECT row_to_json(t)::text FROM "{table}" t')  # noqa: S608
            rows += [row[0] for row in cursor.fetchall()]
    return "\n".join(rows)


def assert_not_in_dump(secret: str) -> None:
    text = dump()
    # The token's row was in the scan (its lookup hash is), so the check is not vacuous.
    assert tokens.hash_secret(secret) in text
    # row_to_json escapes like JSON does; compare in the same form.
    for needle in {secret, secret.partition(".")[2] or secret.partition(":")[2]}:
        assert json.dumps(needle)[1:-1] not in text, f"{tokens.display(secret)} found in a dump"


def admin_api() -> Client:
    return Client(HTTP_AUTHORIZATION=ADMIN)


@pytest.fixture
def admin_secret(db):
    services.token_create(name="root", type="admin", actor=ACTOR, secret=ADMIN)
    return ADMIN


def post(path: str, body: dict) -> dict:
    response = admin_api().post(path, json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def test_dump__tokens_from_every_api_route__no_secret(admin_secret, default_project, admin_user):
    created = [
        post(URL, {"tokenName": "c", "type": "client", "environment": "development"}),
        post(URL, {"tokenName": "f", "type": "FRONTEND", "environment": "development"}),
        post(URL, {"tokenName": "a", "type": "admin"}),
        post("/api/admin/projects/default/api-tokens", {"tokenName": "p", "type": "Backend"}),
    ]
    _pat, pat_secret = services.token_create(
        name="pat", type="personal", user=admin_user, actor=ACTOR
    )
    pat = Client(HTTP_AUTHORIZATION=pat_secret).post(
        "/api/admin/user/tokens", json.dumps({"description": "laptop"}), "application/json"
    )
    secrets = [t["secret"] for t in created] + [pat_secret, pat.json()["secret"], ADMIN]
    assert Event.objects.filter(type="api-token-created").count() >= len(secrets)
    for secret in secrets:
        assert_not_in_dump(secret)
    listed = {t["secret"] for t in admin_api().get(URL).json()["tokens"]}
    assert {t["secret"] for t in created} <= listed


def test_dump__token_created_in_django_admin__no_secret_even_before_shown(admin_user):
    client = Client()
    client.force_login(admin_user)
    body = {"name": "ci", "type": "backend", "environment": "development"}
    assert client.post(reverse("admin:flags_apitoken_add"), body).status_code == 302
    token = ApiToken.objects.get(name="ci")
    # The session (in the database) holds only the token's id until the page is shown.
    assert_not_in_dump(token.stored_secret())
    page = client.get(reverse("admin:flags_apitoken_change", args=[token.pk]))
    assert page.context["new_token_secret"] == token.stored_secret()


@override_settings(INIT_BACKEND_API_TOKENS=["default:development.init-secret-abcdef012345"])
def test_dump__init_token_at_startup__encrypted_and_listed(admin_secret):
    [token] = startup.ensure_init_tokens()
    assert token.stored_secret() == "default:development.init-secret-abcdef012345"
    assert_not_in_dump("default:development.init-secret-abcdef012345")


@override_settings(INIT_BACKEND_API_TOKENS=["default:development.legacy-init-0123456789"])
def test_init_token__stored_hash_only_before__encrypted_at_next_start(admin_secret):
    secret = "default:development.legacy-init-0123456789"
    services.token_create(
        name="old", type="backend", environment="development", secret=secret, actor=ACTOR
    )
    ApiToken.objects.filter(name="old").update(secret_encrypted="")  # as before 0004
    assert startup.ensure_init_tokens() == []
    assert ApiToken.objects.get(name="old").stored_secret() == secret
    assert_not_in_dump(secret)


def test_legacy_token__hash_only__listed_masked_secure_still_works(admin_secret):
    created = post(URL, {"tokenName": "legacy", "type": "client", "environment": "development"})
    ApiToken.objects.filter(name="legacy").update(secret_encrypted="")
    [listed] = admin_api().get(f"{URL}/legacy").json()["tokens"]
    assert (listed["secret"], listed["secure"]) == ("*:development.***", True)
    sdk = Client(HTTP_AUTHORIZATION=created["secret"]).get("/api/client/features")
    assert sdk.status_code == 200
    token_id = ApiToken.objects.get(name="legacy").pk
    assert admin_api().delete(f"{URL}/{token_id}").status_code == 200
    assert not ApiToken.objects.filter(name="legacy").exists()


def test_secret_key_changed__secrets_masked_tokens_still_authenticate(admin_secret):
    created = post(URL, {"tokenName": "k", "type": "client", "environment": "development"})
    with override_settings(SECRET_KEY="another-secret-key-for-this-test-only"):
        [listed] = admin_api().get(f"{URL}/k").json()["tokens"]
        assert (listed["secret"], listed["secure"]) == ("*:development.***", True)
        sdk = Client(HTTP_AUTHORIZATION=created["secret"]).get("/api/client/features")
        assert sdk.status_code == 200


def test_encryption_key__configured_and_rotated__old_rows_still_listed(admin_secret):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(TOKEN_ENCRYPTION_KEYS=[old]):
        secret = post(URL, {"tokenName": "r", "type": "client"})["secret"]
    token = ApiToken.objects.get(name="r")
    assert token.stored_secret() is None  # not the SECRET_KEY-derived key
    with override_settings(TOKEN_ENCRYPTION_KEYS=[new, old]):
        assert token.stored_secret() == secret
    with override_settings(TOKEN_ENCRYPTION_KEYS=[new]):
        assert token.stored_secret() is None


def test_encryption_key__not_a_fernet_key__improperly_configured(db):
    with (
        override_settings(TOKEN_ENCRYPTION_KEYS=["not-a-key"]),
        pytest.raises(ImproperlyConfigured, match="TOKEN_ENCRYPTION_KEY"),
    ):
        tokens.encrypt_secret("*:*.x")


def test_encrypted_blob__copied_to_another_row__not_listed_as_its_secret(admin_secret):
    first = post(URL, {"tokenName": "one", "type": "client"})
    post(URL, {"tokenName": "two", "type": "client"})
    blob = ApiToken.objects.get(name="one").secret_encrypted
    ApiToken.objects.filter(name="two").update(secret_encrypted=blob)
    [two] = admin_api().get(f"{URL}/two").json()["tokens"]
    assert two["secret"] != first["secret"] and two["secure"] is True


RANDOM = st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=12, max_size=60)


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(random=RANDOM)
def test_dump__any_given_secret__never_in_any_column(development, default_project, random):
    secret = f"default:development.{random}"
    if ApiToken.objects.filter(secret_hash=tokens.hash_secret(secret)).exists():
        return
    token, _ = services.token_create(
        name="h", type="frontend", environment=development, secret=secret, actor=ACTOR
    )
    assert token.stored_secret() == secret
    assert_not_in_dump(secret)
