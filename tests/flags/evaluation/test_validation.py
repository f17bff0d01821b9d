"""Write-time constraint validation."""

from __future__ import annotations

import pytest

from flags.evaluation.validation import constraint_problems


@pytest.mark.parametrize(
    "constraint",
    [
        {"contextName": "userId", "operator": "IN", "values": []},
        {"contextName": "userId", "operator": "NOT_IN", "values": ["a"], "inverted": True},
        {
            "contextName": "email",
            "operator": "STR_ENDS_WITH",
            "values": ["@x.io"],
            "caseInsensitive": True,
        },
        {"contextName": "n", "operator": "NUM_GTE", "value": "1e3"},
        {"contextName": "currentTime", "operator": "DATE_AFTER", "value": "2024-01-01T00:00:00Z"},
        {"contextName": "version", "operator": "SEMVER_LT", "value": "2.0.0-rc.1"},
        {"contextName": "userId", "operator": "REGEX", "value": "^(?i)[[:alpha:]]+$"},
        {"contextName": "remoteAddress", "operator": "IN_CIDR", "values": ["10.0.0.0/8", "::1"]},
    ],
)
def test_constraint_problems__valid_constraint__returns_nothing(constraint):
    assert constraint_problems(constraint) == []


@pytest.mark.parametrize(
    ("constraint", "fragment"),
    [
        (None, "object"),
        ({"operator": "IN", "values": []}, "contextName"),
        ({"contextName": "a", "operator": "LIKE", "values": []}, "unknown operator"),
        ({"contextName": "a", "operator": ["IN"], "values": []}, "unknown operator"),
        ({"contextName": "a", "operator": "IN", "value": "x"}, "'values'"),
        ({"contextName": "a", "operator": "STR_CONTAINS", "values": []}, "at least one"),
        ({"contextName": "a", "operator": "NUM_EQ", "values": ["1"]}, "'value'"),
        ({"contextName": "a", "operator": "NUM_EQ", "value": " 1 "}, "not a number"),
        ({"contextName": "a", "operator": "DATE_BEFORE", "value": "2024-01-01"}, "RFC 3339"),
        ({"contextName": "a", "operator": "SEMVER_EQ", "value": "v1.0.0"}, "semantic version"),
        ({"contextName": "a", "operator": "REGEX", "value": "(?=x)"}, "RE2"),
        ({"contextName": "a", "operator": "IN_CIDR", "values": ["10.0.0.0/8", "x"]}, "x"),
        ({"contextName": "a", "operator": "IN", "values": [], "inverted": None}, "inverted"),
    ],
)
def test_constraint_problems__invalid_constraint__names_the_problem(constraint, fragment):
    problems = constraint_problems(constraint)
    assert problems
    assert any(fragment in problem for problem in problems)
