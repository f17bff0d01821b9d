"""The compiled state: reasons, evaluate_all, dependencies, variants and robustness."""

from __future__ import annotations

import pytest

from flags.evaluation import Evaluation, compile_state
from flags.evaluation.context import normalise_context

USER_1 = {"contextName": "userId", "operator": "IN", "values": ["1"]}


def feature(name: str, **fields) -> dict:
    return {"name": name, "enabled": True, "strategies": [{"name": "default"}], **fields}


BODY = {
    "version": 2,
    "features": [
        feature("on", impressionData=True),
        feature("off", enabled=False),
        feature("bare", strategies=[]),
        feature("only-user-1", strategies=[{"name": "default", "constraints": [USER_1]}]),
        feature("child", dependencies=[{"feature": "on"}]),
        feature("child-of-off", dependencies=[{"feature": "off"}]),
        feature("grandchild", dependencies=[{"feature": "child"}]),
        feature(
            "coloured",
            variants=[{"name": "blue", "weight": 1, "payload": {"type": "string", "value": "b"}}],
        ),
        feature(
            "strategy-coloured",
            strategies=[
                {
                    "name": "default",
                    "constraints": [USER_1],
                    "variants": [{"name": "s1", "weight": 1}],
                },
                {"name": "default", "variants": [{"name": "s2", "weight": 1}]},
            ],
            variants=[{"name": "feature-level", "weight": 1}],
        ),
        feature("wants-blue", dependencies=[{"feature": "coloured", "variants": ["blue"]}]),
        feature("wants-red", dependencies=[{"feature": "coloured", "variants": ["red"]}]),
    ],
}


@pytest.fixture(scope="module")
def state():
    return compile_state(BODY)


def test_feature_names__body__keeps_body_order(state):
    assert state.feature_names == [f["name"] for f in BODY["features"]]


@pytest.mark.parametrize(
    ("name", "context", "enabled", "reason"),
    [
        ("nope", {}, False, "unknown flag"),
        ("off", {}, False, "disabled in environment"),
        ("bare", {}, True, "enabled without strategies"),
        ("on", {}, True, "strategy default matched"),
        ("only-user-1", {"userId": "2"}, False, "no strategy matched"),
        ("child-of-off", {}, False, "dependency off not satisfied"),
        ("grandchild", {}, False, "dependency child not satisfied"),
        ("wants-red", {}, False, "dependency coloured not satisfied"),
        ("wants-blue", {}, True, "strategy default matched"),
    ],
)
def test_evaluate__situation__gives_short_reason(state, name, context, enabled, reason):
    result = state.evaluate(name, context)
    assert isinstance(result, Evaluation)
    assert (result.enabled, result.reason) == (enabled, reason)


def test_evaluate__unknown_flag__returns_disabled_variant(state):
    result = state.evaluate("nope", {})
    assert result.variant == {"name": "disabled", "enabled": False, "feature_enabled": False}
    assert result.impression_data is False


def test_evaluate__impression_data__is_carried(state):
    assert state.evaluate("on", {}).impression_data is True
    assert state.evaluate("off", {}).impression_data is False


def test_get_variant__enabled_without_variants__is_disabled_with_feature_enabled(state):
    assert state.get_variant("on", {}) == {
        "name": "disabled",
        "enabled": False,
        "feature_enabled": True,
    }


def test_get_variant__first_matching_strategy__decides_variant(state):
    assert state.get_variant("strategy-coloured", {"userId": "1"})["name"] == "s1"
    assert state.get_variant("strategy-coloured", {"userId": "2"})["name"] == "s2"


def test_get_variant__disabled_flag_with_variants__is_disabled(state):
    variant = state.get_variant("only-user-1", {"userId": "9"})
    assert variant == {"name": "disabled", "enabled": False, "feature_enabled": False}


