"""Writes on a flag's per-environment state, and on projects' environments."""

from flags.actors import Actor
from flags.audit import record_event
from flags.errors import NotFound, ValidationFailed
from flags.models import Environment, Feature, FeatureEnvironment, Strategy
from flags.services._base import locked, write_service
from flags.snapshots import strategy_snapshot
from flags.validation import check_json_text
from flags.variants import normalize_variants


def feature_state(feature: Feature, environment: Environment) -> FeatureEnvironment:
    """The flag's row for this environment, locked; created if the project uses the env."""
    if not feature.project.environments.filter(pk=environment.pk).exists():
        raise NotFound.at(
            "environment",
            f"environment {environment.name!r} is not enabled for project {feature.project_id!r}",
        )
    state, _ = FeatureEnvironment.objects.get_or_create(feature=feature, environment=environment)
    return locked(FeatureEnvironment, pk=state.pk)


def _add_default_strategy(state: FeatureEnvironment, actor: Actor) -> Strategy:
    # Unleash does the same: switching on a flag with no strategy means "everyone".
    strategy = Strategy.objects.create(
        feature_environment=state,
        name="flexibleRollout",
        parameters={"rollout": "100", "stickiness": "default", "groupId": state.feature.name},
    )
    record_event(
        "feature-strategy-add",
        actor=actor,
        project=state.feature.project_id,
        feature=state.feature.name,
        environment=state.environment_id,
        data=strategy_snapshot(strategy),
    )
    return strategy


@write_service
def feature_set_enabled(
    *, feature: Feature, environment: Environment, enabled: bool, actor: Actor
) -> FeatureEnvironment:
    if not isinstance(enabled, bool):
        raise ValidationFailed.at("enabled", "must be true or false")
    # Locking the flag serialises with archive, so an archived flag is never switched on.
    feature = locked(Feature, pk=feature.pk)
    if feature.archived_at is not None:
        raise ValidationFailed.at("name", "an archived flag cannot be switched on or off")
    state = feature_state(feature, environment)
    if state.enabled == enabled:
        return state
    if enabled and not state.strategies.exists():
        _add_default_strategy(state, actor)
    state.enabled = enabled
    state.save(update_fields=["enabled"])
    record_event(
        "feature-environment-enabled" if enabled else "feature-environment-disabled",
        actor=actor,
        project=feature.project_id,
        feature=feature.name,
        environment=environment.name,
        data={"enabled": enabled},
        pre_data={"enabled": not enabled},
    )
    return state


@write_service
def feature_set_variants(
    *, feature: Feature, environment: Environment, variants, actor: Actor, force: bool = False
) -> FeatureEnvironment:
    state = feature_state(feature, environment)
    if force:
        if not isinstance(variants, list):
            raise ValidationFailed.at("variants", "must be a list")
        errors = check_json_text(variants, "variants")  # unchecked, but it must be storable
        if errors:
            raise ValidationFailed.from_details(errors)
        normalized = variants
    else:
        normalized, errors = normalize_variants(variants)
        if errors:
            raise ValidationFailed.from_details(errors)
    before = state.variants
    state.variants = normalized
    state.save(update_fields=["variants"])
    record_event(
        "feature-environment-variants-updated",
        actor=actor,
        project=feature.project_id,
        feature=feature.name,
        environment=environment.name,
        data={"variants": normalized},
        pre_data={"variants": before},
    )
    return state
