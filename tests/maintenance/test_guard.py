"""The guard every service calls, and the services' refusal while on."""

import pytest

from flags.models import Feature
from flags.services import feature_create
from maintenance import state
from maintenance.errors import MaintenanceActive
from maintenance.guard import ensure_writes_allowed

from .conftest import MESSAGE


def test_ensure_writes_allowed__off__passes(db):
    ensure_writes_allowed()
    assert not state.is_active()


def test_ensure_writes_allowed__on__raises_with_message(maintenance_on):
    with pytest.raises(MaintenanceActive) as caught:
        ensure_writes_allowed()
    assert caught.value.message == MESSAGE and caught.value.retry_after > 0


def test_feature_create__on__refused_nothing_saved(actor, default_project, maintenance_on):
    with pytest.raises(MaintenanceActive):
        feature_create(project=default_project, name="maintenance-x", actor=actor)
    assert not Feature.objects.filter(name="maintenance-x").exists()


def test_feature_create__after_off__saved(actor, default_project, maintenance_on, switch):
    switch(False)
    feature_create(project=default_project, name="after-maintenance", actor=actor)
    assert Feature.objects.filter(name="after-maintenance").exists()
