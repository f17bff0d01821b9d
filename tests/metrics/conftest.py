"""Tokens, the "checkout" flag and SDK bodies for the metrics tests."""

# `admin_client` is pytest-django's own: a client logged in as tests/conftest.py's `admin_user`.

import json

import pytest

from core import ratelimit
from flags.services import feature_create, token_create


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    ratelimit.reset_local()
    yield
    ratelimit.reset_local()


@pytest.fixture
def backend_token(db, system_actor, production):
    _, secret = token_create(
        name="sdk", type="backend", actor=system_actor, environment=production, projects=["*"]
    )
    return secret


@pytest.fixture
def frontend_token(db, system_actor, production):
    _, secret = token_create(
        name="web", type="frontend", actor=system_actor, environment=production, projects=["*"]
    )
    return secret


@pytest.fixture
def checkout(default_project, system_actor):
    return feature_create(project=default_project, name="checkout", actor=system_actor)


@pytest.fixture
def post(client):
    """POST a JSON body (or raw bytes) with a token, like an SDK."""

    def _post(url, body, token, **headers):
        data = body if isinstance(body, bytes | str) else json.dumps(body)
        return client.post(
            url, data=data, content_type="application/json", HTTP_AUTHORIZATION=token, **headers
        )

    return _post


def metrics_body(**overrides):
    body = {
        "appName": "my-app",
        "instanceId": "i-1",
        "bucket": {
            "start": "2026-11-26T06:26:36.080204502Z",
            "stop": "2026-11-26T06:27:36.085246100Z",
            "toggles": {
                "checkout": {"yes": 3, "no": 1, "variants": {"blue": 2, "disabled": 2}},
                "other": {"yes": 0, "no": 4},
            },
        },
    }
    body.update(overrides)
    return body


def register_body(**overrides):
    body = {
        "appName": "my-app",
        "instanceId": "i-1",
        "connectionId": "2aa0ea74-c120-4681-be0f-77121d8740a9",
        "platformName": "CPython",
        "platformVersion": "3.11.7",
        "yggdrasilVersion": "0.20.8",
        "specVersion": "6.1.0",
        "sdkVersion": "unleash-python-sdk:6.9.1",
        "strategies": [],
        "started": "2026-11-26T06:22:39.277834+00:00",
        "interval": 60,
    }
    body.update(overrides)
    return body
