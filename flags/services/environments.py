"""Writes on a flag's per-environment state, and on projects' environments."""

from core.actors import Actor
from core.audit import record_event
from core.errors import NotFound, ValidationFailed
from core.services import locked, write_service
from core.textcheck import check_text
from flags.models import Environment, Feature, FeatureEnvironment, ProjectDefaultStrategy
from flags.services.archive import batch_names
from flags.validation import NAME_LENGTH, check_json_text
from flags.variants import normalize_variants

# Fields of a stored default strategy that a new strategy takes over (sortOrder is its own).
DEFAULT_STRATEGY_FIELDS = ("name", "title", "constraints", "variants", "segments", "disabled")


def feature_state(feature: Feature, environment: Environment) -> FeatureEnvironment:
    """The flag's row for this environment, locked; created if the project uses the env."""
    if not feature.project.environments.filter(pk=environment.pk).exists():
        raise NotFound.at(
            "environment",
            f"environment {environment.name!r} is not enabled for project {feature.project_id!r}",
        )
    state, _ = FeatureEnvironment.objects.get_or_create(feature=feature, environment=environment)
    return locked(FeatureEnvironment, pk=state.pk)


def default_strategy_spec(feature: Feature, environment: Environment) -> dict:
    """The strategy switching on adds: the project's default for the environment, else 100 %."""
    row = ProjectDefaultStrategy.objects.filter(
        project_id=feature.project_id, environment=environment
    ).first()
    if row is None:
        return {
            "name": "flexibleRollout",
            "constraints": [],
            "parameters": {"rollout": "100", "stickiness": "default", "groupId": feature.name},
        }
    stored = row.strategy
    parameters = dict(stored.get("parameters") or {})
    # Unleash: an empty groupId means "the flag's name"; a missing one stays empty.
    group_id = parameters.get("groupId")
    parameters["groupId"] = feature.name if group_id == "" else (group_id or "")
    spec = {k: stored[k] for k in DEFAULT_STRATEGY_FIELDS if stored.get(k) is not None}
    return {**spec, "parameters": parameters}


def _ensure_enabled_strategy(state: FeatureEnvironment, actor: Actor, activate: bool) -> None:
    """Before switching on, as Unleash does: with only disabled strategies (or none), either
    enable them (``activate``) or add the default strategy, so the flag serves someone."""
    from flags.services.strategies import strategy_add, strategy_update  # imports this module

    strategies = list(state.strategies.order_by("sort_order", "created_at"))
    disabled = [s for s in strategies if s.disabled]
    if disabled and activate:
        for strategy in disabled:
            strategy_update(strategy=strategy, actor=actor, disabled=False)
        return
    if len(disabled) == len(strategies):  # none at all, or all of them disabled
        spec = default_strategy_spec(state.feature, state.environment)
        strategy_add(feature=state.feature, environment=state.environment, actor=actor, **spec)


@write_service
def feature_set_enabled(
    *,
    feature: Feature,
    environment: Environment,
    enabled: bool,
    actor: Actor,
    activate_disabled: bool = False,
) -> FeatureEnvironment:
    """Switch a flag on or off in one environment (on: see _ensure_enabled_strategy)."""
    if not isinstance(enabled, bool):
        raise ValidationFailed.at("enabled", "must be true or false")
    # Locking the flag serialises with archive, so an archived flag is never switched on.
    feature = locked(Feature, pk=feature.pk)
    if feature.archived_at is not None:
        raise ValidationFailed.at("name", "an archived flag cannot be switched on or off")
    state = feature_state(feature, environment)
    if enabled:
        _ensure_enabled_strategy(state, actor, activate_disabled)
    if state.enabled == enabled:
        return state
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
def features_set_enabled(
    *,
    project_id: str,
    names,
    environment: str,
    enabled: bool,
    actor: Actor,
    activate_disabled: bool = False,
) -> list[FeatureEnvironment]:
    """Switch many flags of a project in one environment: all of them or, on any error, none."""
    names = batch_names(names)
    # Lock every named flag up front, in id order: two batches naming the same flags in
    # different orders then wait for each other instead of deadlocking.
    list(Feature.objects.select_for_update().filter(name__in=names).order_by("pk"))
    states = []
    for name in names:
        feature = _project_flag(project_id, name)
        env = _flag_environment(feature, environment)
        states.append(
            feature_set_enabled(
                feature=feature,
                environment=env,
                enabled=enabled,
                actor=actor,
                activate_disabled=activate_disabled,
            )
        )
    return states


def _flag_environment(feature: Feature, name: str) -> Environment:
    environment = Environment.objects.filter(pk=name).first()
    if environment is None or not feature.project.environments.filter(pk=name).exists():
        message = f"Could not find environment {name} for feature: {feature.name}"
        raise NotFound.at("environment", message)
    return environment


def _project_flag(project_id: str, name: str) -> Feature:
    """A flag of the project, archived or not (switching an archived one is a 400 later)."""
    feature = Feature.objects.select_related("project").filter(name=name).first()
    if feature is None or feature.project_id != project_id:
        raise NotFound.at(
            "features", f"There's no feature named {name!r} in project {project_id!r}."
        )
    return feature


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


@write_service
def feature_set_variants_on_environments(
    *, feature: Feature, environments, variants, actor: Actor
) -> list[dict]:
    """Unleash's variants-batch: the same variants in several environments, all or none."""
    if not isinstance(environments, list | tuple) or not environments:
        raise ValidationFailed.at("environments", "No environments provided")
    stored = []
    for index, name in enumerate(dict.fromkeys(environments)):
        errors = check_text(name, f"environments[{index}]", NAME_LENGTH, required=True)
        if errors:
            raise ValidationFailed.from_details(errors)
        environment = Environment.objects.filter(pk=name).first()
        if environment is None:
            raise NotFound.at("environment", f"Could not find {feature.name} in {name}")
        state = feature_set_variants(
            feature=feature, environment=environment, variants=variants, actor=actor
        )
        stored = state.variants
    return stored
