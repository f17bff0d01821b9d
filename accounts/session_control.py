"""Session selectors and revocation: who is logged in from where; ending sessions on request."""

import hashlib

from django.utils import timezone

from accounts.models import Session


def public_id(session_key: str) -> str:
    """A stable id for a session that does not reveal its key (the key is a credential)."""
    return hashlib.sha256(session_key.encode()).hexdigest()[:20]


def active_sessions(user_id: int | None = None):
    qs = Session.objects.filter(expire_date__gt=timezone.now(), user_id__isnull=False)
    if user_id is not None:
        qs = qs.filter(user_id=user_id)
    return qs.select_related("user").order_by("-last_activity")


# Only Admin holds it (flags.roles.ADMIN_ONLY_MODELS); everyone else sees their own rows.
SEE_EVERY_SESSION = "accounts.view_session"


def sees_every_session(user) -> bool:
    return user.has_perm(SEE_EVERY_SESSION)


def visible_sessions(user, user_id: int | None = None):
    """Active sessions `user` may list: everyone's for an admin, else only their own.

    A non-admin asking for another user's sessions gets none (the view refuses first).
    """
    if not sees_every_session(user):
        if user_id is not None and user_id != user.pk:
            return Session.objects.none()
        user_id = user.pk
    return active_sessions(user_id)


def session_wire(session: Session, current_key: str | None = None) -> dict:
    return {
        "id": public_id(session.session_key),
        "userId": session.user_id,
        "username": session.user.get_username() if session.user else None,
        "ipAddress": session.ip_address,
        "userAgent": session.user_agent,
        "createdAt": _iso(session.created_at),
        "lastActivity": _iso(session.last_activity),
        "expiresAt": _iso(session.expire_date),
        "current": session.session_key == current_key,
    }


def _iso(value):
    return value.isoformat().replace("+00:00", "Z") if value else None


def revoke(session_id: str) -> bool:
    """End one session by its public id; False if no active session has it."""
    for key in active_sessions().values_list("session_key", flat=True):
        if public_id(key) == session_id:
            Session.objects.filter(session_key=key).delete()
            return True
    return False


def revoke_user(user_id: int) -> int:
    """End every session of one user; the number ended."""
    deleted, _ = Session.objects.filter(user_id=user_id).delete()
    return deleted
