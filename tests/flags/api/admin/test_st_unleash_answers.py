"""Strategy types, flag types and context fields answer as Unleash 8.2 did (recorded fixtures).

The recorder (tests/fixtures/unleash_8_2/record_st.py) runs the same calls, in the same order,
against our live server; each answer must have Unleash's status code and at least its keys.
The few known differences are listed with their reason.
"""

import importlib.util
import json
from pathlib import Path

import pytest

from core.actors import Actor
from flags import services

FIXTURES = Path(__file__).parents[3] / "fixtures" / "unleash_8_2"
ANSWERS = json.loads((FIXTURES / "strategies" / "unleash_answers.json").read_text())

# Case -> (our status, why it differs from Unleash).
KNOWN_DIFFERENCES = {
    "strategy_get_user_with_id": (
        200,
        "userWithId stays a deprecated built-in here (as on an Unleash upgraded from v4): the "
        "SDKs evaluate it and older exports use it; a fresh Unleash 8.2 no longer defines it",
    ),
    "flag_strategy_add_user_with_id": (200, "same reason: userWithId is defined here"),
    "strategy_update_builtin": (400, "Unleash answers 500 (an unhandled Error); ours is a 400"),
    "strategy_delete_builtin": (400, "Unleash answers 500 (an unhandled Error); ours is a 400"),
}


def _recorder():
    spec = importlib.util.spec_from_file_location("record_st", FIXTURES / "record_st.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_ANSWERS_HERE: dict = {}  # one replay per module: it takes seconds, the answers do not change


@pytest.fixture
def ours(live_server):
    if not _ANSWERS_HERE:
        _ANSWERS_HERE.update(_replay(live_server))
    return _ANSWERS_HERE


def _replay(live_server) -> dict:
    recorder = _recorder()
    services.token_create(
        name="unleash-admin", type="admin", actor=Actor.system("test"), secret=recorder.TOKEN
    )
    return recorder.record_all(live_server.url + "/api/admin")


def _mismatches(ours: dict) -> list[str]:
    problems = []
    for name, expected in ANSWERS.items():
        got = ours[name]
        status = KNOWN_DIFFERENCES.get(name, (expected["status"],))[0]
        if got["status"] != status:
            problems.append(f"{name}: status {got['status']}, Unleash {expected['status']}")
        elif name not in KNOWN_DIFFERENCES and not set(expected["keys"] or ()) <= set(
            got["keys"] or ()
        ):
            problems.append(f"{name}: keys {got['keys']}, Unleash {expected['keys']}")
    return problems


def test_unleash_answers__same_calls_replayed__same_status_and_keys(ours):
    assert _mismatches(ours) == []


def test_unleash_answers__strategy_list__unleash_builtins_identical_and_in_order(ours):
    unleash = ANSWERS["strategies_list"]["response"]["strategies"]
    here = ours["strategies_list"]["response"]["strategies"]
    by_name = {s["name"]: s for s in here}
    assert [by_name.get(s["name"]) for s in unleash] == unleash
    order = [s["name"] for s in here if s["name"] in {u["name"] for u in unleash}]
    assert order == [s["name"] for s in unleash]


@pytest.mark.parametrize(
    "case",
    [
        "feature_types_list",
        "feature_type_lifetime",
        "feature_type_lifetime_zero",
        "context_strategies_unknown",
        "strategy_create",
        "strategy_get_updated",
        "strategy_get_deprecated",
    ],
)
def test_unleash_answers__value_cases__same_body(ours, case):
    assert ours[case]["response"] == ANSWERS[case]["response"]


def test_unleash_answers__context_lists__same_fields_without_timestamps(ours):
    for case in ("context_list", "project_context_list", "context_after_legal_values"):
        assert _without_dates(ours[case]["response"]) == _without_dates(ANSWERS[case]["response"])


def _without_dates(value, top=True):
    """createdAt differs by nature; a field's description sent as nothing is null in Unleash
    and "" here (the column is not nullable), so an empty one is compared as null."""
    if isinstance(value, list):
        return [_without_dates(v, top) for v in value]
    if isinstance(value, dict):
        clean = {k: _without_dates(v, False) for k, v in value.items() if k != "createdAt"}
        if "legalValues" in clean and clean.get("description") == "":
            clean["description"] = None
        return clean
    return value
