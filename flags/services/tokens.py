"""Writes on API tokens: Unleash-format secrets, stored as a lookup hash plus encrypted."""

from datetime import datetime

from django.utils import timezone

from core.actors import Actor
from core.audit import record_event
from core.errors import Conflict, ValidationFailed
from core.services import locked, write_service
from flags import tokens as token_format
from flags.models import ApiToken, Environment, Project, TokenType
from flags.snapshots import token_snapshot


def _clean_scope(type_, environment, projects) -> tuple[Environment | None, list[str]]:
    errors = []
    if type_ not in TokenType.values:
        raise ValidationFailed.at("type", f"must be one of {TokenType.values}")
    if type_ in (TokenType.ADMIN, TokenType.PERSONAL):
        return None, ["*"]
    if isinstance(environment, str):
        env = Environment.objects.filter(pk=environment).first()
        if env is None:
            errors.append(
                {"path": "environment", "message": f"unknown environment {environment!r}"}
            )
        environment = env
    elif not isinstance(environment, Environment):
        errors.append({"path": "environment", "message": "is required"})
    if projects is None:
        projects = ["*"]
    if (
        not isinstance(projects, list)
        or not projects
        or not all(isinstance(p, str) for p in projects)
    ):
        errors.append({"path": "projects", "message": "must be a non-empty list of project ids"})
    elif "*" in projects:
        projects = ["*"]
    else:
        known = set(Project.objects.filter(pk__in=projects).values_list("pk", flat=True))
        unknown = [p for p in projects if p not in known]
        if unknown:
            errors.append({"path": "projects", "message": f"unknown project {unknown[0]!r}"})
    if errors:
        raise ValidationFailed.from_details(errors)
    return environment, sorted(set(projects)) if projects != ["*"] else ["*"]


@write_service
def token_create(
    *,
    name: str,
    type: str,
    actor: Actor,
    environment=None,
    projects=None,
    expires_at=None,
    user=None,
    secret: str | None = None,
) -> tuple[ApiToken, str]:
    """Create a token; returns it with the full secret (kept only encrypted, never in events)."""
    if type == "client":
        type = TokenType.BACKEND
    if not isinstance(name, str) or not name.strip() or len(name) > 255:
        raise ValidationFailed.at("tokenName", "must be a non-empty string")
    environment, projects = _clean_scope(type, environment, projects)
    _check_expiry(expires_at, future=True)
    if secret is not None and (not isinstance(secret, str) or not secret.strip()):
        raise ValidationFailed.at("secret", "must be a non-empty string")
    if secret is None:
        secret = token_format.generate(type, environment, projects, user=user)
    digest = token_format.hash_secret(secret)
    if ApiToken.objects.filter(secret_hash=digest).exists():
        raise Conflict.at("secret", "a token with this secret already exists")
    token = ApiToken.objects.create(
        name=name,
        type=type,
        environment=environment,
        projects=projects,
        secret_hash=digest,
        secret_encrypted=token_format.encrypt_secret(secret),
        display=token_format.display(secret),
        user=user,
        expires_at=expires_at,
        created_by=actor.name,
    )
    record_event("api-token-created", actor=actor, data=token_snapshot(token))
    return token, secret


@write_service
def token_keep_secret(*, token: ApiToken, secret: str) -> bool:
    """Encrypt the secret of a token that was stored hash-only, given its plain secret.

    For tokens whose secret the server is handed again (INIT_*_API_TOKENS at startup). No
    audit event: neither the token's scope nor what it grants changes, only how it lists.
    """
    token = locked(ApiToken, pk=token.pk)
    if token.secret_encrypted or token_format.hash_secret(secret) != token.secret_hash:
        return False
    token.secret_encrypted = token_format.encrypt_secret(secret)
    token.save(update_fields=["secret_encrypted"])
    return True


def _check_expiry(expires_at, *, future: bool = False) -> None:
    """A time-zone-aware datetime; at creation also in the future.

    A token born expired would be shown once and never work: refused. Moving an
    existing token's expiry into the past stays allowed: it is how a token is expired now.
    """
    if expires_at is None:
        return
    if not isinstance(expires_at, datetime) or timezone.is_naive(expires_at):
        raise ValidationFailed.at("expiresAt", "must be a date-time with a time zone")
    if future and expires_at <= timezone.now():
        raise ValidationFailed.at("expiresAt", "must be in the future")


@write_service
def token_update_expiry(*, token: ApiToken, expires_at, actor: Actor) -> ApiToken:
    _check_expiry(expires_at)
    token = locked(ApiToken, pk=token.pk)
    before = token_snapshot(token)
    token.expires_at = expires_at
    token.save(update_fields=["expires_at"])
    record_event("api-token-updated", actor=actor, data=token_snapshot(token), pre_data=before)
    return token


@write_service
def token_delete(*, token: ApiToken, actor: Actor) -> None:
    token = locked(ApiToken, pk=token.pk)
    before = token_snapshot(token)
    token.delete()
    record_event("api-token-deleted", actor=actor, pre_data=before)
