"""Constraint operators: membership, strings, numbers, dates, semver, RE2 regex and CIDR."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from flags.evaluation.constraints import (
    compile_constraint,
    parse_date,
    parse_number,
)
from flags.evaluation.context import normalise_context


def holds(context: dict, **constraint) -> bool:
    constraint.setdefault("contextName", "field")
    return compile_constraint(constraint)(normalise_context(context))


def prop(value) -> dict:
    return {"properties": {"field": value}}


def test_in__case_differs__is_case_sensitive_even_with_case_insensitive():
    assert holds(prop("a"), operator="IN", values=["a"])
    assert not holds(prop("A"), operator="IN", values=["a"], caseInsensitive=True)


def test_not_in__missing_value__holds():
    assert holds({}, operator="NOT_IN", values=["a"])
    assert not holds({}, operator="NOT_IN", values=["a"], inverted=True)


def test_in__missing_value_inverted__holds():
    assert holds({}, operator="IN", values=["a"], inverted=True)


def test_environment_constraint__only_in_properties__is_not_read():
    context = {"properties": {"environment": "prod"}}
    assert not holds(context, contextName="environment", operator="IN", values=["prod"])
    assert holds({"environment": "prod"}, contextName="environment", operator="IN", values=["prod"])


def test_unknown_top_level_key__constraint__reads_it_as_property():
    assert holds({"field": "x"}, operator="IN", values=["x"])


@pytest.mark.parametrize(
    ("operator", "value", "case_insensitive", "expected"),
    [
        ("STR_CONTAINS", "xxABCxx", False, True),
        ("STR_CONTAINS", "xxabcxx", False, False),
        ("STR_CONTAINS", "xxabcxx", True, True),
        ("STR_STARTS_WITH", "ABCdef", False, True),
        ("STR_STARTS_WITH", "abcdef", True, True),
        ("STR_STARTS_WITH", "dABC", False, False),
        ("STR_ENDS_WITH", "defABC", False, True),
        ("STR_ENDS_WITH", "defabc", False, False),
        ("STR_ENDS_WITH", "defabc", True, True),
    ],
)
def test_string_operators__values__match_as_expected(operator, value, case_insensitive, expected):
    result = holds(prop(value), operator=operator, values=["ABC"], caseInsensitive=case_insensitive)
    assert result is expected


def test_string_operators__empty_values__never_match():
    assert not holds(prop("abc"), operator="STR_CONTAINS", values=[])


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12.0), ("12.0", 12.0), ("1e1", 10.0), ("-3.5", -3.5), (".5", 0.5), ("+4", 4.0)],
)
def test_parse_number__valid_text__parses(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", [" 10 ", "abc", "1_000", "", "1,5", "0x10", None, True])
def test_parse_number__invalid_text__returns_none(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("operator", "context_value", "expected"),
    [
        ("NUM_EQ", "12.0", True),
        ("NUM_EQ", "1.2e1", True),
        ("NUM_GT", "12.5", True),
        ("NUM_GTE", "12", True),
        ("NUM_LT", "-1", True),
        ("NUM_LTE", "13", False),
        ("NUM_EQ", " 12 ", False),
        ("NUM_EQ", "twelve", False),
    ],
)
def test_num_operators__context_value__compare_as_floats(operator, context_value, expected):
    assert holds(prop(context_value), operator=operator, value="12") is expected


@pytest.mark.parametrize(
    "constraint",
    [
        {"operator": "NUM_EQ", "value": "abc"},
        {"operator": "DATE_AFTER", "value": "2022-01-01"},
        {"operator": "SEMVER_EQ", "value": "v1.0.0"},
        {"operator": "STR_CONTAINS", "values": []},
        {"operator": "NOT_A_VALID_OPERATOR", "value": "x"},
    ],
)
def test_unusable_operand__any_context__is_false_even_inverted(constraint):
    assert not holds(prop("12"), **constraint)
    assert not holds(prop("12"), inverted=True, **constraint)
    assert not holds({}, inverted=True, **constraint)


def test_num_operator__operand_with_spaces__is_trimmed():
    assert holds(prop("10"), operator="NUM_EQ", value=" 10")


def test_parse_date__offsets__are_honoured():
    assert parse_date("2022-01-22T13:00:00.000+02:00") == parse_date("2022-01-22T11:00:00Z")


@pytest.mark.parametrize(
    "text", ["2001-01-01", "2022-01-22T13:00:00", "yesterday", "2022-13-01T00:00:00Z", None]
)
def test_parse_date__not_full_rfc3339__returns_none(text):
    assert parse_date(text) is None


def test_date_after__equal_instant__is_false():
    context = {"currentTime": "2022-01-29T13:00:00Z"}
    constraint = {"contextName": "currentTime", "value": "2022-01-29T13:00:00.000Z"}
    assert not holds(context, operator="DATE_AFTER", **constraint)
    assert not holds(context, operator="DATE_BEFORE", **constraint)


def test_date_before__missing_current_time__defaults_to_now():
    soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    past = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    assert holds({}, contextName="currentTime", operator="DATE_BEFORE", value=soon)
    assert holds({}, contextName="currentTime", operator="DATE_AFTER", value=past)


def test_date_after__missing_custom_field__is_false():
    assert not holds({}, operator="DATE_AFTER", value="2000-01-01T00:00:00Z")


def test_date_after__date_only_context_value__is_false():
    assert not holds(prop("2030-01-01"), operator="DATE_AFTER", value="2000-01-01T00:00:00Z")


@pytest.mark.parametrize(
    ("operator", "version", "expected"),
    [
        ("SEMVER_EQ", "1.2.2", True),
        ("SEMVER_GT", "1.2.10", True),
        ("SEMVER_GTE", "1.2.2", True),
        ("SEMVER_LT", "1.2.2-rc.1", True),
        ("SEMVER_LTE", "1.2.3", False),
        ("SEMVER_EQ", "v1.2.2", False),
        ("SEMVER_EQ", "1.2", False),
    ],
)
def test_semver_operators__context_version__compare_by_precedence(operator, version, expected):
    assert holds(prop(version), operator=operator, value="1.2.2") is expected


def test_semver_operator__operand_with_leading_v__is_false():
    assert not holds(prop("1.2.2"), operator="SEMVER_EQ", value="v1.2.2")


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        (r"\bcat\b", "a cat b", True),
        (r"\bcat\b", "concatenate", False),
        ("^(?i)abc$", "AbC", True),
        ("^[[:alpha:]]+$", "Alpha", True),
        ("^[[:alpha:]]+$", "Alpha1", False),
        ("(?m)^foo$", "x\nfoo\ny", True),
        ("^(?s)a.b$", "a\nb", True),
        ("^a.b$", "a\nb", False),
        ("b", "abc", True),
        ("^δ+$", "δδ", True),
    ],
)
def test_regex__re2_syntax__matches_unanchored(pattern, text, expected):
    assert holds(prop(text), operator="REGEX", value=pattern) is expected


@pytest.mark.parametrize("pattern", ["^(?=a)b$", r"^(a)\1$", "(regex", "a{2,1}", "(?<=a)b"])
def test_regex__invalid_re2_pattern__is_false_and_inverted_true(pattern):
    assert not holds(prop("ab"), operator="REGEX", value=pattern)
    assert holds(prop("ab"), operator="REGEX", value=pattern, inverted=True)


def test_regex__pattern_only_in_values__uses_first_value():
    assert holds(prop("abc"), operator="REGEX", values=["^a"])


def test_string_operators__case_insensitive__lowercases_rather_than_casefolds():
    assert holds(prop("ABC"), operator="STR_CONTAINS", values=["b"], caseInsensitive=True)
    assert not holds(prop("SS"), operator="STR_CONTAINS", values=["ß"], caseInsensitive=True)


def test_regex__case_insensitive_flag__ignores_case():
    assert holds(prop("ABC"), operator="REGEX", value="^abc$", caseInsensitive=True)
    assert not holds(prop("ABC"), operator="REGEX", value="^abc$")


@pytest.mark.parametrize(
    ("values", "address", "expected"),
    [
        (["10.0.0.0/8"], "10.1.2.3", True),
        (["10.0.0.0/8"], "11.1.2.3", False),
        (["10.0.0.0/8"], "::ffff:10.1.2.3", False),
        (["10.1.2.3"], "10.1.2.3", True),
        (["10.1.2.99/24"], "10.1.2.3", True),
        (["2001:db8::/32"], "2001:db8:1::1", True),
        (["2001:db8::/32"], "10.1.2.3", False),
        (["garbage", "192.168.0.0/16"], "192.168.4.4", True),
        (["garbage"], "192.168.4.4", False),
        (["10.0.0.0/8"], "not-an-ip", False),
    ],
)
def test_in_cidr__address__matches_networks(values, address, expected):
    context = {"remoteAddress": address}
    result = holds(context, contextName="remoteAddress", operator="IN_CIDR", values=values)
    assert result is expected


@pytest.mark.parametrize(
    "constraint",
    [
        None,
        "IN",
        [],
        {},
        {"operator": "IN"},
        {"contextName": 5, "operator": "IN", "values": ["5"]},
        {"contextName": "f", "operator": "NOT_A_VALID_OPERATOR", "value": "x"},
        {"contextName": "f", "operator": "NOT_A_VALID_OPERATOR", "value": "x", "inverted": True},
        {"contextName": "f", "operator": "IN", "values": "x"},
        {"contextName": "f", "operator": "STR_CONTAINS", "values": [1, None, {}]},
        {"contextName": "f", "operator": "NUM_EQ", "values": ["1"]},
        {"contextName": "f", "operator": "NUM_EQ", "value": None},
        {"contextName": "f", "operator": "DATE_AFTER", "value": 12},
        {"contextName": "f", "operator": "SEMVER_EQ", "value": ["1.0.0"]},
        {"contextName": "f", "operator": "REGEX", "value": {"x": 1}},
        {"contextName": "f", "operator": "IN_CIDR", "values": [None, 3]},
        {"contextName": "f", "operator": ["IN"], "values": ["x"]},
    ],
)
def test_compile_constraint__garbage__never_raises_and_is_false(constraint):
    check = compile_constraint(constraint)
    assert check(normalise_context({"f": "x", "properties": {"f": "1"}})) is False
