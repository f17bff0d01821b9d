"""Context values with no string form count as absent, so every operator has a defined answer."""

from __future__ import annotations

import pytest

from flags.evaluation import compile_state
from flags.evaluation.context import normalise_context
from flags.evaluation.semver import parse_semver

UNUSABLE = [
    [],
    ["1"],
    {},
    {"a": {"b": [1, None]}},
    float("nan"),
    float("inf"),
    float("-inf"),
    10**5000,  # longer than Python will print: not usable as text
]


def _state(operator: str, values: list[str], inverted: bool):
    operand = {"value": values[0]} if operator.startswith(("NUM", "SEMVER")) else {"values": values}
    constraint = {"contextName": "plan", "operator": operator, "inverted": inverted, **operand}
    strategy = {"name": "default", "constraints": [constraint]}
    return compile_state({"features": [{"name": "f", "enabled": True, "strategies": [strategy]}]})


@pytest.mark.parametrize("value", UNUSABLE, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize(
    ("operator", "values"),
    [("IN", ["1"]), ("NOT_IN", ["1"]), ("STR_CONTAINS", ["1"]), ("NUM_GT", ["0"])],
)
@pytest.mark.parametrize("inverted", [False, True])
def test_constraint__unusable_context_value__answers_as_absent(value, operator, values, inverted):
    state = _state(operator, values, inverted)

    for context in ({"plan": value}, {"properties": {"plan": value}}):
        assert state.is_enabled("f", context) == state.is_enabled("f", {})


def test_constraint__absent_value__not_in_matches_and_others_do_not():
    assert _state("NOT_IN", ["1"], False).is_enabled("f", {"plan": []})
    assert not _state("IN", ["1"], False).is_enabled("f", {"plan": []})
    assert _state("IN", ["1"], True).is_enabled("f", {"plan": {}})


@pytest.mark.parametrize(
    ("value", "text"),
    [(10**400, "1" + "0" * 400), (1e308, str(int(1e308))), (2.5, "2.5"), (True, "true"), (7, "7")],
)
def test_normalise_context__big_and_plain_numbers__stringified(value, text):
    assert normalise_context({"userId": value}).fields["userId"] == text


def test_normalise_context__lone_surrogate__becomes_replacement_character():
    ctx = normalise_context({"userId": "a\ud800", "properties": {"plan": "\udfff"}})

    assert ctx.fields["userId"] == "a\ufffd"
    assert ctx.properties["plan"] == "\ufffd"


def test_semver__component_longer_than_python_prints__not_a_version():
    huge = "1" * 5000

    assert parse_semver(f"{huge}.0.0") is None
    assert parse_semver(f"1.0.0-{huge}") is None
    assert _state("SEMVER_GT", ["1.0.0"], True).is_enabled("f", {"plan": f"{huge}.0.0"})


def test_evaluate__non_string_flag_name__unknown_flag():
    state = _state("IN", ["1"], False)

    assert state.evaluate(["f"]).reason == "unknown flag"
