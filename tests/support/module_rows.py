"""Rows made once per test module, in a transaction rolled back after the module's last test."""

import contextlib
import sys
from collections.abc import Callable, Iterator

from django.db import transaction


@contextlib.contextmanager
def rows_for_module(django_db_blocker, make: Callable[[], object]) -> Iterator[object]:
    """What `make()` returns, its rows kept until the block ends, as Django's setUpTestData.

    For a module-scoped fixture: each test's own transaction is a savepoint inside this one,
    so what a test writes is still undone before the next. Not for modules with transactional
    tests (their flush cannot run inside a transaction; tests/conftest.py refuses them).
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            made = make()
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    try:
        yield made
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
