"""Login history: every login attempt recorded, buffered in Redis while maintenance is on.

A read-only database role may only write the session table while maintenance mode is on, so
attempts made then wait in a Redis list and reach the table once it ends (`flush_buffer`,
called by the retention task and by the next login outside maintenance).
"""

import json
import logging
from datetime import datetime, timedelta

import redis
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import DatabaseError
from django.dispatch import receiver
from django.utils import timezone

from core import redis_client, services
from core.ratelimit import client_ip

log = logging.getLogger(__name__)

BUFFER_KEY = "unleash:login-history:buffer"
RETENTION = timedelta(days=14)
FLUSH_BATCH = 500


def _maintenance_on() -> bool:
    # The write checks apps register with core (maintenance mode's among them).
    return services.writes_refused()


def _row(request, *, username: str, user=None, success: bool, reason: str = "") -> dict:
    meta = getattr(request, "META", {}) if request is not None else {}
    return {
        "user_id": getattr(user, "pk", None),
        "username": (username or "")[:255],
        "ip_address": client_ip(request) if request is not None else None,
        "user_agent": (meta.get("HTTP_USER_AGENT") or "")[:512],
        "auth_method": getattr(request, "login_auth_method", "password"),
        "success": success,
        "failure_reason": reason[:255],
        "created_at": timezone.now().isoformat(),
    }


def _insert(rows: list[dict]) -> None:
    from accounts.models import LoginEvent

    objs = []
    for row in rows:
        ip = row.get("ip_address")
        fields = {**row, "ip_address": ip if ip and ip != "unknown" else None}
        fields["created_at"] = datetime.fromisoformat(row["created_at"])
        objs.append(LoginEvent(**fields))
    LoginEvent.objects.bulk_create(objs)


def record(request, *, username: str, user=None, success: bool, reason: str = "") -> None:
    """Store one attempt now, or buffer it while maintenance keeps the database read-only."""
    row = _row(request, username=username, user=user, success=success, reason=reason)
    client = redis_client.get_client()
    try:
        if client is not None and _maintenance_on():
            client.rpush(BUFFER_KEY, json.dumps(row))
            return
        _insert([row])
        if client is not None:
            flush_buffer()
    except (redis.RedisError, DatabaseError):
        # A login must never fail because its history could not be written.
        log.exception("login history: could not record an attempt by %r", username)


def flush_buffer() -> int:
    """Move buffered attempts into the table (outside maintenance); returns rows written."""
    client = redis_client.get_client()
    if client is None or _maintenance_on():
        return 0
    written = 0
    while True:
        raw = client.lrange(BUFFER_KEY, 0, FLUSH_BATCH - 1)
        if not raw:
            return written
        _insert([json.loads(item) for item in raw])
        client.ltrim(BUFFER_KEY, len(raw), -1)
        written += len(raw)


# Only Admin holds it (flags.roles.ADMIN_ONLY_MODELS); everyone else sees their own rows.
SEE_EVERY_LOGIN = "accounts.view_loginevent"


def visible_events(user):
    """Login attempts `user` may read: everyone's for an admin, else only their own."""
    from accounts.models import LoginEvent

    events = LoginEvent.objects.all()
    if user.has_perm(SEE_EVERY_LOGIN):
        return events
    if user.pk is None:  # not a row: `user_id=None` would match every unknown username
        return events.none()
    return events.filter(user_id=user.pk)


def purge_old(now=None) -> int:
    """Delete attempts older than the retention period (14 days)."""
    from accounts.models import LoginEvent

    cutoff = (now or timezone.now()) - RETENTION
    deleted, _ = LoginEvent.objects.filter(created_at__lt=cutoff).delete()
    return deleted


@receiver(user_logged_in, dispatch_uid="login_history.logged_in")
def _on_logged_in(sender, request, user, **kwargs):
    from accounts import login_limits

    login_limits.reset(user.get_username(), client_ip(request) if request else "")
    record(request, username=user.get_username(), user=user, success=True)


@receiver(user_login_failed, dispatch_uid="login_history.login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs):
    from django.contrib.auth import get_user_model

    from accounts import login_limits

    field = get_user_model().USERNAME_FIELD
    username = str(credentials.get(field) or credentials.get("username") or "")
    ip = client_ip(request) if request is not None else ""
    login_limits.count_failure(username, ip)
    user = get_user_model().objects.filter(**{field: username}).first()
    inactive = user is not None and not user.is_active
    reason = "inactive user" if inactive else "wrong username or password"
    record(request, username=username, user=user, success=False, reason=reason)
