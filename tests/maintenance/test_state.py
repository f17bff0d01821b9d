"""The accessor: env override, Redis fan-out, database fallback, fail closed, windows."""

import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from flags import cache_reset
from maintenance import state
from maintenance.models import MaintenanceSetting
from unleash_site import redis_client

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def test_current__fresh_install__off_from_database(db):
    current = state.current()
    assert (current.active(), current.source) == (False, "database")


def test_current__switched_on__on_with_message(maintenance_on):
    current = state.current()
    assert current.active() and current.display_message.startswith("Upgrading")
    assert current.since() is not None


@pytest.mark.parametrize(
    ("raw", "active", "message"),
    [("true", True, state.DEFAULT_MESSAGE), ("false", False, ""), ("Back at 5", True, "Back at 5")],
)
def test_current__env_override__wins_and_is_reported(db, settings, raw, active, message):
    settings.UNLEASH_MAINTENANCE_MODE = raw
    current = state.current()
    assert (current.active(), current.source) == (active, "env")
    if active:
        assert current.display_message == message


def test_current__env_false_while_row_on__off(maintenance_on, settings):
    settings.UNLEASH_MAINTENANCE_MODE = "false"
    assert not state.is_active()


def test_publish__toggle__stored_in_redis_for_other_processes(maintenance_on):
    raw = redis_client.get_client().get(state.REDIS_KEY)
    assert state.from_json(raw).active()


def test_current__other_process_toggled__seen_after_local_ttl(db, switch):
    assert not state.is_active()
    # Another process switches it on: it writes the row and Redis, not our local copy.
    row = MaintenanceSetting.objects.get()
    row.enabled, row.version = True, row.version + 1
    row.save()
    redis_client.get_client().set(state.REDIS_KEY, state.to_json(state.from_row(row)))
    time.sleep(state.LOCAL_TTL + 0.05)
    assert state.is_active()


def test_publish__older_version_after_newer__newer_kept(db):
    newer = state.MaintenanceState(enabled=True, version=5)
    state.publish(newer)
    state.publish(state.MaintenanceState(enabled=False, version=4))
    assert state.from_json(redis_client.get_client().get(state.REDIS_KEY)).version == 5


def test_current__redis_unreachable__reads_database_row(maintenance_on, settings):
    settings.REDIS_URL = UNREACHABLE_REDIS
    cache_reset.reset_process_caches()
    current = state.current()
    assert current.active() and current.source == "database"


def test_current__redis_and_database_unreadable__fails_closed(db, settings):
    settings.REDIS_URL = UNREACHABLE_REDIS
    cache_reset.reset_process_caches()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE maintenance_maintenancesetting RENAME TO mm_hidden")
        current = state.current()
        transaction.set_rollback(True)
    assert current.active() and current.source == "unavailable"


def test_current__embedded_profile_without_redis__reads_row(maintenance_on, settings):
    settings.REDIS_URL = ""
    cache_reset.reset_process_caches()
    assert state.is_active()


def test_window__scheduled__switches_on_and_off_by_itself(switch):
    now = timezone.now()
    switch(True, starts_at=now + timedelta(seconds=1), ends_at=now + timedelta(seconds=2.5))
    seen = []
    deadline = time.monotonic() + 3.5
    while time.monotonic() < deadline:
        on = state.is_active()
        if not seen or seen[-1] != on:
            seen.append(on)
        time.sleep(0.05)
    assert seen == [False, True, False]


def test_retry_after__window_end__seconds_until_it(db):
    now = timezone.now()
    current = state.MaintenanceState(enabled=True, ends_at=now + timedelta(seconds=90))
    assert 88 <= current.retry_after(now) <= 90


def test_publish__redis_copy__expires_so_the_row_is_reread(maintenance_on):
    assert 0 < redis_client.get_client().ttl(state.REDIS_KEY) <= state.REDIS_TTL
