"""Weighted variant selection: overrides, stickiness and the seeded murmur3 walk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .context import Context, random_sticky_value, sticky_value
from .hashing import variant_bucket


def disabled_variant(feature_enabled: bool = False) -> dict[str, Any]:
    """The variant returned when no variant applies."""
    return {"name": "disabled", "enabled": False, "feature_enabled": feature_enabled}


@dataclass(frozen=True, slots=True)
class Variant:
    """One weighted variant with its precomputed response payload."""

    name: str
    weight: int
    payload: dict[str, Any] | None
    overrides: tuple[tuple[str, frozenset[str]], ...]

    def as_dict(self) -> dict[str, Any]:
        """A fresh ``{"name", "enabled", "feature_enabled", "payload"?}`` dict."""
        result: dict[str, Any] = {"name": self.name, "enabled": True, "feature_enabled": True}
        if self.payload is not None:
            result["payload"] = dict(self.payload)
        return result

    def overridden_for(self, ctx: Context) -> bool:
        """True when one of the overrides names this context's value."""
        return any(ctx.get(name) in values for name, values in self.overrides)


@dataclass(frozen=True, slots=True)
class VariantSet:
    """Variants sharing a hashing group and a stickiness setting."""

    variants: tuple[Variant, ...]
    total_weight: int
    group_id: str
    stickiness: str | None
    has_overrides: bool

    def pick(self, ctx: Context) -> Variant:
        """An override match first, else the weighted pick by ``murmur3(seed 86028157)``."""
        if self.has_overrides:
            for variant in self.variants:
                if variant.overridden_for(ctx):
                    return variant
        identifier = sticky_value(ctx, self.stickiness)
        if identifier is None:
            identifier = random_sticky_value()
        target = variant_bucket(identifier, self.group_id, self.total_weight)
        cumulative = 0
        for variant in self.variants:
            cumulative += variant.weight
            if cumulative >= target:
                return variant
        return self.variants[-1]


def _weight(raw: Any) -> int:
    if isinstance(raw, bool):
        return 0
    if isinstance(raw, int | float):
        return max(int(raw), 0)
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw.strip())
    return 0


def _overrides(raw: Any) -> tuple[tuple[str, frozenset[str]], ...]:
    if not isinstance(raw, list):
        return ()
    result = []
    for override in raw:
        if not isinstance(override, dict) or not isinstance(override.get("contextName"), str):
            continue
        values = override.get("values")
        if isinstance(values, list):
            strings = frozenset(v for v in values if isinstance(v, str))
            result.append((override["contextName"], strings))
    return tuple(result)


def _variant(raw: Any, with_overrides: bool) -> Variant | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        return None
    payload = raw.get("payload")
    return Variant(
        name=raw["name"],
        weight=_weight(raw.get("weight")),
        payload=dict(payload) if isinstance(payload, dict) else None,
        overrides=_overrides(raw.get("overrides")) if with_overrides else (),
    )


def compile_variants(
    raw: Any, group_id: str, stickiness: str | None, with_overrides: bool
) -> VariantSet | None:
    """A VariantSet, or ``None`` when there is nothing to pick from (empty or zero weight)."""
    if not isinstance(raw, list):
        return None
    variants = tuple(v for v in (_variant(item, with_overrides) for item in raw) if v is not None)
    total = sum(v.weight for v in variants)
    if not variants or total <= 0:
        return None
    return VariantSet(
        variants=variants,
        total_weight=total,
        group_id=group_id,
        stickiness=stickiness if isinstance(stickiness, str) else None,
        has_overrides=any(v.overrides for v in variants),
    )


def feature_variant_stickiness(raw: Any) -> str | None:
    """Feature variants hash on the first variant's ``stickiness`` (absent = ``default``)."""
    if isinstance(raw, list) and raw and isinstance(raw[0], dict):
        stickiness = raw[0].get("stickiness")
        return stickiness if isinstance(stickiness, str) else None
    return None
