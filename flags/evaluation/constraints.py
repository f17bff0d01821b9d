"""Constraint operators: compile a constraint dict once into a fast ``Context -> bool`` check."""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from .context import STANDARD_FIELDS, Context
from .regex import compile_regex
from .semver import parse_semver

Check = Callable[[Context], bool]
Predicate = Callable[[str], bool]

LIST_OPERATORS = frozenset(
    {"IN", "NOT_IN", "STR_CONTAINS", "STR_STARTS_WITH", "STR_ENDS_WITH", "IN_CIDR"}
)
NUM_OPERATORS = frozenset({"NUM_EQ", "NUM_GT", "NUM_GTE", "NUM_LT", "NUM_LTE"})
DATE_OPERATORS = frozenset({"DATE_AFTER", "DATE_BEFORE"})
SEMVER_OPERATORS = frozenset({"SEMVER_EQ", "SEMVER_GT", "SEMVER_LT", "SEMVER_GTE", "SEMVER_LTE"})
SINGLE_VALUE_OPERATORS = NUM_OPERATORS | DATE_OPERATORS | SEMVER_OPERATORS | {"REGEX"}
OPERATORS = LIST_OPERATORS | SINGLE_VALUE_OPERATORS

_ORDER_TESTS: dict[str, Callable[[Any, Any], bool]] = {
    "EQ": lambda a, b: a == b,
    "GT": lambda a, b: a > b,
    "GTE": lambda a, b: a >= b,
    "LT": lambda a, b: a < b,
    "LTE": lambda a, b: a <= b,
}
_FLOAT = re.compile(
    r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:inf|infinity|nan)", re.ASCII | re.I
)
_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})", re.ASCII
)


def _never(_: Any) -> bool:
    return False


class UnusableOperand(ValueError):
    """The operand can never be compared: the constraint is false even when inverted."""


def parse_number(text: Any) -> float | None:
    """A strict float parse (no surrounding whitespace, no underscores); ``None`` if invalid."""
    if isinstance(text, bool) or not isinstance(text, str | int | float):
        return None
    try:
        if isinstance(text, int | float):
            return float(text)
        return float(text) if _FLOAT.fullmatch(text) is not None else None
    except OverflowError:  # an int beyond float range
        return None


def parse_date(text: Any) -> datetime | None:
    """A full RFC 3339 date-time with offset as an aware datetime; ``None`` if invalid."""
    if not isinstance(text, str) or _RFC3339.fullmatch(text) is None:
        return None
    text = text[:-1] + "+00:00" if text[-1] in "Zz" else text
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _string_list(values: Any) -> list[str]:
    if not isinstance(values, list):
        return []
    return [v for v in values if isinstance(v, str)]


def _in(raw: dict[str, Any]) -> Predicate:
    allowed = frozenset(_string_list(raw.get("values")))
    return allowed.__contains__


def _not_in(raw: dict[str, Any]) -> Predicate:
    allowed = frozenset(_string_list(raw.get("values")))
    return lambda value: value not in allowed


def _string_op(raw: dict[str, Any]) -> Predicate:
    values = _string_list(raw.get("values"))
    if not values:
        raise UnusableOperand("no values")
    folded = raw.get("caseInsensitive") is True
    if folded:
        values = [v.lower() for v in values]
    method = {
        "STR_CONTAINS": str.__contains__,
        "STR_STARTS_WITH": str.startswith,
        "STR_ENDS_WITH": str.endswith,
    }[raw["operator"]]

    def test(value: str) -> bool:
        if folded:
            value = value.lower()
        return any(method(value, v) for v in values)

    return test


def parse_network(text: Any) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """An address or CIDR as a network (host bits tolerated); ``None`` if invalid."""
    if not isinstance(text, str):
        return None
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


def _parse_address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _in_cidr(raw: dict[str, Any]) -> Predicate:
    networks = [n for n in map(parse_network, _string_list(raw.get("values"))) if n is not None]
    if not networks:
        return _never

    def test(value: str) -> bool:
        address = _parse_address(value)
        return address is not None and any(address in network for network in networks)

    return test


