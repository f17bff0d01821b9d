"""Fixtures for service tests: a flag made through the services, and event helpers."""

import pytest

from core.models import Event
from flags import services


@pytest.fixture
def feature(default_project, actor):
    return services.feature_create(project=default_project, name="checkout", actor=actor)


@pytest.fixture
def events(db):
    """The audit events written since the test began, oldest first (call it to read)."""
    start = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return lambda: list(Event.objects.filter(id__gt=start).order_by("id"))


@pytest.fixture
def event_types(events):
    return lambda: [e.type for e in events()]
