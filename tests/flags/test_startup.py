"""INIT_*_API_TOKENS: tokens created at startup (and after migrate) once, as Unleash does."""

import logging

from django.core.management import call_command

from core.models import Event
from flags.models import ApiToken
from flags.startup import ensure_init_tokens
from flags.tokens import hash_secret

BACKEND = "*:development.backend-secret-1"
FRONTEND = "default:production.frontend-secret-1"
ADMIN = "*:*.admin-secret-1"


def _token(secret):
    return ApiToken.objects.get(secret_hash=hash_secret(secret))


def test_ensure_init_tokens__backend__created_with_scope_and_hash(settings, db):
    settings.INIT_BACKEND_API_TOKENS = [BACKEND]
    [created] = ensure_init_tokens()
    token = _token(BACKEND)
    assert created == token
    assert (token.type, token.environment_id, token.projects) == ("backend", "development", ["*"])
    assert token.secret_hash == hash_secret(BACKEND)
    assert not ApiToken.objects.filter(display__contains="backend-secret-1").exists()
    assert token.display == "*:development.backen…"


def test_ensure_init_tokens__frontend_for_one_project__project_scope(settings, db):
    settings.INIT_FRONTEND_API_TOKENS = [FRONTEND]
    ensure_init_tokens()
    token = _token(FRONTEND)
    assert (token.type, token.environment_id, token.projects) == (
        "frontend",
        "production",
        ["default"],
    )


def test_ensure_init_tokens__admin__all_environments(settings, db):
    settings.INIT_ADMIN_API_TOKENS = [ADMIN]
    ensure_init_tokens()
    token = _token(ADMIN)
    assert (token.type, token.environment, token.projects) == ("admin", None, ["*"])


def test_ensure_init_tokens__audited_as_startup(settings, db):
    settings.INIT_ADMIN_API_TOKENS = [ADMIN]
    ensure_init_tokens()
    event = Event.objects.get(type="api-token-created")
    assert (event.created_by, event.source) == ("init-api-tokens", "startup")
    assert "admin-secret-1" not in str(event.data)


def test_ensure_init_tokens__second_run__nothing_new(settings, db):
    settings.INIT_ADMIN_API_TOKENS = [ADMIN]
    settings.INIT_BACKEND_API_TOKENS = [BACKEND, " "]
    settings.INIT_FRONTEND_API_TOKENS = [FRONTEND]
    assert len(ensure_init_tokens()) == 3
    assert ensure_init_tokens() == []
    assert ApiToken.objects.count() == 3
    assert Event.objects.filter(type="api-token-created").count() == 3


def test_ensure_init_tokens__malformed__logged_and_skipped(settings, db, caplog):
    settings.INIT_BACKEND_API_TOKENS = [
        "plainsecretwithoutscope",
        "*:staging.unknown-env",
        "*:*.star-env-backend",
        "[]:development.multi",
        "nope:development.unknown-project",
        BACKEND,
    ]
    with caplog.at_level(logging.ERROR, logger="flags.startup"):
        created = ensure_init_tokens()
    assert [t.secret_hash for t in created] == [hash_secret(BACKEND)]
    assert ApiToken.objects.count() == 1
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 5
    assert all(m.startswith("INIT_BACKEND_API_TOKENS: not created") for m in messages)
    assert not any("plainsecretwithoutscope" in m for m in messages)


def test_migrate__init_tokens_configured__created_by_post_migrate(settings, db):
    settings.INIT_BACKEND_API_TOKENS = [BACKEND]
    call_command("migrate", verbosity=0)
    assert _token(BACKEND).type == "backend"
