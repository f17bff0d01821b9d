"""Copying a flag's per-environment configuration onto another flag."""

from flags.models import FeatureEnvironment, Strategy


def copy_feature_state(source, target, *, replace_group_id: bool) -> None:
    for state in source.env_states.all():
        copy, _ = FeatureEnvironment.objects.get_or_create(
            feature=target, environment_id=state.environment_id
        )
        copy.enabled = state.enabled
        copy.variants = state.variants
        copy.save(update_fields=["enabled", "variants"])
        for strategy in state.strategies.all():
            parameters = dict(strategy.parameters)
            if replace_group_id and parameters.get("groupId") == source.name:
                parameters["groupId"] = target.name
            new = Strategy.objects.create(
                feature_environment=copy,
                name=strategy.name,
                title=strategy.title,
                parameters=parameters,
                constraints=strategy.constraints,
                variants=strategy.variants,
                sort_order=strategy.sort_order,
                disabled=strategy.disabled,
            )
            new.segments.set(strategy.segments.all())
