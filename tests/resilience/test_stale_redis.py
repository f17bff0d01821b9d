"""Redis on an append-only file comes back with old data: the database still wins, within ~1 s.

Each scenario changes something while Redis is frozen (SIGSTOP) or dead (kill -9, then restarted
from its append-only file, so it returns with exactly what it held before), then requires every
SDK answer to show the database's state within BOUND seconds, not "until the next write".
"""

import time

import pytest

from tests.support.live_sdk import (
    FEATURES,
    admin_call,
    flag_enabled,
    flag_path,
    sdk_get,
    within,
)
from tests.support.processes import WebServer

# The server checks Redis against the database every UNLEASH_DATABASE_CHECK_INTERVAL (1 s by
# default); 3 s leaves room for a Redis reconnect and a slow CI machine.
BOUND = 3.0
# After the state is right it must stay right: no flapping back to Redis's old copy.
STEADY = 1.5
FAULTS = ["sigstop", "kill9"]


@pytest.fixture
def node(aof_stores):
    """A server on the append-only Redis; Redis is running again and maintenance off after."""
    _pg, cache, env = aof_stores
    server = WebServer(env)
    server.start()
    try:
        yield server, cache
    finally:
        if cache.running:
            cache.resume()
        else:
            cache.start()
        admin_call(server, "POST", "/api/admin/maintenance", {"enabled": False})
        server.stop()


def _outage(cache, fault: str):
    """(start, end) of a Redis outage of the given kind."""
    if fault == "sigstop":
        return cache.pause, cache.resume
    return cache.crash, cache.start


def _stays(check) -> bool:
    deadline = time.monotonic() + STEADY
    while time.monotonic() < deadline:
        if not check():
            return False
        time.sleep(0.1)
    return True


def _maintenance_on(server) -> bool:
    read = admin_call(server, "GET", "/api/admin/maintenance")
    return read.status_code == 200 and read.json()["enabled"] is True


@pytest.mark.parametrize("fault", FAULTS)
def test_flag_switched_off_in_outage__redis_back_with_old_data__sdk_sees_off(node, fault):
    server, cache = node
    name = f"stale-flag-{fault}"
    assert admin_call(server, "POST", FEATURES, {"name": name}).status_code == 201
    on = admin_call(server, "POST", flag_path(name, "/environments/production/on"))
    assert on.status_code == 200
    within(BOUND, lambda: flag_enabled(server, name) is True)  # payload + revision in Redis
    start, end = _outage(cache, fault)

    start()
    off = admin_call(server, "POST", flag_path(name, "/environments/production/off"))
    end()

    assert off.status_code == 200
    within(BOUND, lambda: flag_enabled(server, name) is False)
    assert _stays(lambda: flag_enabled(server, name) is False)


@pytest.mark.parametrize("fault", FAULTS)
def test_token_deleted_in_outage__redis_back_with_old_data__token_refused(node, fault):
    server, cache = node
    created = admin_call(
        server,
        "POST",
        "/api/admin/api-tokens",
        {"tokenName": f"doomed-{fault}", "type": "backend", "environment": "production"},
    )
    assert created.status_code == 201
    secret = created.json()["secret"]
    # Used once the server sees the creation's revision, so Redis keeps a current entry for it.
    time.sleep(0.3)
    assert sdk_get(server, "/api/client/features", token=secret).status_code == 200
    start, end = _outage(cache, fault)

    start()
    deleted = admin_call(server, "DELETE", f"/api/admin/api-tokens/{secret}")
    end()

    assert deleted.status_code == 200

    def refused():
        return sdk_get(server, "/api/client/features", token=secret).status_code == 401

    within(BOUND, refused)
    assert _stays(refused)


@pytest.mark.parametrize("fault", FAULTS)
def test_maintenance_on_in_outage__redis_back_with_old_data__on_and_writes_refused(node, fault):
    server, cache = node
    assert not _maintenance_on(server)  # Redis now holds "off"
    start, end = _outage(cache, fault)

    start()
    switched = admin_call(server, "POST", "/api/admin/maintenance", {"enabled": True})
    end()

    assert switched.status_code == 204
    attempts = iter(range(1000))

    def refused():
        write = admin_call(server, "POST", FEATURES, {"name": f"blocked-{fault}-{next(attempts)}"})
        return _maintenance_on(server) and write.status_code == 503

    within(BOUND, refused)
    assert _stays(refused)
