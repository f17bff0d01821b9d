"""Every write on invite links: create, update, and signing up through one.

As Unleash: a link expires at most a month after it is made (a later date is capped), gives
the Viewer role, and `enabled` or `expiresAt` can change later. Unlike Unleash, the secret is
never written into the audit log (which every Viewer can read), and a signup's password must
pass AUTH_PASSWORD_VALIDATORS like every other password here.
"""

import secrets
from datetime import datetime, timedelta

from django.utils import timezone

from accounts import users as user_services
from core.actors import Actor
from core.audit import record_event
from core.errors import ValidationFailed
from core.services import write_service
from core.textcheck import check_text
from flags import tokens
from invites.models import InviteLink
from invites.selectors import active_link, link_by_secret

MAX_LIFETIME = timedelta(days=31)
VIEWER = 3


def _snapshot(link: InviteLink) -> dict:
    return {
        "name": link.name,
        "enabled": link.enabled,
        "expiresAt": link.expires_at.isoformat(),
    }


@write_service
def invite_link_create(*, name: str, expires_at: datetime, actor: Actor) -> tuple[InviteLink, str]:
    """A new link and its secret (32 hex characters, as Unleash's)."""
    errors = check_text(name, "name", 255, required=True)
    if errors:
        raise ValidationFailed.from_details(errors)
    secret = secrets.token_hex(16)
    link = InviteLink.objects.create(
        name=name,
        secret_hash=tokens.hash_secret(secret),
        secret_encrypted=tokens.encrypt_secret(secret),
        expires_at=min(expires_at, timezone.now() + MAX_LIFETIME),
        created_by=actor.name[:255],
    )
    record_event("public-signup-token-created", actor=actor, data=_snapshot(link))
    return link, secret


@write_service
def invite_link_update(
    *, secret: str, actor: Actor, enabled: bool | None = None, expires_at: datetime | None = None
) -> InviteLink:
    link = link_by_secret(secret, for_update=True)
    before = _snapshot(link)
    if enabled is not None:
        link.enabled = enabled
    if expires_at is not None:
        link.expires_at = expires_at
    link.save(update_fields=["enabled", "expires_at"])
    record_event("public-signup-token-updated", actor=actor, data=_snapshot(link), pre_data=before)
    return link


@write_service
def invite_signup(*, secret: str, email: str, name: str, password: str, ip: str | None = None):
    """A Viewer signed up through a valid link; a 400 when the link is not valid now."""
    # Unleash's system user does this on the newcomer's behalf; the IP is theirs.
    actor = Actor(name="unleash_system_user", source="invite-link", ip=ip)
    link = active_link(secret, for_update=True)
    if link is None:
        raise ValidationFailed.at("token", "The invite link is not valid")
    user = user_services.user_create(
        actor=actor,
        root_role=VIEWER,
        email=email,
        name=name,
        password=password,
    )
    link.users.add(user)
    record_event(
        "public-signup-token-user-added",
        actor=actor,
        data={"name": link.name, "userId": user.pk},
    )
    return user
