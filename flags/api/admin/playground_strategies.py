"""Playground detail Unleash shows per flag: each strategy's own result, and the variants.

Strategies are compiled one by one with the same engine the SDK payload uses, disabled ones
included (Unleash lists them as not evaluated), so "why is it on" can be read strategy by
strategy.
"""

from collections import defaultdict

from flags.evaluation import normalise_context
from flags.evaluation.strategies import compile_segments, compile_strategy
from flags.models import FeatureEnvironment, Segment, Strategy


def strategy_details(environment: str, names: list[str], context: dict) -> dict[str, dict]:
    """flag name -> {"strategies": {"result", "data"}, "variants": [...]} in `environment`."""
    rows = list(
        Strategy.objects.filter(
            feature_environment__environment_id=environment,
            feature_environment__feature__name__in=names,
        )
        .select_related("feature_environment__feature")
        .prefetch_related("segments")
        .order_by("sort_order", "created_at")
    )
    segments = compile_segments(_segments(rows))
    ctx = normalise_context({**context, "environment": environment})
    by_flag: dict[str, list[dict]] = defaultdict(list)
    for strategy in rows:
        feature = strategy.feature_environment.feature
        by_flag[feature.name].append(_one(strategy, feature, environment, segments, ctx))
    env_variants = dict(
        FeatureEnvironment.objects.filter(
            environment_id=environment, feature__name__in=names
        ).values_list("feature__name", "variants")
    )
    return {name: _flag(by_flag.get(name, []), env_variants.get(name) or []) for name in names}


def _segments(rows) -> list[dict]:
    ids = {segment.pk for s in rows for segment in s.segments.all()}
    found = Segment.objects.filter(pk__in=ids).values("id", "constraints")
    return [{"id": row["id"], "constraints": row["constraints"]} for row in found]


def _flag(strategies: list[dict], env_variants: list) -> dict:
    active = [s for s in strategies if not s["disabled"]]
    on = [s for s in active if s["result"]["enabled"] is True]
    variants = on[0]["result"]["variants"] if on and on[0]["result"]["variants"] else env_variants
    return {
        "strategies": {"result": bool(on), "data": strategies},
        "variants": variants,
    }


def _one(strategy: Strategy, feature, environment: str, segments, ctx) -> dict:
    raw = {
        "name": strategy.name,
        "parameters": strategy.parameters,
        "constraints": strategy.constraints,
        "variants": strategy.variants,
        "segments": [s.pk for s in strategy.segments.all()],
    }
    compiled = compile_strategy(raw, feature.name, segments)
    enabled = False if strategy.disabled else compiled.is_on(ctx)
    variant = None
    if enabled and compiled.variants is not None:
        variant = compiled.variants.pick(ctx).as_dict()
    edit = (
        f"/projects/{feature.project_id}/features/{feature.name}/strategies/edit"
        f"?environmentId={environment}&strategyId={strategy.pk}"
    )
    return {
        "id": str(strategy.pk),
        "name": strategy.name,
        "title": strategy.title or None,
        "disabled": strategy.disabled,
        "parameters": strategy.parameters,
        "constraints": strategy.constraints,
        "segments": raw["segments"],
        "links": {"edit": edit},
        "result": {
            # Unleash does not evaluate a disabled strategy.
            "evaluationStatus": "incomplete" if strategy.disabled else "complete",
            "enabled": "unknown" if strategy.disabled else enabled,
            "variant": variant,
            "variants": strategy.variants if enabled else [],
        },
    }
