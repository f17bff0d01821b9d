"""Writes on a flag's strategies in one environment."""

from django.db.models import Max

from core.actors import Actor
from core.audit import record_event
from core.errors import NotFound, ValidationFailed
from core.services import locked, write_service
from flags.models import Environment, Feature, Segment, Strategy
from flags.services._spec import column_length, optional_bool, optional_text, unknown_fields
from flags.services.environments import feature_state
from flags.services.strategy_definitions import unknown_strategy_errors
from flags.snapshots import strategy_snapshot
from flags.validation import (
    check_json_text,
    normalize_constraints,
    normalize_parameters,
    validate_strategy_name,
)
from flags.variants import normalize_variants

FIELDS = ("name", "title", "parameters", "constraints", "variants", "segments", "disabled")


def _clean(spec: dict, *, force: bool) -> dict:
    """Validate a strategy body (Django names) and return its normalized fields."""
    errors, clean = [], {}
    errors += unknown_fields(spec, {*FIELDS, "sort_order"}, "strategy field")
    errors += _clean_scalars(spec, clean)
    if "name" in clean and not errors and not force:
        # Unleash refuses a name no strategy type defines: a typo never reaches the SDKs.
        errors += unknown_strategy_errors(clean["name"])
    if "parameters" in spec:
        clean["parameters"], errs = normalize_parameters(spec["parameters"])
        errors += errs
    checks = (("constraints", normalize_constraints), ("variants", normalize_variants))
    for key, normalize in checks:
        if key not in spec:
            continue
        if force and isinstance(spec[key], list):
            # Imports restore what was exported unchecked, but the database cannot hold bad text.
            clean[key] = spec[key]
            errors += check_json_text(spec[key], key)
        else:
            clean[key], errs = normalize(spec[key])
            errors += errs
    if "segments" in spec:
        clean["segments"], errs = _segments(spec["segments"])
        errors += errs
    if errors:
        raise ValidationFailed.from_details(errors)
    return clean


def _clean_scalars(spec: dict, clean: dict) -> list[dict]:
    errors = []
    if "name" in spec:
        errors += validate_strategy_name(spec["name"])
        clean["name"] = spec["name"]
    errors += optional_text(spec, "title", clean, column_length(Strategy, "title"))
    errors += optional_bool(spec, "disabled", clean)
    if "sort_order" in spec:
        if isinstance(spec["sort_order"], bool) or not isinstance(spec["sort_order"], int):
            errors.append({"path": "sortOrder", "message": "must be an integer"})
        clean["sort_order"] = spec["sort_order"]
    return errors


def _segments(raw) -> tuple[list, list[dict]]:
    if raw is None:
        return [], []
    if not isinstance(raw, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in raw
    ):
        return [], [{"path": "segments", "message": "must be a list of segment ids"}]
    found = {s.id: s for s in Segment.objects.filter(id__in=raw)}
    missing = [i for i in raw if i not in found]
    if missing:
        return [], [{"path": "segments", "message": f"unknown segment id {missing[0]}"}]
    return [found[i] for i in raw], []


def _apply(strategy: Strategy, clean: dict) -> None:
    segments = clean.pop("segments", None)
    for key, value in clean.items():
        setattr(strategy, key, value)
    strategy.save()
    if segments is not None:
        strategy.segments.set(segments)


def _event(kind, strategy, state, actor, data=None, pre_data=None):
    record_event(
        kind,
        actor=actor,
        project=state.feature.project_id,
        feature=state.feature.name,
        environment=state.environment_id,
        data=data,
        pre_data=pre_data,
    )


@write_service
def strategy_add(
    *, feature: Feature, environment: Environment, actor: Actor, force: bool = False, **spec
) -> Strategy:
    if "name" not in spec:
        raise ValidationFailed.at("name", "is required")
    clean = _clean(spec, force=force)
    state = feature_state(feature, environment)
    if "sort_order" not in clean:
        last = state.strategies.aggregate(last=Max("sort_order"))["last"]
        clean["sort_order"] = 0 if last is None else last + 1
    strategy = Strategy(feature_environment=state)
    _apply(strategy, clean)
    _event("feature-strategy-add", strategy, state, actor, data=strategy_snapshot(strategy))
    return strategy


def _get(strategy_id) -> Strategy:
    try:
        return locked(Strategy, pk=strategy_id)
    except NotFound as exc:
        raise NotFound.at("strategyId", f"no strategy with id {strategy_id}") from exc


@write_service
def strategy_update(*, strategy: Strategy, actor: Actor, force: bool = False, **spec) -> Strategy:
    clean = _clean(spec, force=force)
    strategy = _get(strategy.pk)
    before = strategy_snapshot(strategy)
    _apply(strategy, clean)
    after = strategy_snapshot(strategy)
    if after != before:
        state = strategy.feature_environment
        _event("feature-strategy-update", strategy, state, actor, data=after, pre_data=before)
    return strategy


@write_service
def strategy_delete(*, strategy: Strategy, actor: Actor) -> None:
    strategy = _get(strategy.pk)
    state = strategy.feature_environment
    before = strategy_snapshot(strategy)
    strategy.delete()
    _event("feature-strategy-remove", strategy, state, actor, pre_data=before)


@write_service
def strategy_reorder(
    *, feature: Feature, environment: Environment, order: dict, actor: Actor
) -> None:
    """Set sort orders from {strategy_id: sort_order}."""
    if not isinstance(order, dict):
        raise ValidationFailed.at("order", "must map strategy ids to sort orders")
    bad = [k for k, v in order.items() if isinstance(v, bool) or not isinstance(v, int)]
    if bad:
        raise ValidationFailed.at(f"order.{bad[0]}", "must be an integer")
    state = feature_state(feature, environment)
    strategies = {str(s.id): s for s in state.strategies.select_for_update()}
    unknown = [k for k in order if str(k) not in strategies]
    if unknown:
        raise NotFound.at("id", f"no strategy with id {unknown[0]} in this environment")
    before = {k: s.sort_order for k, s in strategies.items()}
    for key, sort_order in order.items():
        strategies[str(key)].sort_order = sort_order
    Strategy.objects.bulk_update(list(strategies.values()), ["sort_order"])
    after = {k: s.sort_order for k, s in strategies.items()}
    _event("strategy-order-changed", None, state, actor, data=after, pre_data=before)
