"""Write-time validation of names, constraints and strategy parameters."""

import pytest

from core.textcheck import MAX_TEXT
from flags.validation import (
    LIST_OPERATORS,
    NON_EMPTY_LIST_OPERATORS,
    is_number,
    normalize_constraint,
    normalize_constraints,
    normalize_parameters,
    validate_flag_name,
    validate_slug,
    validate_strategy_name,
)

SINGLE_VALID = {
    "NUM_EQ": "5",
    "NUM_GT": "-1.5",
    "NUM_GTE": "1e3",
    "NUM_LT": ".5",
    "NUM_LTE": "10",
    "DATE_AFTER": "2024-01-01T00:00:00Z",
    "DATE_BEFORE": "2024-01-01T10:00:00.000+02:00",
    "SEMVER_EQ": "1.2.3",
    "SEMVER_GT": "1.0.0-beta.1",
    "SEMVER_GTE": "0.0.1+build.5",
    "SEMVER_LT": "10.20.30",
    "SEMVER_LTE": "1.0.0-rc.1+exp",
    "REGEX": "^user-[0-9]+$",
}
SINGLE_INVALID = {
    "NUM_EQ": "five",
    "NUM_GT": "1_000",
    "NUM_GTE": "inf",
    "NUM_LT": "nan",
    "NUM_LTE": "1.2.3",
    "DATE_AFTER": "2024-01-01",
    "DATE_BEFORE": "2024-01-01T00:00:00",
    "SEMVER_EQ": "1.2",
    "SEMVER_GT": "v1.2.3",
    "SEMVER_GTE": "01.2.3",
    "SEMVER_LT": "1.2.3-",
    "SEMVER_LTE": "latest",
    "REGEX": "(unclosed",
}


def _one(**raw):
    return normalize_constraint({"contextName": "userId", **raw}, "c")


@pytest.mark.parametrize(("operator", "value"), sorted(SINGLE_VALID.items()))
def test_normalize_constraint__single_value_operator_valid__canonical_form(operator, value):
    constraint, errors = _one(operator=operator, value=value)
    assert errors == []
    assert constraint == {
        "contextName": "userId",
        "operator": operator,
        "caseInsensitive": False,
        "inverted": False,
        "value": value,
        "values": [],
    }


@pytest.mark.parametrize(("operator", "value"), sorted(SINGLE_INVALID.items()))
def test_normalize_constraint__single_value_unparsable__error_on_value(operator, value):
    constraint, errors = _one(operator=operator, value=value)
    assert constraint is None
    assert [e["path"] for e in errors] == ["c.value"]


@pytest.mark.parametrize("operator", sorted(SINGLE_VALID))
def test_normalize_constraint__single_value_operator_given_values_list__error(operator):
    _, errors = _one(operator=operator, values=[SINGLE_VALID[operator], "other"])
    assert errors == [{"path": "c.value", "message": f"{operator} needs a single string value"}]


@pytest.mark.parametrize("value", [None, "", 5, ["1"]])
def test_normalize_constraint__single_value_missing_or_not_a_string__error(value):
    _, errors = _one(operator="NUM_EQ", value=value)
    assert [e["path"] for e in errors] == ["c.value"]


def test_normalize_constraint__single_value_as_one_element_list__accepted_as_value():
    constraint, errors = _one(operator="SEMVER_EQ", values=["1.2.3"])
    assert errors == []
    assert (constraint["value"], constraint["values"]) == ("1.2.3", [])


@pytest.mark.parametrize("operator", sorted(LIST_OPERATORS))
def test_normalize_constraint__list_operator_valid__values_kept(operator):
    values = ["10.0.0.0/8", "::1"] if operator == "IN_CIDR" else ["a", "b"]
    constraint, errors = _one(operator=operator, values=values, inverted=True)
    assert errors == []
    assert (constraint["values"], constraint["inverted"]) == (values, True)
    assert "value" not in constraint


@pytest.mark.parametrize("operator", sorted(NON_EMPTY_LIST_OPERATORS))
def test_normalize_constraint__empty_list_where_forbidden__error(operator):
    _, errors = _one(operator=operator, values=[])
    assert errors == [{"path": "c.values", "message": f"{operator} needs at least one value"}]


