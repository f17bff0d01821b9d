"""Tokens from INIT_*_API_TOKENS, created at startup if missing (as Unleash does), encrypted."""

import logging

from django.conf import settings

from core.actors import Actor
from core.errors import ServiceError
from flags import tokens as token_format
from flags.models import ApiToken, Environment, TokenType
from maintenance.errors import MaintenanceActive

log = logging.getLogger(__name__)

SETTINGS = (
    ("INIT_ADMIN_API_TOKENS", TokenType.ADMIN),
    ("INIT_BACKEND_API_TOKENS", TokenType.BACKEND),
    ("INIT_FRONTEND_API_TOKENS", TokenType.FRONTEND),
)


def _scope(secret: str, type_: str):
    parsed = token_format.parse(secret)
    if parsed is None:
        raise ServiceError(
            f"malformed token {token_format.display(secret)!r}: want project:env.secret"
        )
    project, environment = parsed
    if type_ == TokenType.ADMIN:
        return None, ["*"]
    if environment == "*" or not Environment.objects.filter(pk=environment).exists():
        raise ServiceError(f"token {token_format.display(secret)!r}: unknown environment")
    if project == "[]":
        raise ServiceError("multi-project ([]) tokens cannot be given at startup")
    return environment, [project]


def _kept(secret: str) -> bool:
    """Whether the token exists; one stored hash-only (before 0004) gets its secret encrypted."""
    from flags.services.tokens import token_keep_secret

    existing = ApiToken.objects.filter(secret_hash=token_format.hash_secret(secret)).first()
    if existing is None:
        return False
    if not existing.secret_encrypted:
        try:
            token_keep_secret(token=existing, secret=secret)
        except MaintenanceActive:
            log.warning("maintenance mode: token secret not encrypted yet, will be next start")
    return True


def ensure_init_tokens() -> list[ApiToken]:
    """Create each configured token that does not exist yet; returns the ones created."""
    from flags.services import token_create

    created = []
    for setting, type_ in SETTINGS:
        for secret in getattr(settings, setting, []):
            secret = secret.strip()
            if not secret or _kept(secret):
                continue
            try:
                environment, projects = _scope(secret, type_)
                token, _ = token_create(
                    name=f"init-{type_}-{len(created) + 1}",
                    type=type_,
                    environment=environment,
                    projects=projects,
                    secret=secret,
                    actor=Actor.system("init-api-tokens", source="startup"),
                )
            except (ServiceError, MaintenanceActive) as exc:
                log.error("%s: not created: %s", setting, getattr(exc, "message", exc))
                continue
            created.append(token)
    return created
