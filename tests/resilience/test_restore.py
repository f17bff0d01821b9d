"""The database restored from an older dump: SDKs and writers follow it, not Redis's newer copy.

The restore is simulated the way a dump restore leaves the database: the rows a later write
changed are back to their earlier values, the later events are gone and the event id sequence is
back at the dump's maximum, so the next write re-uses an id that already named other content.
"""

import psycopg
import pytest

from tests.support.live_sdk import (
    FEATURES,
    admin_call,
    flag_enabled,
    flag_path,
    private_stores,
    sdk_get,
    within,
)
from tests.support.processes import WebServer

BOUND = 3.0  # the database check runs every ~1 s


@pytest.fixture(scope="module")
def restore_stores():
    with private_stores() as started:
        yield started


@pytest.fixture
def node(restore_stores):
    pg, _cache, env = restore_stores
    server = WebServer(env)
    server.start()
    try:
        yield server, pg
    finally:
        admin_call(server, "POST", "/api/admin/maintenance", {"enabled": False})
        server.stop()


def _sql(pg, *statements: tuple):
    """Run (sql, *params) statements in ONE transaction; the last one's rows."""
    with psycopg.connect(pg.url.replace("postgres://", "postgresql://")) as conn:
        for statement, *params in statements:
            cursor = conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def _newest_event(pg) -> int:
    return _sql(pg, ("SELECT coalesce(max(id), 0) FROM flags_event",))[0][0]


def _restore(pg, newest: int, *rows: tuple) -> None:
    """What a restore leaves: `rows` put back, events up to the dump, the sequence there too.

    One transaction: a real restore runs with the servers stopped (see the README), so no
    reader sees it half done.
    """
    _sql(
        pg,
        *rows,
        ("DELETE FROM flags_event WHERE id > %s", newest),
        ("SELECT setval(pg_get_serial_sequence('flags_event', 'id'), %s)", newest),
    )


def _switch(server, name: str, on: bool) -> None:
    action = "on" if on else "off"
    response = admin_call(server, "POST", flag_path(name, f"/environments/production/{action}"))
    assert response.status_code == 200


def _poll(server, etag=None):
    return sdk_get(server, "/api/client/features", **({"If-None-Match": etag} if etag else {}))


def test_restore_older_dump__flag_state__sdks_follow_database_and_etag_changes(node):
    server, pg = node
    for name in ("restored-flag", "later-flag"):
        assert admin_call(server, "POST", FEATURES, {"name": name}).status_code == 201
    dump = _newest_event(pg)  # the moment the "dump" is taken: both flags off
    _switch(server, "restored-flag", True)
    within(BOUND, lambda: flag_enabled(server, "restored-flag") is True)
    before = _poll(server)

    _restore(
        pg,
        dump,
        (
            "UPDATE flags_featureenvironment SET enabled = false WHERE environment_id = %s "
            "AND feature_id = (SELECT id FROM flags_feature WHERE name = %s)",
            "production",
            "restored-flag",
        ),
    )

    within(BOUND, lambda: flag_enabled(server, "restored-flag") is False)
    assert _poll(server).headers["ETag"] != before.headers["ETag"]
    assert "went back" in server.output()  # detected, every cache rebuilt

    _switch(server, "later-flag", True)  # the same number of events: the same revision id
    within(BOUND, lambda: flag_enabled(server, "later-flag") is True)
    after = _poll(server, etag=before.headers["ETag"])

    assert after.json()["meta"]["revisionId"] == before.json()["meta"]["revisionId"]
    assert after.status_code == 200  # never a 304 for the pre-restore ETag
    assert after.headers["ETag"] != before.headers["ETag"]
    assert flag_enabled(server, "restored-flag") is False


def _maintenance(server) -> bool:
    return admin_call(server, "GET", "/api/admin/maintenance").json()["enabled"]


def test_restore_older_dump__maintenance_row__restored_state_in_force(node):
    server, pg = node
    off = admin_call(server, "POST", "/api/admin/maintenance", {"enabled": False})
    assert off.status_code == 204 and _maintenance(server) is False  # the row exists now
    dump = _newest_event(pg)
    (version,) = _sql(pg, ("SELECT version FROM maintenance_maintenancesetting",))[0]
    on = admin_call(server, "POST", "/api/admin/maintenance", {"enabled": True})
    assert on.status_code == 204 and _maintenance(server) is True

    _restore(
        pg,
        dump,
        ("UPDATE maintenance_maintenancesetting SET enabled = false, version = %s", version),
    )

    within(BOUND, lambda: _maintenance(server) is False)
    created = admin_call(server, "POST", FEATURES, {"name": "after-restore"})
    assert created.status_code == 201
    # Switching on again re-uses the version the lost switch had: it must still take effect.
    again = admin_call(server, "POST", "/api/admin/maintenance", {"enabled": True})
    assert again.status_code == 204
    within(BOUND, lambda: _maintenance(server) is True)
