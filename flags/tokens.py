"""The Unleash token format: `<projects>:<environment>.<random>`, hashed and encrypted at rest.

A token is found by the SHA-256 of its secret (secret_hash) and listed in full, as Unleash
does, by decrypting `secret_encrypted` (Fernet, keys from settings.TOKEN_ENCRYPTION_KEYS or
derived from SECRET_KEY). A database dump alone therefore holds no usable token.
"""

import base64
import functools
import hashlib
import logging
import secrets

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

log = logging.getLogger(__name__)
# HKDF "info": binds the derived key to this one use of SECRET_KEY.
_KDF_INFO = b"unleash-django api-token secrets v1"


class TokenType(models.TextChoices):
    """The kinds of API token; Unleash's wire name "client" is BACKEND (serializers map it)."""

    BACKEND = "backend"
    FRONTEND = "frontend"
    ADMIN = "admin"
    PERSONAL = "personal"


# The token types each door accepts.
BACKEND_TOKENS = frozenset({TokenType.BACKEND})  # /api/client/*
FRONTEND_TOKENS = frozenset({TokenType.FRONTEND})  # /api/frontend/*
ADMIN_API_TOKENS = frozenset({TokenType.ADMIN, TokenType.PERSONAL})  # /api/admin/*


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def generate(type_: str, environment, projects: list[str], *, user=None) -> str:
    """A new random token in Unleash's format for this type and scope."""
    random = secrets.token_hex(28)
    if type_ == TokenType.PERSONAL:
        return f"user:{random}"
    if type_ == TokenType.ADMIN:
        return f"*:*.{random}"
    env = environment.name if environment is not None else "*"
    if projects == ["*"]:
        scope = "*"
    elif len(projects) == 1:
        scope = projects[0]
    else:
        scope = "[]"
    return f"{scope}:{env}.{random}"


def display(secret: str) -> str:
    """The non-secret head of a token plus a few characters, safe to list."""
    head, dot, random = secret.partition(".")
    if dot and ":" in head:
        return f"{head}.{random[:6]}…"
    head, colon, random = secret.partition(":")
    if colon and head == "user":  # personal tokens: user:<random>
        return f"user:{random[:6]}…"
    # Malformed (this is also what logs show): never more than a few characters.
    return f"{secret[:6]}…"


def parse(secret: str) -> tuple[str, str] | None:
    """(project scope, environment) of a full token string, or None if malformed."""
    head, dot, random = secret.partition(".")
    if not dot or not random or ":" not in head:
        return None
    project, _, environment = head.partition(":")
    if not project or not environment:
        return None
    return project, environment


def _derived_key(secret_key: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KDF_INFO)
    return base64.urlsafe_b64encode(hkdf.derive(secret_key.encode()))


@functools.cache
def _fernet(configured: tuple[str, ...], secret_key: str) -> MultiFernet:
    """The first key encrypts; every key decrypts, so keys can be rotated."""
    if not configured:
        return MultiFernet([Fernet(_derived_key(secret_key))])
    try:
        return MultiFernet([Fernet(key.strip().encode()) for key in configured])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "TOKEN_ENCRYPTION_KEY: each key must be a Fernet key (Fernet.generate_key())"
        ) from exc


def _cipher() -> MultiFernet:
    # Cached per settings value, so tests overriding settings get their own keys.
    return _fernet(tuple(settings.TOKEN_ENCRYPTION_KEYS), settings.SECRET_KEY)


def encrypt_secret(secret: str) -> str:
    return _cipher().encrypt(secret.encode()).decode()


def decrypt_text(encrypted: str) -> str | None:
    """Text encrypted with encrypt_secret, or None when undecryptable (key changed)."""
    try:
        return _cipher().decrypt(encrypted.encode()).decode()
    except (InvalidToken, UnicodeDecodeError):
        return None


def decrypt_secret(encrypted: str, secret_hash: str) -> str | None:
    """The plain secret, or None when absent, undecryptable (key changed) or not this row's."""
    if not encrypted:
        return None
    try:
        secret = _cipher().decrypt(encrypted.encode()).decode()
    except (InvalidToken, UnicodeDecodeError):
        log.warning("an API token secret cannot be decrypted: was the key changed?")
        return None
    # Fernet authenticates the blob, not which row it sits in: a copied blob is refused.
    return secret if hash_secret(secret) == secret_hash else None


def masked(display_: str) -> str:
    """What lists show for a token whose secret is not recoverable: its scope, then ***."""
    head, dot, _ = display_.partition(".")
    if dot and ":" in head:
        return f"{head}.***"
    head, colon, _ = display_.partition(":")
    return f"{head}:***" if colon and head == "user" else "***"
