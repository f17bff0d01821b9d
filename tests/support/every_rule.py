"""A client-features body that exercises every operator, strategy and variant path at once.

Shared by the unencodable-text regression test and the engine fuzz test, so "the engine never
raises" is checked against everything the engine can compile, not a hand-picked sample.
"""

from __future__ import annotations

from flags.evaluation.constraints import LIST_OPERATORS, SINGLE_VALUE_OPERATORS
from flags.evaluation.strategies import BUILTIN_STRATEGIES

# operator -> the constraint key holding its operand: "values" (list) or "value" (string)
OPERAND_KEY = {op: "values" for op in LIST_OPERATORS} | {
    op: "value" for op in SINGLE_VALUE_OPERATORS
}

# one usable operand per operator family; list operators get several values
OPERANDS = {
    "IN": ["1", "\ufffd", "😀"],
    "NOT_IN": ["1", "\ufffd"],
    "STR_CONTAINS": ["a", "\ufffd"],
    "STR_STARTS_WITH": ["us", "\ufffd"],
    "STR_ENDS_WITH": ["1", "é"],
    "IN_CIDR": ["10.0.0.0/8", "::1/128", "not-a-cidr"],
    "REGEX": "^(u|\\x{FFFD}).*$",
    "NUM_EQ": "5",
    "NUM_GT": "1e3",
    "NUM_GTE": "-0.5",
    "NUM_LT": "100",
    "NUM_LTE": "7",
    "DATE_AFTER": "2020-01-01T00:00:00.000Z",
    "DATE_BEFORE": "2040-01-01T00:00:00+02:00",
    "SEMVER_EQ": "1.2.3",
    "SEMVER_GT": "1.0.0-beta.2",
    "SEMVER_GTE": "0.0.1",
    "SEMVER_LT": "10.0.0",
    "SEMVER_LTE": "2.0.0-rc.1",
}
CONTEXT_NAMES = ("userId", "sessionId", "remoteAddress", "currentTime", "appName", "plan")
STICKINESS = ("default", "userId", "sessionId", "random", "plan", "remoteAddress")


def _constraint(operator: str, context_name: str, inverted: bool, folded: bool) -> dict:
    return {
        "contextName": context_name,
        "operator": operator,
        OPERAND_KEY[operator]: OPERANDS[operator],
        "inverted": inverted,
        "caseInsensitive": folded,
    }


def _constraint_features(context_names: tuple[str, ...]) -> list[dict]:
    features = []
    for operator in sorted(OPERANDS):
        for context_name in context_names:
            for inverted in (False, True):
                constraint = _constraint(operator, context_name, inverted, inverted)
                features.append(
                    {
                        "name": f"c-{operator}-{context_name}-{int(inverted)}",
                        "enabled": True,
                        "strategies": [{"name": "default", "constraints": [constraint]}],
                    }
                )
    return features


PARAMETERS = {
    "userWithId": {"userIds": "1, \ufffd,😀"},
    "gradualRolloutUserId": {"percentage": "50", "groupId": "g"},
    "gradualRolloutSessionId": {"percentage": "50", "groupId": "g"},
    "gradualRolloutRandom": {"percentage": "50"},
    "remoteAddress": {"IPs": "127.0.0.1, 10.0.0.0/8, ::1"},
    "applicationHostname": {"hostNames": "localhost"},
}


def _variants(stickiness: str) -> list[dict]:
    return [
        {
            "name": "a",
            "weight": 300,
            "stickiness": stickiness,
            "overrides": [{"contextName": "plan", "values": ["gold", "\ufffd"]}],
        },
        {"name": "b", "weight": 700, "stickiness": stickiness, "payload": {"type": "string"}},
    ]


def _strategy_features(stickinesses: tuple[str, ...]) -> list[dict]:
    features = []
    for name in (*BUILTIN_STRATEGIES, "customUnknown"):
        for stickiness in stickinesses:
            parameters = PARAMETERS.get(name, {"rollout": "50", "stickiness": stickiness})
            strategy = {
                "name": name,
                "parameters": {**parameters, "groupId": f"{name}-g"},
                "segments": [1],
                "variants": _variants(stickiness)[:1] if stickiness == "plan" else [],
            }
            features.append(
                {
                    "name": f"s-{name}-{stickiness}",
                    "enabled": True,
                    "strategies": [strategy],
                    "variants": _variants(stickiness),
                }
            )
    return features


def _dependent_features() -> list[dict]:
    parent = "s-flexibleRollout-default"
    requirements = {"d-on": {}, "d-off": {"enabled": False}, "d-variant": {"variants": ["a"]}}
    return [
        {"name": name, "enabled": True, "dependencies": [{"feature": parent, **extra}]}
        for name, extra in requirements.items()
    ]


def every_rule_body(
    context_names: tuple[str, ...] = CONTEXT_NAMES, stickinesses: tuple[str, ...] = STICKINESS
) -> dict:
    """A fresh body; segment 1 is a harmless NOT_IN so segments are walked on every strategy.

    Every operator and strategy is always present; fewer context names or stickiness settings
    give a smaller body (cheaper to store through the services for HTTP tests).
    """
    segment = {"id": 1, "constraints": [_constraint("NOT_IN", "plan", False, False)]}
    features = (
        _constraint_features(context_names)
        + _strategy_features(stickinesses)
        + _dependent_features()
    )
    return {"version": 2, "segments": [segment], "features": features}
