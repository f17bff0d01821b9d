"""Compiled client-features state: evaluate toggles, variants and dependencies for a context."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from .context import Context, normalise_context
from .strategies import CompiledStrategy, compile_segments, compile_strategy
from .variants import VariantSet, compile_variants, disabled_variant, feature_variant_stickiness

REASON_UNKNOWN = "unknown flag"
REASON_DISABLED = "disabled in environment"
REASON_NO_STRATEGIES = "enabled without strategies"
REASON_NO_MATCH = "no strategy matched"
REASON_INVALID = "invalid flag definition"
REASON_ERROR = "evaluation failed"

log = logging.getLogger(__name__)
# flags whose evaluation raised, logged once per process so hostile traffic cannot flood logs
_failed_flags: set[str] = set()


@dataclass(slots=True)
class Evaluation:
    """The outcome of evaluating one flag for one context."""

    name: str
    enabled: bool
    variant: dict[str, Any]
    impression_data: bool
    reason: str


@dataclass(frozen=True, slots=True)
class Dependency:
    """A parent requirement: enabled (optionally with one of ``variants``) or disabled."""

    parent: str
    enabled: bool
    variants: frozenset[str]


@dataclass(frozen=True, slots=True)
class CompiledFeature:
    """Everything needed to evaluate one flag, precompiled."""

    name: str
    enabled: bool
    impression_data: bool
    strategies: tuple[CompiledStrategy, ...]
    variants: VariantSet | None
    dependencies: tuple[Dependency, ...]
    valid: bool = True


def _dependencies(raw: Any) -> tuple[Dependency, ...]:
    result = []
    for item in raw if isinstance(raw, list) else []:
        parent = item.get("feature") if isinstance(item, dict) else None
        if not isinstance(parent, str):
            # an unreadable dependency can never be satisfied
            result.append(Dependency(parent="", enabled=True, variants=frozenset()))
            continue
        variants = item.get("variants")
        names = [v for v in variants if isinstance(v, str)] if isinstance(variants, list) else []
        result.append(Dependency(parent, item.get("enabled") is not False, frozenset(names)))
    return tuple(result)


def compile_feature(raw: dict[str, Any], segments: dict[Any, Any]) -> CompiledFeature:
    """Compile one feature of a client-features body."""
    name = raw["name"]
    strategies = raw.get("strategies")
    strategies = strategies if isinstance(strategies, list) else []
    variants = raw.get("variants")
    return CompiledFeature(
        name=name,
        enabled=raw.get("enabled") is True,
        impression_data=raw.get("impressionData") is True,
        strategies=tuple(compile_strategy(s, name, segments) for s in strategies),
        variants=compile_variants(variants, name, feature_variant_stickiness(variants), True),
        dependencies=_dependencies(raw.get("dependencies")),
    )


def _broken_feature(name: str) -> CompiledFeature:
    return CompiledFeature(name, False, False, (), None, (), valid=False)


class CompiledState:
    """A compiled ``/api/client/features`` body; cheap to evaluate repeatedly."""

    __slots__ = ("_features",)

    def __init__(self, features: dict[str, CompiledFeature]) -> None:
        self._features = features

    @property
    def feature_names(self) -> list[str]:
        """Known flag names, in body order."""
        return list(self._features)

    def is_enabled(self, name: str, context: Any = None) -> bool:
        """Whether ``name`` is on for ``context`` (unknown flags are off)."""
        return self.evaluate(name, context).enabled

    def get_variant(self, name: str, context: Any = None) -> dict[str, Any]:
        """The variant dict for ``name`` (``disabled`` when off or without variants)."""
        return self.evaluate(name, context).variant

    def evaluate(self, name: str, context: Any = None) -> Evaluation:
        """Full outcome for one flag: enabled, variant, impression data and a reason."""
        feature = self._features.get(name) if isinstance(name, str) else None
        if feature is None:
            return Evaluation(name, False, disabled_variant(), False, REASON_UNKNOWN)
        return self._evaluate(feature, normalise_context(context))

    def evaluate_all(self, context: Any = None) -> list[Evaluation]:
        """Every known flag, in body order, for one context."""
        ctx = normalise_context(context)
        return [self._evaluate(feature, ctx) for feature in self._features.values()]

    def _evaluate(self, feature: CompiledFeature, ctx: Context) -> Evaluation:
        try:
            enabled, strategy, reason = self._resolve(feature, ctx)
            variant = _pick_variant(feature, strategy, ctx) if enabled else disabled_variant()
        except Exception:  # a bug must cost one flag (off), never the whole response
            _log_failure(feature.name)
            return Evaluation(
                feature.name, False, disabled_variant(), feature.impression_data, REASON_ERROR
            )
        return Evaluation(feature.name, enabled, variant, feature.impression_data, reason)

    def _resolve(
        self, feature: CompiledFeature, ctx: Context
    ) -> tuple[bool, CompiledStrategy | None, str]:
        """``(enabled, deciding strategy, reason)`` for a feature."""
        if not feature.valid:
            return False, None, REASON_INVALID
        if not feature.enabled:
            return False, None, REASON_DISABLED
        for dependency in feature.dependencies:
            if not self._dependency_holds(dependency, ctx):
                return False, None, f"dependency {dependency.parent} not satisfied"
        if not feature.strategies:
            return True, None, REASON_NO_STRATEGIES
        for strategy in feature.strategies:
            if strategy.is_on(ctx):
                return True, strategy, f"strategy {strategy.name} matched"
        return False, None, REASON_NO_MATCH

    def _dependency_holds(self, dependency: Dependency, ctx: Context) -> bool:
        """A parent must exist, have no dependencies itself, and be in the required state."""
        parent = self._features.get(dependency.parent)
        if parent is None or parent.dependencies:
            return False
        enabled, strategy, _ = self._resolve(parent, ctx)
        if not dependency.enabled:
            return not enabled
        if not enabled:
            return False
        if not dependency.variants:
            return True
        return _pick_variant(parent, strategy, ctx)["name"] in dependency.variants


def _log_failure(name: str) -> None:
    if name not in _failed_flags:
        _failed_flags.add(name)
        log.exception("evaluating flag %r raised; it is answered as off", name)


def _pick_variant(
    feature: CompiledFeature, strategy: CompiledStrategy | None, ctx: Context
) -> dict[str, Any]:
    """Strategy variants win over feature variants; none at all gives ``disabled``."""
    if strategy is not None and strategy.variants is not None:
        return strategy.variants.pick(ctx).as_dict()
    if feature.variants is not None:
        return feature.variants.pick(ctx).as_dict()
    return disabled_variant(feature_enabled=True)


def compile_state(body: Any) -> CompiledState:
    """Compile a ``/api/client/features`` body; malformed parts compile to "off", never raise."""
    if not isinstance(body, dict):
        return CompiledState({})
    try:
        segments = compile_segments(body.get("segments"))
    except Exception:  # defensive: broken segments only break the strategies using them
        segments = {}
    features: dict[str, CompiledFeature] = {}
    raw_features = body.get("features")
    for raw in raw_features if isinstance(raw_features, list) else []:
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            continue
        try:
            features[raw["name"]] = compile_feature(raw, segments)
        except Exception:  # defensive: one unreadable flag must not take the others down
            features[raw["name"]] = _broken_feature(raw["name"])
    return CompiledState(features)
