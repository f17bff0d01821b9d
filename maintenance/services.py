"""Switching maintenance mode: the one write every door calls, exempt from its own guard."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from core.actors import Actor
from core.audit import record_event
from core.errors import ValidationFailed
from core.textcheck import check_text
from maintenance import state as state_mod
from maintenance.models import SINGLETON_PK, MaintenanceSetting

EVENT_TYPE = "setting-updated"


def _snapshot(row: MaintenanceSetting) -> dict:
    def iso(value):
        return value.isoformat() if value else None

    return {
        "id": "maintenance",
        "enabled": row.enabled,
        "message": row.message,
        "startsAt": iso(row.starts_at),
        "endsAt": iso(row.ends_at),
    }


def _check_window(starts_at: datetime | None, ends_at: datetime | None) -> None:
    problem = state_mod.window_problem(starts_at, ends_at)
    if problem:
        raise ValidationFailed(
            problem, details=[{"path": "until", "message": "must be later than the start"}]
        )


def _check_message(message) -> None:
    # The edge rule every text field follows; the column holds what the model says.
    if message is None:
        return
    limit = MaintenanceSetting._meta.get_field("message").max_length
    stored = message.strip() if isinstance(message, str) else message
    errors = check_text(message, "message") or check_text(stored, "message", limit)
    if errors:
        raise ValidationFailed.from_details(errors)


def set_maintenance(
    *,
    enabled: bool,
    actor: Actor,
    message: str | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
) -> state_mod.MaintenanceState:
    """Switch maintenance on or off (optionally for a window), audit it and fan it out.

    Deliberately not a `write_service`: turning maintenance off must work while it is on.
    """
    _check_message(message)
    _check_window(starts_at, ends_at)
    with transaction.atomic():
        row, _ = MaintenanceSetting.objects.select_for_update().get_or_create(pk=SINGLETON_PK)
        before = _snapshot(row)
        row.enabled = enabled
        if message is not None:
            row.message = message.strip()
        row.starts_at, row.ends_at = (starts_at, ends_at) if enabled else (None, None)
        row.updated_by = actor.name[:255]
        row.updated_at = timezone.now()
        row.version += 1
        row.save()
        record_event(EVENT_TYPE, actor=actor, data=_snapshot(row), pre_data=before)
        new_state = state_mod.from_row(row)
        transaction.on_commit(lambda: state_mod.publish(new_state))
    return new_state


def close_finished_window(now: datetime | None = None) -> bool:
    """Switch off a window that has ended, so the row and the audit log say so too.

    Reads only, unless a window has actually ended: idle ticks write nothing, which keeps
    the read-only database role happy.
    """
    current = state_mod.read_row()
    if not (current.enabled and current.ended(now)):
        return False
    set_maintenance(enabled=False, actor=Actor.system("maintenance-window", source="task"))
    return True
