"""Tokens on /api/client/features: 401 for missing/unknown/expired, 403 for the wrong kind."""

from datetime import timedelta

import pytest
from django.utils import timezone

from flags import services
from flags.authentication import TokenError, authenticate, flush_token_last_seen
from flags.models import ApiToken
from flags.tokens import BACKEND_TOKENS
from tests.support.client_api import ACTOR, body, get, token


@pytest.mark.parametrize("header", [None, "", "Bearer ", "*:development.not-a-real-secret"])
def test_client_features__missing_or_unknown_token__401_unleash_shape(client, db, header):
    response = get(client, header)
    assert response.status_code == 401
    payload = body(response)
    assert payload["name"] and payload["message"] and payload["details"][0]["message"]


@pytest.mark.parametrize("kind", ["frontend", "admin", "personal"])
def test_client_features__wrong_token_kind__403(client, admin_user, kind):
    extra = {"user": admin_user} if kind == "personal" else {}
    response = get(client, token(kind, **extra))
    assert response.status_code == 403
    assert "backend" in body(response)["message"]


def test_client_features__expired_token__401(client, db):
    # Born valid (a past expiresAt is refused at creation), then expired through the service.
    secret = token(expires_at=timezone.now() + timedelta(hours=1))
    services.token_update_expiry(
        token=ApiToken.objects.get(), expires_at=timezone.now() - timedelta(seconds=1), actor=ACTOR
    )
    assert get(client, secret).status_code == 401


def test_client_features__token_expiring_later__200(client, db):
    secret = token(expires_at=timezone.now() + timedelta(hours=1))
    assert get(client, secret).status_code == 200


def test_client_features__bearer_form__accepted(client, db):
    assert get(client, f"Bearer {token()}").status_code == 200


def _used_then_deleted(client, settings, capture_on_commit) -> str:
    """A token that served once (so it is cached), then deleted with its commit hooks run."""
    from flags import services
    from tests.support.client_api import ACTOR

    settings.UNLEASH_REVISION_CHECK_INTERVAL = 0
    secret = token()
    assert get(client, secret).status_code == 200
    with capture_on_commit(execute=True):
        services.token_delete(token=ApiToken.objects.get(), actor=ACTOR)
    return secret


def test_client_features__deleted_token__401_once_revision_moves(
    client, db, settings, django_capture_on_commit_callbacks
):
    secret = _used_then_deleted(client, settings, django_capture_on_commit_callbacks)
    assert get(client, secret).status_code == 401


def test_authenticate__valid_token__principal_with_scope(db):
    secret = token(projects=["default"])
    principal = authenticate(secret, allowed_types=BACKEND_TOKENS)
    assert (principal.type, principal.environment, principal.projects) == (
        "backend",
        "development",
        ("default",),
    )


def test_authenticate__wrong_type__token_error_403(db):
    with pytest.raises(TokenError) as caught:
        authenticate(token("frontend"), allowed_types=BACKEND_TOKENS)
    assert caught.value.status == 403


def test_flush_token_last_seen__after_use__stored_without_request_writes(client, db):
    secret = token()
    get(client, secret)
    assert ApiToken.objects.get().last_seen_at is None
    assert flush_token_last_seen() == 1
    assert ApiToken.objects.get().last_seen_at is not None
    assert flush_token_last_seen() == 0


def test_client_features__fresh_process__token_from_redis_without_query(
    client, db, django_assert_num_queries
):
    from core import cache_reset, revision

    secret = token()
    assert get(client, secret).status_code == 200
    cache_reset.reset_process_caches()  # what a freshly started process has

    revision.current()
    with django_assert_num_queries(0):
        assert get(client, secret).status_code == 200


def test_client_features__deleted_token_in_redis__401_in_fresh_process(
    client, db, settings, django_capture_on_commit_callbacks
):
    from core import cache_reset

    secret = _used_then_deleted(client, settings, django_capture_on_commit_callbacks)
    cache_reset.reset_process_caches()
    assert get(client, secret).status_code == 401
