"""A granian server on a private PostgreSQL and a private Redis, seeded with flags and tokens."""

import pytest

from tests.support.live_sdk import private_stores
from tests.support.processes import WebServer


@pytest.fixture(scope="package")
def stores():
    with private_stores() as started:
        yield started


@pytest.fixture(scope="module")
def aof_stores():
    """Private stores with Redis on an append-only file (as docker-compose runs it), per module."""
    with private_stores(appendonly=True) as started:
        yield started


@pytest.fixture
def live(stores):
    """A fresh server with both stores up; whatever a test stopped is started again after it."""
    pg, cache, env = stores
    server = WebServer(env)
    server.start()
    try:
        yield server, pg, cache
    finally:
        server.stop()
        if not cache.running:
            cache.start()
        if not pg.running:
            pg.start()
