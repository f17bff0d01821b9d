"""Liveness (/health) and readiness (/ready) probes against the real services."""

import socket

import pytest

from core import redis_client


@pytest.fixture
def redis_down(settings):
    """Point REDIS_URL at a port where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    redis_client._client_for.cache_clear()
    yield
    redis_client._client_for.cache_clear()


def test_health__always__good(client, db):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"health": "GOOD"}


def test_ready__database_and_redis_up__good(client, db):
    response = client.get("/ready")
    assert response.status_code == 200
    assert response.json() == {"health": "GOOD"}


def test_ready__redis_unreachable__503_naming_redis(client, db, redis_down):
    response = client.get("/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["health"] == "BAD"
    assert body["down"] == ["redis"]
    assert "redis" in body["message"]


def test_ready__redis_not_configured__good(client, db, settings):
    settings.REDIS_URL = ""
    assert client.get("/ready").status_code == 200
