"""Helpers for the client API tests: tokens, flags built through the services, GET calls."""

from __future__ import annotations

import json

from core.actors import Actor
from flags import services

ACTOR = Actor.system("test")
SPEC = "6.1.0"


def token(kind: str = "backend", *, environment="development", projects=None, **extra) -> str:
    _token, secret = services.token_create(
        name=f"{kind}-token",
        type=kind,
        environment=environment,
        projects=projects or ["*"],
        actor=ACTOR,
        **extra,
    )
    return secret


def flag(project, environment, name: str, *, enabled: bool = True, strategies=(), **fields):
    feature = services.feature_create(project=project, name=name, actor=ACTOR, **fields)
    for spec in strategies:
        services.strategy_add(feature=feature, environment=environment, actor=ACTOR, **spec)
    if enabled:
        services.feature_set_enabled(
            feature=feature, environment=environment, enabled=True, actor=ACTOR
        )
    return feature


def get(client, secret: str | None, path: str = "/api/client/features", *, spec=SPEC, **headers):
    if secret is not None:
        headers["HTTP_AUTHORIZATION"] = secret
    if spec is not None:
        headers["HTTP_UNLEASH_CLIENT_SPEC"] = spec
    return client.get(path, **headers)


def body(response) -> dict:
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)