@pytest.mark.parametrize("operator", ["IN", "NOT_IN"])
def test_normalize_constraint__in_with_empty_list__allowed(operator):
    constraint, errors = _one(operator=operator, values=[])
    assert errors == [] and constraint["values"] == []


@pytest.mark.parametrize("operator", sorted(LIST_OPERATORS))
def test_normalize_constraint__list_operator_given_value__error(operator):
    _, errors = _one(operator=operator, value="a")
    assert [e["path"] for e in errors] == ["c.values"]


@pytest.mark.parametrize("values", ["a", [1], ["a", None], {"a": 1}])
def test_normalize_constraint__values_not_list_of_strings__error(values):
    _, errors = _one(operator="IN", values=values)
    assert errors == [{"path": "c.values", "message": "must be a list of strings"}]


def test_normalize_constraint__too_many_values__error():
    _, errors = _one(operator="IN", values=[str(i) for i in range(5001)])
    assert errors[0]["message"] == "must have at most 5000 values"


@pytest.mark.parametrize("bad", ["10.0.0.0/33", "not-an-ip", "300.1.1.1"])
def test_normalize_constraint__invalid_cidr__error_names_it(bad):
    _, errors = _one(operator="IN_CIDR", values=["10.0.0.0/8", bad])
    assert errors == [{"path": "c.values", "message": f"not an IP address or CIDR range: {bad!r}"}]


@pytest.mark.parametrize("operator", ["LIKE", "in", None, ["IN"], 3])
def test_normalize_constraint__unknown_operator__error(operator):
    _, errors = _one(operator=operator, values=["a"])
    assert [e["path"] for e in errors] == ["c.operator"]


@pytest.mark.parametrize("flag", ["caseInsensitive", "inverted"])
@pytest.mark.parametrize("bad", ["true", 1, 0, []])
def test_normalize_constraint__flag_not_a_bool__error(flag, bad):
    _, errors = _one(operator="IN", values=["a"], **{flag: bad})
    assert errors == [{"path": f"c.{flag}", "message": "must be true or false"}]


def test_normalize_constraint__flags_null__false():
    constraint, _ = _one(operator="IN", values=["a"], caseInsensitive=None, inverted=None)
    assert (constraint["caseInsensitive"], constraint["inverted"]) == (False, False)


@pytest.mark.parametrize("context_name", ["", "  ", None, 5])
def test_normalize_constraint__bad_context_name__error(context_name):
    _, errors = normalize_constraint(
        {"contextName": context_name, "operator": "IN", "values": []}, "c"
    )
    assert [e["path"] for e in errors] == ["c.contextName"]


def test_normalize_constraint__not_an_object__error():
    assert normalize_constraint("IN", "c") == (
        None,
        [{"path": "c", "message": "must be an object"}],
    )


def test_normalize_constraints__good_and_bad__errors_indexed_good_kept():
    good = {"contextName": "a", "operator": "IN", "values": ["1"]}
    bad = {"contextName": "a", "operator": "NUM_EQ", "value": "x"}
    result, errors = normalize_constraints([good, bad, good])
    assert len(result) == 2
    assert [e["path"] for e in errors] == ["constraints[1].value"]


@pytest.mark.parametrize(("raw", "expected"), [(None, ([], [])), ([], ([], []))])
def test_normalize_constraints__empty__no_errors(raw, expected):
    assert normalize_constraints(raw) == expected


def test_normalize_constraints__not_a_list__error():
    assert normalize_constraints({"a": 1})[1] == [
        {"path": "constraints", "message": "must be a list"}
    ]


def test_normalize_parameters__numbers_and_bools__stringified():
    params, errors = normalize_parameters(
        {"rollout": 50, "percentage": 100.0, "ratio": 0.25, "on": True, "off": False, "s": "x"}
    )
    assert errors == []
    assert params == {
        "rollout": "50",
        "percentage": "100",
        "ratio": "0.25",
        "on": "true",
        "off": "false",
        "s": "x",
    }


