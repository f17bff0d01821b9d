"""Differential check: our engine agrees with the official Python SDK's engine (yggdrasil)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from yggdrasil_engine.engine import UnleashEngine

from flags.evaluation import compile_state
from tests.support import client_spec

BENCH_BODY = Path(__file__).resolve().parents[4] / "shared" / "bench" / "features-100.json"
PROPERTY_VALUES = ["1.2.2", "3.1.4", "12.0", "Pie", "norway", "a@some-email.com", "42", "e2 x"]
PROPERTY_NAMES = ["version", "someValue", "email", "country", "customNumber", "customName"]


def _contexts(count: int, seed: int) -> list[dict]:
    """Contexts that always carry every stickiness field, so no answer depends on chance."""
    rnd = random.Random(seed)
    result = []
    for _ in range(count):
        props = {name: rnd.choice(PROPERTY_VALUES) for name in PROPERTY_NAMES if rnd.random() < 0.5}
        props |= {"customField": str(rnd.randint(0, 999)), "clientId": str(rnd.randint(0, 9))}
        result.append(
            {
                "userId": rnd.choice([str(rnd.randint(0, 999)), f"user-{rnd.randint(1, 100)}-3"]),
                "sessionId": str(rnd.randint(0, 999)),
                "remoteAddress": rnd.choice(
                    ["127.0.0.1", "192.168.0.3", "160.33.0.9", "2001:db8::1"]
                ),
                "environment": rnd.choice(["default", "dev", "prod"]),
                "appName": rnd.choice(["abc", "web"]),
                "currentTime": "2022-01-25T13:00:00.000Z",
                "properties": props,
            }
        )
    return result


def _bodies() -> list[tuple[str, dict]]:
    bodies = list(client_spec.states_by_file().items())
    if BENCH_BODY.is_file():
        bodies.append(("bench-features-100", json.loads(BENCH_BODY.read_text())))
    return bodies


def _sdk_variant(engine: UnleashEngine, name: str, context: dict) -> dict:
    variant = engine.get_variant(name, dict(context)).variant
    result = {"name": variant.name, "enabled": variant.enabled}
    result["feature_enabled"] = variant.feature_enabled
    if variant.payload:
        result["payload"] = dict(variant.payload)
    return result


BODIES = _bodies()


@pytest.mark.parametrize(("label", "body"), BODIES, ids=[label for label, _ in BODIES])
def test_engine__random_contexts__agree_with_sdk_engine(label, body):
    engine = UnleashEngine()
    engine.take_state(json.dumps(body))
    state = compile_state(body)
    differences = []
    for context in _contexts(40, seed=len(label)):
        for name in state.feature_names:
            ours = (state.is_enabled(name, context), state.get_variant(name, context))
            sdk = (
                engine.is_enabled(name, dict(context)).is_enabled,
                _sdk_variant(engine, name, context),
            )
            if ours != sdk:
                differences.append((name, context, ours, sdk))
    assert differences == []
