"""API token writes: the secret is returned once, only its hash is stored."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from core.errors import Conflict, NotFound, ValidationFailed
from flags import services
from flags.models import ApiToken
from flags.tokens import hash_secret


def _create(actor, **kwargs):
    kwargs.setdefault("name", "web")
    kwargs.setdefault("type", "backend")
    kwargs.setdefault("environment", "development")
    return services.token_create(actor=actor, **kwargs)


def test_token_create__backend__hash_stored_secret_returned(actor, development, events):
    token, secret = _create(actor)
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.secret_hash == hash_secret(secret)
    assert secret.startswith("*:development.")
    assert (stored.type, stored.environment, stored.projects) == ("backend", development, ["*"])
    assert secret.split(".", 1)[1] not in stored.display
    [event] = events()
    assert event.type == "api-token-created"
    assert event.data == {
        "tokenName": "web",
        "type": "client",
        "environment": "development",
        "projects": ["*"],
        "display": stored.display,
        "expiresAt": None,
    }
    assert secret not in str(event.data)


def test_token_create__client_alias__backend_token(actor, db):
    token, _ = _create(actor, type="client")
    assert token.type == "backend"


def test_token_create__admin__all_projects_all_environments(actor, db):
    token, secret = _create(actor, type="admin", environment="production", projects=["default"])
    assert (token.environment, token.projects) == (None, ["*"])
    assert secret.startswith("*:*.")


def test_token_create__projects_deduplicated_and_sorted(actor, development):
    services.project_create(id="web", name="Web", actor=actor)
    token, secret = _create(actor, projects=["web", "default", "web"])
    assert token.projects == ["default", "web"]
    assert secret.startswith("[]:development.")


def test_token_create__given_secret__stored_hashed(actor, db):
    token, secret = _create(actor, secret="*:development.my-own-secret")
    assert secret == "*:development.my-own-secret"
    assert token.secret_hash == hash_secret(secret)


def test_token_create__duplicate_secret__conflict(actor, db):
    _create(actor, secret="*:development.s3cret")
    with pytest.raises(Conflict):
        _create(actor, secret="*:development.s3cret")
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"name": ""}, "tokenName"),
        ({"type": "superuser"}, "type"),
        ({"environment": "staging"}, "environment"),
        ({"environment": None}, "environment"),
        ({"projects": []}, "projects"),
        ({"projects": "default"}, "projects"),
        ({"projects": ["nope"]}, "projects"),
        ({"expires_at": "2030-01-01"}, "expiresAt"),
        ({"expires_at": datetime(2030, 1, 1)}, "expiresAt"),
        ({"secret": ""}, "secret"),
    ],
)
def test_token_create__bad_field__validation_error(actor, events, db, kwargs, path):
    with pytest.raises(ValidationFailed) as exc:
        _create(actor, **kwargs)
    assert exc.value.details[0]["path"] == path
    assert not ApiToken.objects.exists()
    assert events() == []


def test_token_update_expiry__new_date__event_with_before(actor, events, db):
    token, _ = _create(actor)
    when = timezone.now() + timedelta(days=30)
    services.token_update_expiry(token=token, expires_at=when, actor=actor)
    assert ApiToken.objects.get(pk=token.pk).expires_at == when
    event = events()[-1]
    assert event.type == "api-token-updated"
    assert (event.pre_data["expiresAt"], event.data["expiresAt"]) == (None, when.isoformat())


def test_token_update_expiry__naive_date__validation_error(actor, db):
    token, _ = _create(actor)
    with pytest.raises(ValidationFailed):
        services.token_update_expiry(token=token, expires_at=datetime(2030, 1, 1), actor=actor)


def test_token_delete__existing__removed_with_event(actor, events, db):
    token, _ = _create(actor)
    services.token_delete(token=token, actor=actor)
    assert not ApiToken.objects.exists()
    event = events()[-1]
    assert (event.type, event.pre_data["tokenName"]) == ("api-token-deleted", "web")


def test_token_delete__already_deleted__not_found(actor, db):
    token, _ = _create(actor)
    ApiToken.objects.filter(pk=token.pk).delete()
    with pytest.raises(NotFound):
        services.token_delete(token=token, actor=actor)
