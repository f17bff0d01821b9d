"""Fixtures for maintenance tests: switching it for real, with its on-commit fan-out run."""

import pytest

from core.actors import Actor
from maintenance import services

MESSAGE = "Upgrading the database, back soon"


@pytest.fixture
def switch(db, django_capture_on_commit_callbacks):
    """switch(enabled, **kw): toggle through the service and run its on-commit publish."""

    def _switch(enabled: bool, **kwargs):
        kwargs.setdefault("actor", Actor.system("test"))
        with django_capture_on_commit_callbacks(execute=True):
            return services.set_maintenance(enabled=enabled, **kwargs)

    return _switch


@pytest.fixture
def maintenance_on(switch):
    return switch(True, message=MESSAGE)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block (a request that toggles) with its on-commit callbacks executed."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
