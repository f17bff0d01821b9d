"""What every write service shares: one transaction, the maintenance check, row locking."""

import functools

from django.core.exceptions import ValidationError
from django.db import transaction

from flags.errors import NotFound
from maintenance.guard import ensure_writes_allowed


def write_service(func):
    """Run the service in one transaction, refusing it while maintenance mode is on."""

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
