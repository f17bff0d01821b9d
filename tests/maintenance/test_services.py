"""Switching: the audit event, the window closing task, bad windows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.errors import ValidationFailed
from core.models import Event
from maintenance import services
from maintenance.models import MaintenanceSetting


def test_set_maintenance__on__setting_updated_event_with_pre_data(switch):
    switch(True, message="m1")
    event = Event.objects.filter(type="setting-updated").first()
    assert event.data["enabled"] is True and event.data["message"] == "m1"
    assert event.pre_data["enabled"] is False and event.source == "system"


def test_set_maintenance__off_while_on__allowed_and_audited(maintenance_on, switch):
    switch(False)
    assert not MaintenanceSetting.objects.get().enabled
    assert Event.objects.filter(type="setting-updated").count() == 2


def test_set_maintenance__window_ends_before_start__validation_failed(switch):
    now = timezone.now()
    with pytest.raises(ValidationFailed):
        switch(True, starts_at=now, ends_at=now - timedelta(minutes=1))


def test_close_finished_window__ended__switched_off_with_event(switch):
    now = timezone.now()
    switch(True, starts_at=now - timedelta(minutes=2), ends_at=now - timedelta(minutes=1))
    assert services.close_finished_window() is True
    row = MaintenanceSetting.objects.get()
    assert not row.enabled and row.ends_at is None
    assert Event.objects.filter(type="setting-updated", source="task").exists()


def test_close_finished_window__running__writes_nothing(switch):
    switch(True, ends_at=timezone.now() + timedelta(minutes=5))
    before = Event.objects.count()
    assert services.close_finished_window() is False
    assert Event.objects.count() == before
