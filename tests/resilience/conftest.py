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
    """A fresh server with both stores up; whatever a test stopped is started again after it.

    It runs with the default metrics window (METRICS_BUFFER_WINDOW_MS, 50 ms): a post it
    answered reaches a store within the window, not before the answer.
    """
    yield from _live(stores, {})


@pytest.fixture
def durable_live(stores):
    """``live`` with METRICS_BUFFER_WINDOW_MS=0: every post is in a store before its answer.

    For tests that prove that mode (a kill -9 right after a 202 loses nothing, where a post
    is at the moment of its answer, 503 as soon as no store takes it).
    """
    yield from _live(stores, {"METRICS_BUFFER_WINDOW_MS": "0"})


def _live(stores, extra: dict[str, str]):
    pg, cache, env = stores
    server = WebServer({**env, **extra})
    server.start()
    try:
        yield server, pg, cache
    finally:
        server.stop()
        if not cache.running:
            cache.start()
        if not pg.running:
            pg.start()