def test_evaluate_all__context__lists_every_flag_in_order(state):
    results = state.evaluate_all({"userId": "1"})
    assert [r.name for r in results] == state.feature_names
    assert {r.name for r in results if r.enabled} == {
        "on",
        "bare",
        "only-user-1",
        "child",
        "coloured",
        "strategy-coloured",
        "wants-blue",
    }


def test_is_enabled__accepts_prebuilt_context(state):
    assert state.is_enabled("only-user-1", normalise_context({"userId": "1"}))


def test_is_enabled__none_context__is_treated_as_empty(state):
    assert state.is_enabled("on", None)
    assert not state.is_enabled("only-user-1", None)


def test_normalise_context__none_property__is_absent():
    ctx = normalise_context({"userId": None, "properties": {"plan": None, "tier": "gold"}})
    assert ctx.get("userId") is None
    assert ctx.get("plan") is None
    assert ctx.get("tier") == "gold"


def test_normalise_context__non_string_values__are_stringified_like_json():
    ctx = normalise_context({"userId": 42, "beta": True, "ratio": 2.0, "properties": {"n": 1.5}})
    assert (ctx.get("userId"), ctx.get("beta"), ctx.get("ratio"), ctx.get("n")) == (
        "42",
        "true",
        "2",
        "1.5",
    )


def test_normalise_context__explicit_property__wins_over_top_level_key():
    ctx = normalise_context({"plan": "top", "properties": {"plan": "nested"}})
    assert ctx.get("plan") == "nested"


def test_dependency__cycle__disables_both():
    state = compile_state(
        {
            "features": [
                feature("a", dependencies=[{"feature": "b"}]),
                feature("b", dependencies=[{"feature": "a"}]),
            ]
        }
    )
    assert not state.is_enabled("a", {})
    assert not state.is_enabled("b", {})


def test_dependency__expects_parent_disabled__holds_when_parent_off():
    state = compile_state(
        {
            "features": [
                feature("p", enabled=False),
                feature("c", dependencies=[{"feature": "p", "enabled": False}]),
            ]
        }
    )
    assert state.is_enabled("c", {})


def test_compile_state__duplicate_names__last_definition_wins_first_position():
    state = compile_state({"features": [feature("x", enabled=False), feature("y"), feature("x")]})
    assert state.feature_names == ["x", "y"]
    assert state.is_enabled("x", {})


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        "features",
        {},
        {"features": None},
        {"features": "x"},
        {"features": [None, 1, "a", {}, {"name": None}, {"name": 3}]},
        {"features": [{"name": "f", "enabled": "yes", "strategies": "all"}]},
        {"features": [{"name": "f", "enabled": True, "strategies": [None, 1, {"name": []}]}]},
        {"features": [{"name": "f", "enabled": True, "dependencies": [None, {"feature": 1}]}]},
        {"features": [{"name": "f", "enabled": True, "variants": {"name": "v"}}]},
        {
            "features": [feature("f", strategies=[{"name": "default", "segments": [1]}])],
            "segments": "x",
        },
        {
            "features": [feature("f")],
            "segments": [None, {"id": None}, {"id": [1]}, {"id": 1, "constraints": 5}],
        },
    ],
)
def test_compile_state__garbage_body__never_raises(body):
    state = compile_state(body)
    for result in state.evaluate_all({"userId": "1", "properties": {"a": None}}):
        assert result.enabled in (True, False)
    assert state.evaluate("f", {}).variant["name"] in {"disabled", "v"}


def test_compile_state__garbage_feature__does_not_disable_others():
    state = compile_state(
        {"features": [{"name": "bad", "enabled": True, "strategies": [5]}, feature("good")]}
    )
    assert state.is_enabled("good", {})
    assert not state.is_enabled("bad", {})


def test_evaluate__unknown_operator__turns_only_that_strategy_off():
    bad = {"contextName": "userId", "operator": "NOPE", "values": ["1"]}
    state = compile_state(
        {
            "features": [
                feature(
                    "f", strategies=[{"name": "default", "constraints": [bad]}, {"name": "default"}]
                )
            ]
        }
    )
    assert state.is_enabled("f", {"userId": "1"})
