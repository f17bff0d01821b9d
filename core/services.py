"""What every write service shares: one transaction, the write check, row locking.

Whether writes are allowed is asked of the checks other apps register (maintenance mode
registers its own from its AppConfig.ready()), so core imports none of them.
"""

import functools
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction

from core.errors import NotFound, WritesRefused

_write_checks: list[Callable[[], None]] = []


def register_write_check(check: Callable[[], None]) -> None:
    """Add a check run before every write; it raises WritesRefused while writes are paused."""
    if check not in _write_checks:
        _write_checks.append(check)


def ensure_writes_allowed() -> None:
    """Raise the WritesRefused of the first registered check that refuses writes now."""
    for check in _write_checks:
        check()


def writes_refused() -> bool:
    """True while a registered check refuses writes (maintenance mode is on).

    For apps that may not import maintenance (accounts); everything above maintenance asks
    `maintenance.state.is_active()` directly.
    """
    try:
        ensure_writes_allowed()
    except WritesRefused:
        return True
    return False


def write_service(func):
    """Run the service in one transaction, refusing it while writes are paused."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        ensure_writes_allowed()
        with transaction.atomic():
            return func(*args, **kwargs)

    return wrapper


def locked(model, **lookup):
    """Fetch a row FOR UPDATE so concurrent writers serialise on it; NotFound if it is gone."""
    try:
        return model.objects.select_for_update().get(**lookup)
    except (model.DoesNotExist, TypeError, ValueError, ValidationError) as exc:
        # ValueError/TypeError: a lookup value of the wrong type (e.g. a malformed UUID).
        name = model._meta.verbose_name
        raise NotFound.at("id", f"no {name} {next(iter(lookup.values()))!r}") from exc


def locked_update(model, pk, changes: dict, snapshot) -> tuple:
    """Lock the row, set ``changes`` on it and save: (row, snapshot before, snapshot after)."""
    row = locked(model, pk=pk)
    before = snapshot(row)
    for key, value in changes.items():
        setattr(row, key, value)
    row.save()
    return row, before, snapshot(row)
