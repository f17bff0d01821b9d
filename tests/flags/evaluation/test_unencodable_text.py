"""Text no C extension can take (lone surrogates, NUL) is evaluated under the safe_utf8 rule.

mmh3 5.3.1 segfaulted on ``"\\ud800"``, so the evaluations run in a child process: a crash
fails the test with the child's exit code instead of killing pytest.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import mmh3
import pytest

from core.textcheck import safe_utf8
from flags.evaluation import compile_state
from flags.evaluation.hashing import ROLLOUT_SEED, VARIANT_SEED, rollout_bucket, variant_bucket
from flags.evaluation.regex import compile_regex

REPO = Path(__file__).resolve().parents[3]

# Evaluates every flag for each context, seeding `random` identically before each run so
# random stickiness cannot make two equivalent contexts differ.
CHILD = """
import json, random, sys
from flags.evaluation import compile_state
from tests.support.every_rule import every_rule_body

state = compile_state(every_rule_body())
results = []
for context in json.loads(sys.stdin.read()):
    random.seed(7)
    results.append([[e.name, e.enabled, e.variant["name"], e.reason]
                    for e in state.evaluate_all(context)])
print(json.dumps(results))
"""

HOSTILE = [
    {"userId": "\ud800"},
    {"userId": "\udfff", "sessionId": "\ud800x", "plan": "gold\ud800"},
    {"userId": "a\x00b", "remoteAddress": "10.0.0.1\x00", "properties": {"plan": "\x00"}},
    {"sessionId": "\ud83d", "currentTime": "2030-01-01T00:00:00Z\ud800", "plan": "\udc00"},
]


def _replaced(context: dict) -> dict:
    """The same context after the TextEncoder rule: what the engine must treat it as."""
    return {
        key: _replaced(value) if isinstance(value, dict) else safe_utf8(value).decode()
        for key, value in context.items()
    }


def _evaluate_in_child(contexts: list[dict]) -> list:
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=json.dumps(contexts),  # ASCII JSON: surrogates travel as \\ud800 escapes
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 0, f"child exited {result.returncode}: {result.stderr[-2000:]}"
    return json.loads(result.stdout)


def test_evaluate_all__lone_surrogates_and_nul__same_answers_as_replacement_character():
    hostile, replaced = (
        _evaluate_in_child(HOSTILE),
        _evaluate_in_child([_replaced(c) for c in HOSTILE]),
    )

    assert hostile == replaced
    rollouts = [row for rows in hostile for row in rows if "Rollout" in row[0]]
    assert rollouts, "the body must contain rollout strategies"
    assert not [row for rows in hostile for row in rows if row[3] == "evaluation failed"]


@pytest.mark.parametrize("strategy", ["gradualRolloutUserId", "flexibleRollout"])
def test_rollout__user_id_lone_surrogate__decided_by_replacement_character_bucket(strategy):
    parameters = {"percentage": "50", "rollout": "50", "groupId": "g", "stickiness": "userId"}
    body = {"features": [{"name": "f", "enabled": True, "strategies": [
        {"name": strategy, "parameters": parameters}
    ]}]}  # fmt: skip
    state = compile_state(body)

    [enabled] = _evaluate_in_child_state(body, [{"userId": "\ud800"}])

    assert enabled == (rollout_bucket("\ufffd", "g") <= 50)
    assert enabled == state.is_enabled("f", {"userId": "\ufffd"})


def _evaluate_in_child_state(body: dict, contexts: list[dict]) -> list[bool]:
    script = (
        "import json, sys\nfrom flags.evaluation import compile_state\n"
        "body, contexts = json.loads(sys.stdin.read())\nstate = compile_state(body)\n"
        "print(json.dumps([state.is_enabled('f', c) for c in contexts]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps([body, contexts]),
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 0, f"child exited {result.returncode}: {result.stderr[-2000:]}"
    return json.loads(result.stdout)


@pytest.mark.parametrize("identifier", ["122", "user@example.com", "😀", "grüße", "a\x00b", ""])
def test_buckets__encodable_identifiers__hash_exactly_as_mmh3_of_the_text(identifier):
    key = f"group:{identifier}"

    assert (
        rollout_bucket(identifier, "group") == mmh3.hash(key, ROLLOUT_SEED, signed=False) % 100 + 1
    )
    assert variant_bucket(identifier, "group", 997) == (
        mmh3.hash(key, VARIANT_SEED, signed=False) % 997 + 1
    )


@pytest.mark.parametrize(
    ("text", "matched"), [("u\ud800", True), ("\ud800x", True), ("x\ud800", False), ("u\x00", True)]
)
def test_regex__text_with_lone_surrogate_or_nul__matched_as_replacement_text(text, matched):
    matches = compile_regex("^(u|\\x{FFFD}).*$")

    assert matches(text) is matched
    assert matches(safe_utf8(text).decode()) is matched
