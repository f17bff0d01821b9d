"""Write-time validation of names, constraints, variants and strategy parameters.

Official SDKs silently switch a whole flag off when one constraint is malformed, so
everything is checked before it is stored. Each check returns error details
({"path", "message"}) rather than raising, so a form can show all of them at once.
"""

import json
import math
import re

from core.textcheck import MAX_TEXT, check_text, first_text_problem, text_problem
from flags.evaluation.constraints import (
    DATE_OPERATORS,
    LIST_OPERATORS,
    NUM_OPERATORS,
    OPERATORS,
    SEMVER_OPERATORS,
    parse_date,
    parse_network,
    parse_number,
)
from flags.evaluation.constraints import SINGLE_VALUE_OPERATORS as SINGLE_OPERATORS
from flags.evaluation.regex import is_valid_regex
from flags.evaluation.semver import parse_semver

# list operators whose value list must not be empty (the SDK engine rejects the flag)
NON_EMPTY_LIST_OPERATORS = LIST_OPERATORS - {"IN", "NOT_IN"}

PAYLOAD_TYPES = {"json", "csv", "string", "number"}
WEIGHT_TYPES = {"variable", "fix"}
TOTAL_WEIGHT = 1000
MAX_VALUES = 5000
# Names that live in a varchar(255) column or in JSON next to one (variant, context names).
NAME_LENGTH = 255

NUMBER_RE = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
NAME_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f/\\?#%]")


def _err(path: str, message: str) -> dict:
    return {"path": path, "message": message}


def check_json_text(value, path: str, max_length: int = MAX_TEXT) -> list[dict]:
    """The edge rule for every string (and key) anywhere inside decoded JSON."""
    problem = first_text_problem(value, path, max_length)
    return [problem] if problem else []


def validate_flag_name(name, path: str = "name") -> list[dict]:
    """URL-safe enough to sit in Unleash's routes; UTF-8 letters and emoji are allowed."""
    errors = check_text(name, path, NAME_LENGTH, required=True)
    if errors:
        return errors
    if name in {".", ".."} or NAME_FORBIDDEN.search(name):
        return [_err(path, "must not contain whitespace, control characters, / \\ ? # or %")]
    return []


def validate_strategy_name(name, path: str = "name") -> list[dict]:
    """A strategy's name: the same rule for the API, the admin, and both importers."""
    return check_text(name, path, NAME_LENGTH, required=True)


def validate_slug(value, path: str, max_length: int = 100) -> list[dict]:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_.~-]+", value or ""):
        return [_err(path, "must be letters, digits, '-', '_', '.' or '~'")]
    if len(value) > max_length:
        return [_err(path, f"must be at most {max_length} characters")]
    return []


def is_number(value: str) -> bool:
    # Plain decimal notation only: Python's float() also takes "1_000", "inf" and "nan".
    if not isinstance(value, str) or not NUMBER_RE.fullmatch(value.strip()):
        return False
    # "1e999" matches the pattern but is infinity as a float: no SDK can compare with it.
    number = parse_number(value)
    return number is not None and math.isfinite(number)


def is_rfc3339(value: str) -> bool:
    # The engine's parser: what is accepted here is exactly what it can compare.
    return parse_date(value) is not None


def is_semver(value: str) -> bool:
    return parse_semver(value) is not None


def is_regex(value: str) -> bool:
    return is_valid_regex(value)


def is_ip_or_cidr(value: str) -> bool:
    return isinstance(value, str) and parse_network(value) is not None


def _check_single_value(operator: str, value, path: str) -> list[dict]:
    if not isinstance(value, str) or value == "":
        return [_err(path, f"{operator} needs a single string value")]
    errors = check_text(value, path)  # before the parsers: RE2 is a C extension
    if errors:
        return errors
    checks = [
        (NUM_OPERATORS, is_number, "must be a finite number"),
        (DATE_OPERATORS, is_rfc3339, "must be an RFC 3339 date-time with a time zone"),
        (SEMVER_OPERATORS, is_semver, "must be a semantic version such as 1.2.3"),
        ({"REGEX"}, is_regex, "must be a valid RE2 regular expression"),
    ]
    for group, check, message in checks:
        if operator in group and not check(value):
            return [_err(path, message)]
    return []


