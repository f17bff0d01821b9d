"""What every write service shares: one transaction and the maintenance check."""

import functools

from django.db import transaction

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
    """Fetch a row FOR UPDATE so concurrent writers serialise on it."""
    return model.objects.select_for_update().get(**lookup)
