"""A granian server on a private PostgreSQL and a private Redis, seeded with flags and tokens."""

import json

import pytest
import requests

from tests.resilience.processes import (
    PrivatePostgres,
    PrivateRedis,
    WebServer,
    environment,
    manage,
)

BACKEND = "*:production.resilience-backend-secret"
FRONTEND = "*:production.resilience-frontend-secret"
STATE = {
    "version": 2,
    "features": [
        {"name": "always", "enabled": True, "strategies": []},
        {
            "name": "for-42",
            "enabled": True,
            "strategies": [{"name": "userWithId", "parameters": {"userIds": "42"}}],
        },
    ],
}
SEED = f"""
from flags.actors import Actor
from flags.models import Environment
from flags.services import token_create
from flags.services.imports import import_features
actor = Actor.system("resilience-test")
production = Environment.objects.get(pk="production")
token_create(name="b", type="backend", actor=actor, environment=production, secret={BACKEND!r})
token_create(name="f", type="frontend", actor=actor, environment=production, secret={FRONTEND!r})
import_features({STATE!r}, environment="production", project="default", actor=actor)
"""


@pytest.fixture(scope="package")
def stores():
    pg, cache = PrivatePostgres(), PrivateRedis()
    try:
        pg.start()
        cache.start()
        env = environment(
            pg.url,
            cache.url,
            RATE_LIMIT_CLIENT_METRICS_PER_MINUTE="0",
            RATE_LIMIT_FRONTEND_PER_MINUTE="0",
        )
        manage(env, "migrate", "--noinput")
        manage(env, "shell", stdin=SEED)
        yield pg, cache, env
    finally:
        cache.close()
        pg.close()


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


def sdk_get(server, path, token=BACKEND, **headers):
    return requests.get(
        f"{server.url}{path}",
        headers={"Authorization": token, "Unleash-Client-Spec": "6.1.0", **headers},
        timeout=10,
    )


def sdk_post(server, path, body, token=BACKEND):
    return requests.post(
        f"{server.url}{path}",
        data=json.dumps(body),
        headers={"Authorization": token, "Content-Type": "application/json"},
        timeout=10,
    )


def metrics_body(yes=3):
    return {
        "appName": "resilient-app",
        "instanceId": "i-1",
        "bucket": {
            "start": "2026-11-26T06:26:36.080204502Z",
            "stop": "2026-11-26T06:27:36.085246100Z",
            "toggles": {"always": {"yes": yes, "no": 1}},
        },
    }
