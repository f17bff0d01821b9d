"""Readable one-line summaries of strategies, constraints and last-seen times for admin pages."""

from datetime import datetime

from django.utils import timezone
from django.utils.timesince import timesince

from flags.evaluation.constraints import SINGLE_VALUE_OPERATORS

LIST_PARAMETERS = {
    "userWithId": ("userIds", "user ids"),
    "remoteAddress": ("IPs", "IPs"),
    "applicationHostname": ("hostNames", "hostnames"),
}


def seen_text(moment: datetime | None, now: datetime | None = None) -> str:
    """'seen 3 minutes ago', 'seen just now' or 'never'."""
    if moment is None:
        return "never"
    now = now or timezone.now()
    if (now - moment).total_seconds() < 60:
        return "seen just now"
    return f"seen {timesince(moment, now, depth=1)} ago"


def _rollout(parameters: dict) -> str:
    rollout = parameters.get("rollout", "100")
    stickiness = parameters.get("stickiness") or "default"
    if stickiness == "random":
        return f"{rollout}% at random"
    if stickiness == "default":
        return f"{rollout}% (default stickiness)"
    return f"{rollout}% of {stickiness}"


def parameters_text(name: str, parameters: dict) -> str:
    """What a strategy's parameters mean, e.g. '50% of userId' or 'user ids: 1, 2'."""
    parameters = parameters or {}
    if name == "flexibleRollout":
        return _rollout(parameters)
    if name == "default":
        return "everyone"
    if name in LIST_PARAMETERS:
        key, label = LIST_PARAMETERS[name]
        values = [v.strip() for v in str(parameters.get(key, "")).split(",") if v.strip()]
        return f"{label}: {', '.join(values)}" if values else f"no {label}"
    return ", ".join(f"{key} = {value}" for key, value in parameters.items())


def constraint_text(constraint: dict) -> str:
    """'userId IN [1, 2]', 'NOT country IN [de]', 'currentTime DATE_AFTER 2024-01-01T00:00Z'."""
    operator = constraint.get("operator", "")
    text = f"{constraint.get('contextName', '')} {operator} {_operand(constraint)}".strip()
    if constraint.get("caseInsensitive"):
        text += " (any case)"
    return f"NOT {text}" if constraint.get("inverted") else text


def _operand(constraint: dict) -> str:
    # Stored constraints carry both keys (the unused one empty); the operator says which counts.
    values, value = constraint.get("values"), constraint.get("value")
    if constraint.get("operator") in SINGLE_VALUE_OPERATORS or not isinstance(values, list):
        return str(value if value is not None else "")
    if not values and value not in (None, ""):
        return str(value)
    return "[" + ", ".join(str(v) for v in values) + "]"


def strategy_summary(strategy) -> dict:
    """Template-ready facts about one strategy (segments must be prefetched or cheap)."""
    return {
        "id": strategy.pk,
        "label": strategy.title or strategy.name,
        "name": strategy.name,
        "parameters": parameters_text(strategy.name, strategy.parameters),
        "constraints": [constraint_text(c) for c in strategy.constraints or []],
        "segments": [segment.name for segment in strategy.segments.all()],
        "variant_count": len(strategy.variants or []),
        "disabled": strategy.disabled,
    }


def variants_text(variants: list[dict] | None) -> str:
    """'blue 50% (JSON payload), green 50%': what a variant list does, in words."""
    parts = []
    for variant in variants or []:
        text = f"{variant.get('name', '')} {variant.get('weight', 0) / 10:g}%"
        payload = variant.get("payload")
        if payload:
            text += f" ({str(payload.get('type', '')).upper()} payload)"
        parts.append(text)
    return ", ".join(parts) or "none"
