"""The engine answers every flag for any JSON context and any constraint operand, never raising."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from core.textcheck import has_lone_surrogate, safe_utf8
from flags.evaluation import compile_state
from flags.evaluation.constraints import OPERATORS
from flags.evaluation.engine import REASON_ERROR
from tests.support.every_rule import CONTEXT_NAMES, every_rule_body
from tests.support.fuzz import FUZZ, context, json_value

STATE = compile_state(every_rule_body())


def _answers(state, ctx) -> list[tuple]:
    random.seed(11)  # random stickiness must not make equivalent contexts differ
    return [(e.name, e.enabled, e.variant["name"], e.reason) for e in state.evaluate_all(ctx)]


def _assert_well_formed(state, answers: list[tuple]) -> None:
    assert [name for name, *_ in answers] == state.feature_names
    failed = [a for a in answers if a[3] == REASON_ERROR]
    assert not failed, f"evaluation raised for {failed[:3]}"
    for _, enabled, variant, _ in answers:
        assert isinstance(enabled, bool)
        assert isinstance(variant, str)
        assert enabled or variant == "disabled"


@FUZZ
@given(ctx=context())
def test_evaluate_all__any_json_context__every_flag_answered(ctx):
    _assert_well_formed(STATE, _answers(STATE, ctx))


@FUZZ
@given(ctx=json_value)
def test_evaluate_all__context_not_an_object__answered_as_empty_context(ctx):
    answers = _answers(STATE, ctx)

    _assert_well_formed(STATE, answers)
    if not isinstance(ctx, dict):
        assert answers == _answers(STATE, {})


def _replaced(value):
    """The context after the TextEncoder rule, which the engine must treat it as."""
    if isinstance(value, str):
        return safe_utf8(value).decode() if has_lone_surrogate(value) else value
    if isinstance(value, dict):
        return {key: _replaced(item) for key, item in value.items()}
    return value


@FUZZ
@given(ctx=context())
def test_evaluate_all__lone_surrogates__same_answers_as_replacement_character(ctx):
    assert _answers(STATE, ctx) == _answers(STATE, _replaced(ctx))


@st.composite
def constraint(draw) -> dict:
    """A constraint with a real operator but any JSON operand, flags and context name."""
    raw = {
        "contextName": draw(st.sampled_from(CONTEXT_NAMES) | json_value),
        "operator": draw(st.sampled_from(sorted(OPERATORS)) | json_value),
        "inverted": draw(st.booleans() | json_value),
        "caseInsensitive": draw(st.booleans() | json_value),
    }
    for key in ("value", "values"):
        if draw(st.booleans()):
            raw[key] = draw(json_value | st.lists(json_value, max_size=4))
    return raw


@FUZZ
@given(constraints=st.lists(constraint(), min_size=1, max_size=3), ctx=context())
def test_compile_and_evaluate__any_constraint_operand__flag_answered(constraints, ctx):
    strategy = {"name": "flexibleRollout", "parameters": {"rollout": "100"}}
    body = {"features": [{"name": "f", "enabled": True, "strategies": [
        {**strategy, "constraints": constraints}
    ]}]}  # fmt: skip
    state = compile_state(body)

    _assert_well_formed(state, _answers(state, ctx))
