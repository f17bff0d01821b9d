"""A strategy's parameters checked against what its type declares, in the admin's words.

The services accept any string parameters (as Unleash's API does), so the admin is where a
typo is caught before it reaches an SDK: an IP that is not one, a rollout of 150, a required
parameter left empty. Lists are stored as Unleash's UI stores them: comma-joined, trimmed.
"""

import re

from flags.validation import is_ip_or_cidr, is_number

HOSTNAME = re.compile(
    r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
)

# Known list parameters whose entries have a shape: name -> (check, what an entry must be).
LIST_ENTRY_CHECKS = {
    "IPs": (is_ip_or_cidr, "an IP address or a CIDR range such as 10.0.0.0/8"),
    "hostNames": (HOSTNAME.match, "a host name such as web-1.example.com"),
}


def list_entries(value: str) -> list[str]:
    return [entry.strip() for entry in value.split(",") if entry.strip()]


def _check_list(name: str, value: str) -> tuple[str, str | None]:
    entries = list_entries(value)
    check = LIST_ENTRY_CHECKS.get(name)
    if check is not None:
        test, shape = check
        bad = [entry for entry in entries if not test(entry)]
        if bad:
            return value, f"“{bad[0]}” is not {shape}"
    return ",".join(entries), None


def _check_one(spec: dict, value: str) -> tuple[str, str | None]:
    kind = spec.get("type") or "string"
    if kind == "list":
        return _check_list(spec["name"], value)
    if kind == "percentage" and not (value.isdigit() and 0 <= int(value) <= 100):
        return value, "must be a whole number from 0 to 100"
    if kind == "number" and not is_number(value):
        return value, "must be a number"
    if kind == "boolean" and value not in ("true", "false"):
        return value, "must be true or false"
    return value, None


def defaults(strategy_name: str, flag_name: str) -> dict:
    """What a new strategy of this type starts with (as Unleash's UI pre-fills it)."""
    if strategy_name == "flexibleRollout":
        return {"rollout": "100", "stickiness": "default", "groupId": flag_name}
    return {}


def check_parameters(
    strategy_name: str,
    declared: list[dict],
    parameters: dict,
    flag_name: str,
    defaults_for: str | None = None,
) -> tuple[dict, list[dict]]:
    """Parameters completed and cleaned, and [{"param", "message"}] for what is wrong.

    ``defaults_for``: the type whose defaults fill empty parameters (a new strategy, or one
    whose type changed); "" fills nothing, so an edit never changes what a person left empty.
    """
    cleaned = dict(parameters)
    fill = strategy_name if defaults_for is None else defaults_for
    for key, value in defaults(fill, flag_name).items():
        if not str(cleaned.get(key, "")).strip():
            cleaned[key] = value
    errors = []
    for spec in declared:
        name = spec.get("name")
        value = str(cleaned.get(name, "")).strip()
        if not value:
            if spec.get("required"):
                errors.append({"param": name, "message": "is required"})
            continue
        cleaned[name], problem = _check_one(spec, value)
        if problem:
            errors.append({"param": name, "message": problem})
    return cleaned, errors
