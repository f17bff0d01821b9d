"""Variant selection: weights, overrides, stickiness and payloads."""

from __future__ import annotations

import pytest

from flags.evaluation.context import normalise_context
from flags.evaluation.variants import compile_variants, disabled_variant

THREE = [
    {"name": "variant1", "weight": 33, "payload": {"type": "string", "value": "val1"}},
    {"name": "variant2", "weight": 33},
    {"name": "variant3", "weight": 33},
]


def pick(raw, context, group="Feature.Variants.C", stickiness=None, overrides=True) -> str:
    variants = compile_variants(raw, group, stickiness, overrides)
    return variants.pick(normalise_context(context)).name


@pytest.mark.parametrize(
    ("user_id", "expected"), [("232", "variant1"), ("607", "variant2"), ("656", "variant3")]
)
def test_pick__contract_check_values__choose_expected_variant(user_id, expected):
    assert pick(THREE, {"userId": user_id}) == expected


def test_pick__no_user_id__falls_back_to_session_id():
    assert pick(THREE, {"sessionId": "607"}) == "variant2"


def test_pick__override_matches__wins_over_hash():
    raw = [dict(THREE[0]), dict(THREE[1], overrides=[{"contextName": "userId", "values": ["232"]}])]
    assert pick(raw, {"userId": "232"}) == "variant2"


def test_pick__overrides_disabled__are_ignored():
    raw = [dict(THREE[0]), dict(THREE[1], overrides=[{"contextName": "userId", "values": ["232"]}])]
    assert pick(raw + [THREE[2]], {"userId": "232"}, overrides=False) == "variant1"


def test_pick__custom_stickiness__hashes_that_property():
    by_tenant = pick(THREE, {"properties": {"tenant": "232"}}, stickiness="tenant")
    assert by_tenant == pick(THREE, {"userId": "232"})


def test_pick__zero_weight_variant__is_never_chosen():
    raw = [{"name": "never", "weight": 0}, {"name": "always", "weight": 5}]
    assert {pick(raw, {"userId": str(i)}) for i in range(50)} == {"always"}


def test_compile_variants__empty_or_weightless__returns_none():
    assert compile_variants([], "g", None, True) is None
    assert compile_variants([{"name": "a", "weight": 0}], "g", None, True) is None
    assert compile_variants("nope", "g", None, True) is None


def test_as_dict__payload__is_a_fresh_copy():
    variants = compile_variants(THREE[:1], "g", None, True)
    first = variants.pick(normalise_context({})).as_dict()
    first["payload"]["value"] = "mutated"
    assert variants.pick(normalise_context({})).as_dict() == {
        "name": "variant1",
        "enabled": True,
        "feature_enabled": True,
        "payload": {"type": "string", "value": "val1"},
    }


def test_as_dict__no_payload__omits_payload_key():
    variants = compile_variants([{"name": "plain", "weight": 1}], "g", None, True)
    assert "payload" not in variants.pick(normalise_context({})).as_dict()


def test_disabled_variant__feature_enabled_flag__is_carried():
    assert disabled_variant() == {"name": "disabled", "enabled": False, "feature_enabled": False}
    assert disabled_variant(True)["feature_enabled"] is True
