"""A seeded private PostgreSQL and Redis for a granian server, and the SDK calls tests make."""

import contextlib
import json
import time

import requests

from tests.support.processes import PrivatePostgres, PrivateRedis, environment, manage

BACKEND = "*:production.resilience-backend-secret"
FRONTEND = "*:production.resilience-frontend-secret"
ADMIN = "*:*.resilience-admin-secret"
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
from core.actors import Actor
from flags.models import Environment
from flags.services import token_create
from flags.services.imports import import_features
actor = Actor.system("resilience-test")
production = Environment.objects.get(pk="production")
token_create(name="b", type="backend", actor=actor, environment=production, secret={BACKEND!r})
token_create(name="f", type="frontend", actor=actor, environment=production, secret={FRONTEND!r})
token_create(name="a", type="admin", actor=actor, secret={ADMIN!r})
import_features({STATE!r}, environment="production", project="default", actor=actor)
"""


@contextlib.contextmanager
def private_stores(*, appendonly: bool = False):
    """A migrated, seeded private PostgreSQL and Redis: (pg, cache, server environment)."""
    pg, cache = PrivatePostgres(), PrivateRedis(appendonly=appendonly)
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


def admin_call(server, method, path, body=None):
    """An admin API call with the seeded admin token."""
    return requests.request(
        method,
        f"{server.url}{path}",
        data=None if body is None else json.dumps(body),
        headers={"Authorization": ADMIN, "Content-Type": "application/json"},
        timeout=20,
    )


FEATURES = "/api/admin/projects/default/features"


def flag_path(name: str, tail: str = "") -> str:
    return f"{FEATURES}/{name}{tail}"


def flag_enabled(server, name: str, token: str = BACKEND) -> bool | None:
    """What an SDK polling this server is told about `name` (None: absent or not a 200)."""
    response = sdk_get(server, "/api/client/features", token=token)
    if response.status_code != 200:
        return None
    found = [f for f in response.json()["features"] if f["name"] == name]
    return found[0]["enabled"] if found else None


def within(seconds: float, check) -> float:
    """Poll `check` until it is true; the seconds it took, failing past the deadline."""
    started = time.monotonic()
    while not check():
        elapsed = time.monotonic() - started
        assert elapsed < seconds, f"not within {seconds} s"
        time.sleep(0.05)
    return time.monotonic() - started
