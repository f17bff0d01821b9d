"""Suite-wide setup: real PostgreSQL and Redis (never skipped), shared fixtures."""

import os

import pytest
import redis
from django.conf import settings
from django.test.utils import override_settings
from hypothesis import settings as hypothesis_settings

from core.actors import Actor
from flags.models import Environment, Project

SERVICE_HINTS = {
    "PostgreSQL": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "Redis": (
        "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no"
    ),
}


def _check_postgres() -> str | None:
    import psycopg

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return f"the suite needs PostgreSQL, but DATABASE_URL points at {db['ENGINE']}"
    try:
        psycopg.connect(
            host=db.get("HOST") or "127.0.0.1",
            port=db.get("PORT") or 5432,
            user=db.get("USER") or "postgres",
            password=db.get("PASSWORD") or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.Error as exc:
        return f"PostgreSQL is not reachable ({exc}). Start it: {SERVICE_HINTS['PostgreSQL']}"
    return None


def _check_redis() -> str | None:
    if not settings.REDIS_URL:
        return "the suite needs Redis, but REDIS_URL is empty"
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        return (
            f"Redis is not reachable at {settings.REDIS_URL} ({exc}). Start it: "
            + (SERVICE_HINTS["Redis"])
        )
    return None


# `make test-fast` loads the "fast" profile: a tenth of the generated examples per property
# test in the loop (the full run keeps hypothesis' default of 100; fuzz modules ask for twice
# that; tests/support/fuzz.py's examples() scales a test's own count the same way).
# No per-example deadline in either: these tests hit PostgreSQL, and on a loaded machine one
# example's round trips can pass hypothesis' 200 ms without anything being wrong.
hypothesis_settings.register_profile("full", deadline=None)
hypothesis_settings.register_profile("fast", max_examples=10, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "full"))


def _check_worker_redis() -> str | None:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    # set by tests/support/xdist_redis.py (imported here, it would be too late for settings)
    if worker and os.environ.get("UNLEASH_TEST_REDIS_PER_WORKER") != worker:
        return (
            "pytest-xdist workers need a Redis database each (every test flushes its own): "
            "add -p tests.support.xdist_redis, as `make test-fast` does"
        )
    return None


def pytest_sessionstart(session):
    checks = (_check_worker_redis(), _check_postgres(), _check_redis())
    problems = [p for p in checks if p]
    if problems:
        pytest.exit("Test services unavailable:\n  " + "\n  ".join(problems), returncode=3)
    _flush_redis_and_caches()  # nothing an earlier run left (keys with TTLs) leaks in


def _flush_redis_and_caches() -> None:
    from core import cache_reset, redis_client
    from metrics import buffer

    # First what this process holds in its metrics window (METRICS_BUFFER_WINDOW_MS): its
    # thread would otherwise write one test's posts into the next test's Redis or database.
    buffer.discard_accepted()
    redis_client.get_client().flushdb()
    cache_reset.reset_process_caches()


@pytest.fixture(autouse=True)
def _clean_redis():
    """Every test starts and ends with an empty Redis database (the suite owns REDIS_URL's db)
    and no SDK metrics held in this process's memory.

    Flushing after the test too keeps its state (e.g. maintenance switched on) out of the
    module-scoped fixtures of the next module, which run before its first test's flush.
    """
    _flush_redis_and_caches()
    yield
    _flush_redis_and_caches()


@pytest.fixture(autouse=True)
def _fast_password_hashing(request):
    """In-process tests hash passwords at one PBKDF2 iteration (tests/support/hashers.py).

    Not for tests that start a server process: it would re-hash such a user at login (the
    iteration count differs from its own), a write the read-only-role tests must not see.
    """
    if {"live", "browser"} & {m.name for m in request.node.iter_markers()}:
        yield
        return
    fast = "tests.support.hashers.OneIterationPBKDF2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=[fast, *settings.PASSWORD_HASHERS]):
        yield


@pytest.fixture(autouse=True)
def _default_rows(request):
    """Transactional tests flush every table; give each one the migrated defaults back."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    if marker is not None and marker.kwargs.get("serialized_rollback"):
        return  # Django restores the serialized rows itself
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        from django.db import connection

        # tests/support/module_rows.py holds a transaction open for its module: no flush in it
        assert not connection.in_atomic_block, "a transactional test in a module_rows module"
        request.getfixturevalue("transactional_db")
        from tests.support.defaults import ensure_default_rows

        ensure_default_rows()


@pytest.fixture(scope="session")
def openapi_document(django_db_blocker) -> dict:
    """/api/openapi.json as served, fetched once: the document is the same for every caller
    (public), and building it is the slowest request the server has."""
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/openapi.json")
    assert response.status_code == 200, response.content[:300]
    return response.json()


@pytest.fixture
def development(db):
    return Environment.objects.get(pk="development")


@pytest.fixture
def production(db):
    return Environment.objects.get(pk="production")


@pytest.fixture
def default_project(db):
    return Project.objects.get(pk="default")


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.com", "pw-admin-1")


@pytest.fixture
def actor(admin_user):
    return Actor.from_user(admin_user, source="test")


@pytest.fixture
def system_actor():
    return Actor.system("test")


# Launchers of server processes and browsers, by "module.qualname": a test that reaches one
# (in its body or through any fixture) gets the marker, so `make test-fast` skips it.
LAUNCHERS = {
    "live": {
        "tests.support.processes.WebServer",
        "tests.support.processes.PrivateRedis",
        "tests.support.processes.PrivatePostgres",
        "tests.support.live_sdk.private_stores",
        "tests.support.workers.web_server",
        "tests.support.workers.worker_with_beat",
        "tests.support.nodes.Node",
        "tests.support.nodes.running",
    },
    "browser": {"tests.support.browser.browser_page"},
}


def _names(code) -> set[str]:
    """Global and attribute names a code object uses, nested functions included."""
    names = set(code.co_names)
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            names |= _names(const)
    return names


def _launchers_reached(func) -> set[str]:
    code, scope = getattr(func, "__code__", None), getattr(func, "__globals__", {})
    if code is None:
        return set()
    found = (scope.get(name) for name in _names(code))
    return {f"{getattr(v, '__module__', '')}.{getattr(v, '__qualname__', '')}" for v in found}


def _process_markers(item) -> set[str]:
    info = getattr(item, "_fixtureinfo", None)
    funcs = [getattr(item, "function", None)]
    for defs in info.name2fixturedefs.values() if info else ():
        funcs += [d.func for d in defs]
    reached = set().union(*(_launchers_reached(f) for f in funcs if f is not None))
    markers = {marker for marker, launchers in LAUNCHERS.items() if reached & launchers}
    if "live_server" in getattr(item, "fixturenames", ()):
        markers.add("live")
    return markers


def pytest_collection_modifyitems(config, items):
    """Mark every test that starts a server process or a browser `live` / `browser`."""
    for item in items:
        for marker in _process_markers(item):
            if item.get_closest_marker(marker) is None:
                item.add_marker(marker)
