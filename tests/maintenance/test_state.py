"""The accessor: env override, Redis fan-out, database fallback, fail closed, windows."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from core import cache_reset, redis_client
from maintenance import state
from maintenance.models import MaintenanceSetting
from tests.support.clock import FakeClock

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def clock(monkeypatch):
    """The clock this process's copy of the state ages by, moved by the test."""
    fake = FakeClock()
    monkeypatch.setattr(state._local, "monotonic", fake)
    return fake


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


def test_current__other_process_toggled__seen_after_local_ttl(db, switch, clock):
    assert not state.is_active()
    # Another process switches it on: it writes the row and Redis, not our local copy.
    row = MaintenanceSetting.objects.get()
    row.enabled, row.version = True, row.version + 1
    row.save()
    redis_client.get_client().set(state.REDIS_KEY, state.to_json(state.from_row(row)))
    assert not state.is_active()  # this process trusts its copy for LOCAL_TTL
    clock.advance(state.LOCAL_TTL)
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
    starts_at, ends_at = now + timedelta(hours=1), now + timedelta(hours=2)
    switch(True, starts_at=starts_at, ends_at=ends_at)
    moments = [now, starts_at, ends_at - timedelta(microseconds=1), ends_at]
    assert [state.is_active(moment) for moment in moments] == [False, True, True, False]


def test_retry_after__window_end__seconds_until_it(db):
    now = timezone.now()
    current = state.MaintenanceState(enabled=True, ends_at=now + timedelta(seconds=90))
    assert 88 <= current.retry_after(now) <= 90


def test_publish__redis_copy__expires_so_unused_copies_go(maintenance_on):
    assert 0 < redis_client.get_client().ttl(state.REDIS_KEY) <= state.REDIS_TTL


def _redis_copy() -> state.MaintenanceState:
    return state.from_json(redis_client.get_client().get(state.REDIS_KEY))


def test_current__redis_back_with_older_state__row_served_and_redis_repaired(
    switch, settings, clock
):
    settings.UNLEASH_DATABASE_CHECK_INTERVAL = 3600  # only the "behind" rule may trigger it
    off = switch(False)
    switch(True, message="Upgrading")
    # Redis restarted from its append-only file: it holds the state from before the switch.
    redis_client.get_client().set(state.REDIS_KEY, state.to_json(off))
    clock.advance(state.LOCAL_TTL)

    assert state.is_active()
    assert _redis_copy().active()


def test_current__row_restored_to_lower_version__row_wins_within_check_interval(
    switch, settings, clock
):
    settings.UNLEASH_DATABASE_CHECK_INTERVAL = 0.3
    switch(True)
    # A restore from an older dump: the row is back at an earlier version, switched off.
    MaintenanceSetting.objects.update(enabled=False, version=0)
    clock.advance(state.LOCAL_TTL)
    assert state.is_active()  # Redis still holds the newer version; not yet re-checked
    clock.advance(0.3)

    assert not state.is_active()

    assert not _redis_copy().active() and _redis_copy().version == 0


def test_current__redis_failed_since_last_check__row_reread_at_once(switch, settings, clock):
    settings.UNLEASH_DATABASE_CHECK_INTERVAL = 3600
    switch(False)
    assert not state.is_active()
    row = MaintenanceSetting.objects.get()
    # A newer-looking copy is trusted between checks, unless Redis failed in the meantime.
    bogus = state.MaintenanceState(enabled=True, version=row.version + 5)
    redis_client.get_client().set(state.REDIS_KEY, state.to_json(bogus))
    clock.advance(state.LOCAL_TTL)
    assert state.is_active()

    redis_client.note_failure()
    clock.advance(state.LOCAL_TTL)

    assert not state.is_active()
    assert _redis_copy().version == row.version


def test_current__unreadable_redis_copy__row_served_and_copy_replaced(switch, clock):
    switch(True)
    redis_client.get_client().set(state.REDIS_KEY, b"{not json")
    clock.advance(state.LOCAL_TTL)

    assert state.is_active()
    assert _redis_copy().active()
