"""Write-time checks of constraints, so nothing the engine would silently ignore gets stored."""

from __future__ import annotations

from typing import Any

from .constraints import (
    DATE_OPERATORS,
    NUM_OPERATORS,
    OPERAND_KEY,
    OPERATORS,
    SEMVER_OPERATORS,
    parse_date,
    parse_network,
    parse_number,
)
from .regex import is_valid_regex
from .semver import parse_semver

# list operators whose ``values`` may legitimately be empty (IN [] = never, NOT_IN [] = always)
EMPTY_VALUES_ALLOWED = frozenset({"IN", "NOT_IN"})


def _single_value_problem(operator: str, value: Any) -> str | None:
    if not isinstance(value, str):
        return f"{operator} needs a string 'value'"
    if operator in NUM_OPERATORS and parse_number(value) is None:
        return f"'value' {value!r} is not a number"
    if operator in DATE_OPERATORS and parse_date(value) is None:
        return f"'value' {value!r} is not an RFC 3339 date-time with offset"
    if operator in SEMVER_OPERATORS and parse_semver(value) is None:
        return f"'value' {value!r} is not a strict semantic version"
    if operator == "REGEX" and not is_valid_regex(value):
        return f"'value' {value!r} is not a valid RE2 regular expression"
    return None


def _values_problem(operator: str, values: Any) -> str | None:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        return f"{operator} needs 'values', a list of strings"
    if not values and operator not in EMPTY_VALUES_ALLOWED:
        return f"{operator} needs at least one value"
    if operator == "IN_CIDR":
        invalid = [v for v in values if parse_network(v) is None]
        if invalid:
            return f"not IP addresses or CIDR ranges: {', '.join(invalid)}"
    return None


def constraint_problems(raw: Any) -> list[str]:
    """Human-readable problems with a constraint dict; empty when the engine can use it."""
    if not isinstance(raw, dict):
        return ["a constraint must be an object"]
    problems = []
    if not isinstance(raw.get("contextName"), str) or not raw["contextName"]:
        problems.append("'contextName' must be a non-empty string")
    for flag in ("inverted", "caseInsensitive"):
        if flag in raw and not isinstance(raw[flag], bool):
            problems.append(f"'{flag}' must be a boolean")
    operator = raw.get("operator")
    if not isinstance(operator, str) or operator not in OPERATORS:
        problems.append(f"unknown operator {operator!r}")
        return problems
    if OPERAND_KEY[operator] == "value":
        problem = _single_value_problem(operator, raw.get("value"))
    else:
        problem = _values_problem(operator, raw.get("values"))
    if problem:
        problems.append(problem)
    return problems
