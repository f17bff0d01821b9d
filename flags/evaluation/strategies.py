"""Built-in activation strategies, compiled once per strategy into ``Context -> bool`` rules."""

from __future__ import annotations

import ipaddress
import os
import random
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .constraints import Check, all_of, compile_constraint, parse_network
from .context import Context, sticky_value, to_context_string
from .hashing import rollout_bucket
from .variants import VariantSet, compile_variants

Rule = Callable[[Context], bool]
Params = dict[str, str]

_INTEGER = re.compile(r"\d+", re.ASCII)


def _always(_: Context) -> bool:
    return True


def _never(_: Context) -> bool:
    return False


def _percentage(params: Params, key: str) -> int | None:
    """Rollout percentages are plain integers, as the SDK engine requires ("50.0" is off)."""
    value = params.get(key)
    return int(value) if value is not None and _INTEGER.fullmatch(value) else None


def _comma_list(text: str | None) -> list[str]:
    return [item.strip() for item in (text or "").split(",") if item.strip()]


def _user_with_id(params: Params, feature_name: str) -> Rule:
    # empty entries kept on purpose: "a, ,b" lists "" as the SDKs' split does
    user_ids = frozenset(item.strip() for item in params.get("userIds", "").split(","))
    return lambda ctx: ctx.fields.get("userId") in user_ids


def _gradual_field(field: str) -> Callable[[Params, str], Rule]:
    def build(params: Params, feature_name: str) -> Rule:
        percentage = _percentage(params, "percentage")
        group_id = params.get("groupId")
        if percentage is None or group_id is None:
            return _never

        def rule(ctx: Context) -> bool:
            value = ctx.fields.get(field)
            return value is not None and rollout_bucket(value, group_id) <= percentage

        return rule

    return build


def _gradual_random(params: Params, feature_name: str) -> Rule:
    percentage = _percentage(params, "percentage")
    if percentage is None:
        return _never
    return lambda ctx: random.randint(1, 100) <= percentage


def _flexible_rollout(params: Params, feature_name: str) -> Rule:
    rollout = _percentage(params, "rollout")
    if rollout is None:
        return _never
    group_id = params.get("groupId") or feature_name
    stickiness = params.get("stickiness") or "default"

    def rule(ctx: Context) -> bool:
        value = sticky_value(ctx, stickiness)
        return value is not None and rollout_bucket(value, group_id) <= rollout

    return rule


def _remote_address(params: Params, feature_name: str) -> Rule:
    entries = _comma_list(params.get("IPs"))
    exact = frozenset(entries)
    networks = [n for n in map(parse_network, entries) if n is not None]

    def rule(ctx: Context) -> bool:
        address = ctx.fields.get("remoteAddress")
        try:
            parsed = ipaddress.ip_address(address)  # type: ignore[arg-type]
        except ValueError:
            return False
        return address in exact or any(parsed in network for network in networks)

    return rule


def current_hostname() -> str:
    """The evaluating process's host name, as the Node SDK resolves it."""
    return (os.environ.get("HOSTNAME") or socket.gethostname()).lower()


def _application_hostname(params: Params, feature_name: str) -> Rule:
    allowed = {name.lower() for name in _comma_list(params.get("hostNames"))}
    return _always if current_hostname() in allowed else _never


_BUILDERS: dict[str, Callable[[Params, str], Rule]] = {
    "default": lambda params, feature_name: _always,
    "userWithId": _user_with_id,
    "gradualRolloutUserId": _gradual_field("userId"),
    "gradualRolloutSessionId": _gradual_field("sessionId"),
    "gradualRolloutRandom": _gradual_random,
    "flexibleRollout": _flexible_rollout,
    "remoteAddress": _remote_address,
    "applicationHostname": _application_hostname,
}
# The strategy names the engine evaluates; any other name is a custom strategy (never on).
BUILTIN_STRATEGIES = tuple(_BUILDERS)


@dataclass(frozen=True, slots=True)
class CompiledStrategy:
    """A strategy's rule, its constraints (segments included) and its own variants."""

    name: str
    rule: Rule
    constraints: Check | None
    variants: VariantSet | None

    def is_on(self, ctx: Context) -> bool:
        """All constraints hold and the strategy's own rule holds."""
        if self.constraints is not None and not self.constraints(ctx):
            return False
        return self.rule(ctx)


def segment_key(raw_id: Any) -> Any:
    """Segment ids as ints when they look like ints, so ``1`` and ``"1"`` meet."""
    if isinstance(raw_id, str) and raw_id.strip().isdigit():
        return int(raw_id)
    return raw_id if isinstance(raw_id, int | str) and not isinstance(raw_id, bool) else None


def compile_segments(raw: Any) -> dict[Any, list[Check]]:
    """Top-level ``segments`` as ``{id: [constraint checks]}``."""
    segments: dict[Any, list[Check]] = {}
    for segment in raw if isinstance(raw, list) else []:
        if not isinstance(segment, dict):
            continue
        key = segment_key(segment.get("id"))
        constraints = segment.get("constraints")
        if key is not None:
            items = constraints if isinstance(constraints, list) else []
            segments[key] = [compile_constraint(c) for c in items]
    return segments


def _parameters(raw: Any) -> Params:
    if not isinstance(raw, dict):
        return {}
    params = {}
    for key, value in raw.items():
        text = to_context_string(value)
        if isinstance(key, str) and text is not None:
            params[key] = text
    return params


def _strategy_checks(raw: dict[str, Any], segments: dict[Any, list[Check]]) -> list[Check] | None:
    """Own constraints plus segment constraints; ``None`` if a segment is missing."""
    constraints = raw.get("constraints")
    checks = [compile_constraint(c) for c in constraints] if isinstance(constraints, list) else []
    segment_ids = raw.get("segments")
    for segment_id in segment_ids if isinstance(segment_ids, list) else []:
        segment = segments.get(segment_key(segment_id))
        if segment is None:
            return None
        checks.extend(segment)
    return checks


def compile_strategy(
    raw: Any, feature_name: str, segments: dict[Any, list[Check]]
) -> CompiledStrategy:
    """Compile one strategy; unknown names, missing segments and garbage compile to "off"."""
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        return CompiledStrategy("unknown", _never, None, None)
    name = raw["name"]
    params = _parameters(raw.get("parameters"))
    builder = _BUILDERS.get(name)
    checks = _strategy_checks(raw, segments)
    if builder is None or checks is None or raw.get("disabled") is True:
        return CompiledStrategy(name, _never, None, None)
    group_id = params.get("groupId") or feature_name
    variants = compile_variants(raw.get("variants"), group_id, params.get("stickiness"), False)
    return CompiledStrategy(name, builder(params, feature_name), all_of(checks), variants)