def _ordered(comparison: str, parse, operand) -> Predicate:
    """True when the parsed context value stands in ``comparison`` (GT, LT, ...) to operand."""
    order = _ORDER_TESTS[comparison]

    def test(value: str) -> bool:
        parsed = parse(value)
        return parsed is not None and order(parsed, operand)

    return test


def _num_op(raw: dict[str, Any]) -> Predicate:
    value = raw.get("value")
    operand = parse_number(value.strip() if isinstance(value, str) else value)
    if operand is None or math.isnan(operand):
        raise UnusableOperand("not a number")
    return _ordered(raw["operator"].removeprefix("NUM_"), parse_number, operand)


def _date_op(raw: dict[str, Any]) -> Predicate:
    operand = parse_date(raw.get("value"))
    if operand is None:
        raise UnusableOperand("not an RFC 3339 date-time")
    after = raw["operator"] == "DATE_AFTER"

    def test(value: str) -> bool:
        moment = parse_date(value)
        if moment is None:
            return False
        return moment > operand if after else moment < operand

    return test


def _semver_op(raw: dict[str, Any]) -> Predicate:
    operand = parse_semver(raw.get("value"))
    if operand is None:
        raise UnusableOperand("not a semantic version")
    return _ordered(raw["operator"].removeprefix("SEMVER_"), parse_semver, operand)


def _regex_op(raw: dict[str, Any]) -> Predicate:
    pattern = raw.get("value")
    if pattern is None:  # like the SDK engine, accept the pattern as the first of ``values``
        pattern = next(iter(_string_list(raw.get("values"))), None)
    matcher = compile_regex(pattern, raw.get("caseInsensitive") is True)
    return matcher if matcher is not None else _never


_BUILDERS: dict[str, Callable[[dict[str, Any]], Predicate]] = {
    "IN": _in,
    "NOT_IN": _not_in,
    "IN_CIDR": _in_cidr,
    "REGEX": _regex_op,
    **dict.fromkeys(("STR_CONTAINS", "STR_STARTS_WITH", "STR_ENDS_WITH"), _string_op),
    **dict.fromkeys(NUM_OPERATORS, _num_op),
    **dict.fromkeys(DATE_OPERATORS, _date_op),
    **dict.fromkeys(SEMVER_OPERATORS, _semver_op),
}


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


def compile_predicate(raw: Any) -> Predicate | None:
    """The operator's test on a present context value; ``None`` for an unusable constraint.

    Unknown operators and unusable operands (unparsable ``NUM_*``/``DATE_*``/``SEMVER_*``
    value, empty ``STR_*`` values) give ``None``: always false, even inverted, as the SDK
    engine does.  An invalid regex or CIDR list only matches nothing (inverted = true).
    """
    if not isinstance(raw, dict):
        return None
    operator = raw.get("operator")
    builder = _BUILDERS.get(operator) if isinstance(operator, str) else None
    if builder is None or not isinstance(raw.get("contextName"), str):
        return None
    try:
        return builder(raw)
    except Exception:  # UnusableOperand, and defensively anything a weird operand raises
        return None


def compile_constraint(raw: Any) -> Check:
    """``Context -> bool`` for one constraint; unknown operators and garbage are always false.

    A missing context value fails the test (``NOT_IN`` passes); ``inverted`` negates the
    outcome, missing-value outcome included.  ``DATE_*`` on ``currentTime`` defaults to now.
    """
    predicate = compile_predicate(raw)
    if predicate is None:
        return _never
    name: str = raw["contextName"]
    inverted = raw.get("inverted") is True
    when_missing = (raw["operator"] == "NOT_IN") != inverted
    standard = name in STANDARD_FIELDS
    use_now = name == "currentTime" and raw["operator"] in DATE_OPERATORS

    def check(ctx: Context) -> bool:
        value = (ctx.fields if standard else ctx.properties).get(name)
        if value is None:
            if not use_now:
                return when_missing
            value = _now_iso()
        return predicate(value) != inverted

    return check


def all_of(checks: list[Check]) -> Check | None:
    """Combine checks with AND (``None`` when there is nothing to check)."""
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]
    frozen = tuple(checks)
    return lambda ctx: all(check(ctx) for check in frozen)
