"""Variant validation and weight balancing (weights always sum to 1000)."""

import pytest

from flags.variants import balance_weights, normalize_variants


def _weights(raw):
    variants, errors = normalize_variants(raw)
    assert errors == []
    return [v["weight"] for v in variants]


def test_normalize_variants__all_variable__balanced_to_1000():
    assert _weights([{"name": n} for n in "abc"]) == [334, 333, 333]


def test_normalize_variants__variable_weights_given__rebalanced():
    assert _weights([{"name": "a", "weight": 900}, {"name": "b", "weight": 5}]) == [500, 500]


def test_normalize_variants__fixed_and_variable__variable_share_the_rest():
    raw = [
        {"name": "a", "weight": 200, "weightType": "fix"},
        {"name": "b"},
        {"name": "c", "weightType": "variable"},
    ]
    assert _weights(raw) == [200, 400, 400]


def test_normalize_variants__all_fixed_summing_to_1000__kept():
    raw = [
        {"name": "a", "weight": 300, "weightType": "fix"},
        {"name": "b", "weight": 700, "weightType": "fix"},
    ]
    assert _weights(raw) == [300, 700]


def test_normalize_variants__all_fixed_not_summing_to_1000__error():
    raw = [
        {"name": "a", "weight": 300, "weightType": "fix"},
        {"name": "b", "weight": 600, "weightType": "fix"},
    ]
    _, errors = normalize_variants(raw)
    assert errors == [
        {"path": "variants", "message": "weights add up to 900; they must add up to 1000"}
    ]


def test_normalize_variants__fixed_over_1000__error():
    raw = [
        {"name": "a", "weight": 800, "weightType": "fix"},
        {"name": "b", "weight": 300, "weightType": "fix"},
        {"name": "c"},
    ]
    _, errors = normalize_variants(raw)
    assert errors[0]["path"] == "variants"
    assert "1100" in errors[0]["message"]


def test_normalize_variants__fixed_take_everything__variable_left_nothing_error():
    raw = [{"name": "a", "weight": 1000, "weightType": "fix"}, {"name": "b"}]
    _, errors = normalize_variants(raw)
    assert errors == [
        {"path": "variants", "message": "fixed weights leave nothing for the variable variants"}
    ]


def test_normalize_variants__duplicate_names__error():
    _, errors = normalize_variants([{"name": "a"}, {"name": "a"}])
    assert errors == [{"path": "variants", "message": "variant names must be unique"}]


@pytest.mark.parametrize(
    ("variant", "path"),
    [
        ({"name": ""}, "variants[0].name"),
        ({"name": 5}, "variants[0].name"),
        ({"name": "a", "weightType": "fixed"}, "variants[0].weightType"),
        ({"name": "a", "weightType": ["fix"]}, "variants[0].weightType"),
        ({"name": "a", "weightType": "fix"}, "variants[0].weight"),
        ({"name": "a", "weightType": "fix", "weight": 1001}, "variants[0].weight"),
        ({"name": "a", "weightType": "fix", "weight": 500.5}, "variants[0].weight"),
        ({"name": "a", "weightType": "fix", "weight": True}, "variants[0].weight"),
        ({"name": "a", "stickiness": 3}, "variants[0].stickiness"),
        ("a", "variants[0]"),
    ],
)
def test_normalize_variants__bad_field__error_naming_it(variant, path):
    _, errors = normalize_variants([variant])
    assert errors[0]["path"] == path


@pytest.mark.parametrize(
    ("payload", "path"),
    [
        ("x", "variants[0].payload"),
        ({"type": "xml", "value": "<a/>"}, "variants[0].payload.type"),
        ({"type": ["json"], "value": "{}"}, "variants[0].payload.type"),
        ({"type": "string", "value": 5}, "variants[0].payload.value"),
        ({"type": "json", "value": "{nope"}, "variants[0].payload.value"),
        ({"type": "number", "value": "ten"}, "variants[0].payload.value"),
        ({"type": "number", "value": "nan"}, "variants[0].payload.value"),
    ],
)
def test_normalize_variants__bad_payload__error(payload, path):
    _, errors = normalize_variants([{"name": "a", "payload": payload}])
    assert errors == [errors[0]] and errors[0]["path"] == path


@pytest.mark.parametrize(
    "payload",
    [
        {"type": "json", "value": '{"a": 1}'},
        {"type": "csv", "value": "a,b"},
        {"type": "string", "value": ""},
        {"type": "number", "value": "-1.5"},
    ],
)
def test_normalize_variants__valid_payload__kept(payload):
    variants, errors = normalize_variants([{"name": "a", "payload": payload}])
    assert errors == [] and variants[0]["payload"] == payload


def test_normalize_variants__overrides__kept():
    overrides = [{"contextName": "userId", "values": ["1", "2"]}]
    variants, errors = normalize_variants([{"name": "a", "overrides": overrides}])
    assert errors == [] and variants[0]["overrides"] == overrides


@pytest.mark.parametrize(
    ("overrides", "path"),
    [
        ("userId", "variants[0].overrides"),
        ([{"values": ["1"]}], "variants[0].overrides[0].contextName"),
        ([{"contextName": "userId", "values": "1"}], "variants[0].overrides[0].values"),
        ([{"contextName": "userId", "values": [1]}], "variants[0].overrides[0].values"),
    ],
)
def test_normalize_variants__bad_overrides__error(overrides, path):
    _, errors = normalize_variants([{"name": "a", "overrides": overrides}])
    assert errors[0]["path"] == path


def test_normalize_variants__defaults__filled_in():
    variants, _ = normalize_variants([{"name": "a"}])
    assert variants == [
        {"name": "a", "weight": 1000, "weightType": "variable", "stickiness": "default"}
    ]


@pytest.mark.parametrize(("raw", "expected"), [(None, ([], [])), ([], ([], []))])
def test_normalize_variants__empty__no_errors(raw, expected):
    assert normalize_variants(raw) == expected


def test_normalize_variants__not_a_list__error():
    assert normalize_variants({"name": "a"})[1] == [
        {"path": "variants", "message": "must be a list"}
    ]


def test_balance_weights__seven_variable__sum_exactly_1000():
    variants = [{"name": str(i), "weight": 0, "weightType": "variable"} for i in range(7)]
    weights = [v["weight"] for v in balance_weights(variants)]
    assert sum(weights) == 1000 and max(weights) - min(weights) == 1
