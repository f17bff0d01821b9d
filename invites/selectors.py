"""Reads of invite links: all of them, one by its secret, whether a secret is usable now."""

import hmac

from django.utils import timezone

from core.errors import NotFound
from flags import tokens
from invites.models import InviteLink


def all_links() -> list[InviteLink]:
    return list(InviteLink.objects.prefetch_related("users"))


def _find(secret: str, for_update: bool) -> InviteLink | None:
    if not isinstance(secret, str) or not secret.isascii() or len(secret) > 200:
        return None
    digest = tokens.hash_secret(secret)
    rows = InviteLink.objects.filter(secret_hash=digest)
    link = (rows.select_for_update() if for_update else rows.prefetch_related("users")).first()
    # The index finds the row; the constant-time compare is what accepts the secret.
    if link is None or not hmac.compare_digest(link.secret_hash, digest):
        return None
    return link


def link_by_secret(secret: str, *, for_update: bool = False) -> InviteLink:
    link = _find(secret, for_update)
    if link is None:
        raise NotFound.at("token", "Could not find public signup token.")
    return link


def active_link(secret: str, *, for_update: bool = False) -> InviteLink | None:
    """The link if it exists, is enabled and has not expired; else None."""
    link = _find(secret, for_update)
    if link is None or not link.enabled or link.expires_at <= timezone.now():
        return None
    return link


def secret_of(link: InviteLink) -> str | None:
    """The link's secret for an admin's list (None if the encryption key changed)."""
    return tokens.decrypt_secret(link.secret_encrypted, link.secret_hash)