@pytest.mark.parametrize("value", [{"a": 1}, ["a"], None, float("nan")])
def test_normalize_parameters__non_scalar__rejected(value):
    _, errors = normalize_parameters({"groupId": value})
    assert errors == [
        {"path": "parameters.groupId", "message": "must be a string, number or boolean"}
    ]


@pytest.mark.parametrize("rollout", [-1, 101, "50.5", 12.5, "ten", ""])
def test_normalize_parameters__rollout_out_of_range__error(rollout):
    _, errors = normalize_parameters({"rollout": rollout})
    assert errors == [
        {"path": "parameters.rollout", "message": "must be a whole number from 0 to 100"}
    ]


@pytest.mark.parametrize("rollout", [0, "0", 100, "100", 33])
def test_normalize_parameters__rollout_in_range__accepted(rollout):
    assert normalize_parameters({"rollout": rollout})[1] == []


def test_normalize_parameters__not_an_object__error():
    assert normalize_parameters(["rollout"])[1][0]["path"] == "parameters"


@pytest.mark.parametrize("name", ["checkout", "a.b-c_d", "café", "🚀", "x" * 255])
def test_validate_flag_name__url_safe__accepted(name):
    assert validate_flag_name(name) == []


@pytest.mark.parametrize("name", ["", "a b", "a\tb", "a/b", "a\\b", "a?b", "a#b", "a%b", ".", ".."])
def test_validate_flag_name__unsafe__rejected(name):
    assert validate_flag_name(name)[0]["path"] == "name"


@pytest.mark.parametrize(("value", "ok"), [("my-env_1.x~", True), ("a b", False), ("", False)])
def test_validate_slug__characters__checked(value, ok):
    assert (validate_slug(value, "id") == []) is ok


def test_validate_slug__too_long__rejected():
    assert validate_slug("a" * 101, "id")[0]["message"] == "must be at most 100 characters"


NUM_OPERATORS = ("NUM_EQ", "NUM_GT", "NUM_GTE", "NUM_LT", "NUM_LTE")


@pytest.mark.parametrize("operator", NUM_OPERATORS)
@pytest.mark.parametrize("value", ["1e999", "-1e999", "1e309", "9" * 400, "1E+99999"])
def test_normalize_constraint__num_value_beyond_float__refused_as_not_finite(operator, value):
    constraint, errors = _one(operator=operator, value=value)
    assert constraint is None
    assert errors == [{"path": "c.value", "message": "must be a finite number"}]


@pytest.mark.parametrize("value", ["1e308", "-1.7e308", "1e-999", "0.000001"])
def test_is_number__finite_extremes__accepted(value):
    assert is_number(value)


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        ({"operator": "IN", "values": ["ok", "a\x00"]}, "c.values[1]"),
        ({"operator": "IN", "values": ["a\ud800"]}, "c.values[0]"),
        ({"operator": "STR_CONTAINS", "values": ["x" * (MAX_TEXT + 1)]}, "c.values[0]"),
        ({"operator": "REGEX", "value": "a\ud800"}, "c.value"),
        ({"operator": "IN", "values": [], "contextName": "c" * 256}, "c.contextName"),
        ({"operator": "IN", "values": [], "contextName": "user\x00Id"}, "c.contextName"),
    ],
)
def test_normalize_constraint__text_that_cannot_be_stored__error_names_it(raw, path):
    constraint, errors = _one(**raw)
    assert constraint is None
    assert [e["path"] for e in errors] == [path]


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        ({"groupId": "a\x00"}, "parameters.groupId"),
        ({"groupId": "\udfff"}, "parameters.groupId"),
        ({"k\ud800": "1"}, "parameters"),
        ({"k" * 256: "1"}, "parameters"),
    ],
)
def test_normalize_parameters__text_that_cannot_be_stored__error_names_it(raw, path):
    _params, errors = normalize_parameters(raw)
    assert [e["path"] for e in errors] == [path]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("a\ud800", "lone surrogate"),
        ("a\x00", "NUL"),
        ("x" * 256, "at most 255"),
    ],
)
def test_validate_flag_and_strategy_name__bad_text__same_refusal(name, message):
    for errors in (validate_flag_name(name), validate_strategy_name(name)):
        assert len(errors) == 1 and message in errors[0]["message"]