def _check_values(operator: str, values, path: str) -> list[dict]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        return [_err(path, "must be a list of strings")]
    if len(values) > MAX_VALUES:
        return [_err(path, f"must have at most {MAX_VALUES} values")]
    for index, value in enumerate(values):
        errors = check_text(value, f"{path}[{index}]")
        if errors:
            return errors
    if operator in NON_EMPTY_LIST_OPERATORS and not values:
        return [_err(path, f"{operator} needs at least one value")]
    if operator == "IN_CIDR":
        bad = [v for v in values if not is_ip_or_cidr(v)]
        if bad:
            return [_err(path, f"not an IP address or CIDR range: {bad[0]!r}")]
    return []


def normalize_constraint(raw, path: str) -> tuple[dict | None, list[dict]]:
    """Check one constraint and return it in canonical form (bools set, one operand)."""
    if not isinstance(raw, dict):
        return None, [_err(path, "must be an object")]
    errors = []
    context_name = raw.get("contextName")
    errors += check_text(context_name, f"{path}.contextName", NAME_LENGTH, required=True)
    operator = raw.get("operator")
    if not isinstance(operator, str) or operator not in OPERATORS:
        errors.append(_err(f"{path}.operator", f"unknown operator {operator!r}"))
    for flag in ("caseInsensitive", "inverted"):
        if raw.get(flag) is not None and not isinstance(raw.get(flag), bool):
            errors.append(_err(f"{path}.{flag}", "must be true or false"))
    if errors:
        return None, errors
    constraint = {
        "contextName": context_name,
        "operator": operator,
        "caseInsensitive": bool(raw.get("caseInsensitive")),
        "inverted": bool(raw.get("inverted")),
    }
    errors = _set_operand(constraint, raw, path)
    return (None, errors) if errors else (constraint, [])


def _set_operand(constraint: dict, raw: dict, path: str) -> list[dict]:
    """Put the operand in `value` (single-value operators) or `values` (list operators)."""
    operator = constraint["operator"]
    if operator in SINGLE_OPERATORS:
        value = raw.get("value")
        if value is None and isinstance(raw.get("values"), list) and len(raw["values"]) == 1:
            value = raw["values"][0]  # tolerate the admin form's one-element list
        constraint["value"] = value
        constraint["values"] = []
        return _check_single_value(operator, value, f"{path}.value")
    values = raw.get("values")
    if values is None and raw.get("value") not in (None, ""):
        return [_err(f"{path}.values", f"{operator} takes a list in values, not value")]
    constraint["values"] = [] if values is None else values
    return _check_values(operator, constraint["values"], f"{path}.values")


def normalize_constraints(raw, path: str = "constraints") -> tuple[list, list[dict]]:
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [_err(path, "must be a list")]
    result, errors = [], []
    for index, item in enumerate(raw):
        constraint, item_errors = normalize_constraint(item, f"{path}[{index}]")
        errors.extend(item_errors)
        if constraint is not None:
            result.append(constraint)
    return result, errors


def normalize_parameters(raw, path: str = "parameters") -> tuple[dict, list[dict]]:
    """Parameters are strings on the wire; numbers and booleans are stringified."""
    if raw is None:
        return {}, []
    if not isinstance(raw, dict):
        return {}, [_err(path, "must be an object of strings")]
    params, errors = {}, []
    for key, value in raw.items():
        key_problem = text_problem(key, NAME_LENGTH)
        if key_problem:
            # The key itself may be unprintable, so the path stops at its parent.
            errors.append(_err(path, f"parameter name {key_problem}"))
            continue
        if isinstance(value, str):
            errors += check_text(value, f"{path}.{key}")
        if isinstance(value, str | bool) or (
            isinstance(value, int | float) and math.isfinite(value)
        ):
            params[key] = string_value(value)
        else:
            errors.append(_err(f"{path}.{key}", "must be a string, number or boolean"))
    for key in ("rollout", "percentage"):
        if key in params and not _is_percentage(params[key]):
            errors.append(_err(f"{path}.{key}", "must be a whole number from 0 to 100"))
    return params, errors


def string_value(value) -> str:
    """Unleash's ensureStringValue: SDKs reject the whole body if a parameter is not a string.

    Shared by the payload builder (what is served) and normalize_parameters (what is stored),
    so a value stored through a service is served unchanged.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else str(value)
    return json.dumps(value, separators=(",", ":"))


def _is_percentage(value: str) -> bool:
    return value.isdigit() and 0 <= int(value) <= 100
