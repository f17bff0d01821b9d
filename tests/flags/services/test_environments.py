"""A flag's per-environment state: on/off (with Unleash's default strategy) and variants."""

import pytest

from core.errors import NotFound, ValidationFailed
from flags import services
from flags.models import Feature, FeatureEnvironment, Strategy
from tests.factories import ProjectFactory


def _state(feature, environment):
    return FeatureEnvironment.objects.get(feature=feature, environment=environment)


def test_feature_set_enabled__no_strategy__adds_default_flexible_rollout(
    feature, development, actor, events
):
    services.feature_set_enabled(
        feature=feature, environment=development, enabled=True, actor=actor
    )
    state = _state(feature, development)
    assert state.enabled is True
    [strategy] = state.strategies.all()
    assert strategy.name == "flexibleRollout"
    assert strategy.parameters == {"rollout": "100", "stickiness": "default", "groupId": "checkout"}
    added, enabled = events()
    assert (added.type, added.environment, added.data["id"]) == (
        "feature-strategy-add",
        "development",
        str(strategy.id),
    )
    assert enabled.type == "feature-environment-enabled"
    assert (enabled.project, enabled.feature_name, enabled.environment) == (
        "default",
        "checkout",
        "development",
    )
    assert (enabled.data, enabled.pre_data) == ({"enabled": True}, {"enabled": False})


def test_feature_set_enabled__has_strategy__no_default_added(feature, development, actor, events):
    services.strategy_add(feature=feature, environment=development, actor=actor, name="default")
    services.feature_set_enabled(
        feature=feature, environment=development, enabled=True, actor=actor
    )
    assert list(_state(feature, development).strategies.values_list("name", flat=True)) == [
        "default"
    ]
    assert [e.type for e in events()] == ["feature-strategy-add", "feature-environment-enabled"]


def test_feature_set_enabled__off_on_again__default_strategy_added_once(
    feature, development, actor
):
    for enabled in (True, False, True):
        services.feature_set_enabled(
            feature=feature, environment=development, enabled=enabled, actor=actor
        )
    assert Strategy.objects.filter(feature_environment__feature=feature).count() == 1


def test_feature_set_enabled__disable__event_without_strategy_change(
    feature, development, actor, events
):
    services.feature_set_enabled(
        feature=feature, environment=development, enabled=True, actor=actor
    )
    services.feature_set_enabled(
        feature=feature, environment=development, enabled=False, actor=actor
    )
    last = events()[-1]
    assert (last.type, last.data, last.pre_data) == (
        "feature-environment-disabled",
        {"enabled": False},
        {"enabled": True},
    )
    assert _state(feature, development).enabled is False


def test_feature_set_enabled__unchanged__no_event(feature, development, actor, events):
    services.feature_set_enabled(
        feature=feature, environment=development, enabled=False, actor=actor
    )
    assert events() == []


def test_feature_set_enabled__only_that_environment__other_untouched(
    feature, development, production, actor
):
    services.feature_set_enabled(feature=feature, environment=production, enabled=True, actor=actor)
    assert _state(feature, production).enabled is True
    assert _state(feature, development).enabled is False


@pytest.mark.parametrize("enabled", ["false", 1, None])
def test_feature_set_enabled__not_a_bool__validation_error(
    feature, development, actor, events, enabled
):
    with pytest.raises(ValidationFailed) as exc:
        services.feature_set_enabled(
            feature=feature, environment=development, enabled=enabled, actor=actor
        )
    assert exc.value.details[0]["path"] == "enabled"
    assert events() == []


def test_feature_set_enabled__archived_flag__refused(feature, development, actor, events):
    services.feature_archive(feature=feature, actor=actor)
    stale_copy = Feature.objects.get(pk=feature.pk)
    with pytest.raises(ValidationFailed):
        services.feature_set_enabled(
            feature=stale_copy, environment=development, enabled=True, actor=actor
        )
    assert _state(feature, development).enabled is False


def test_feature_set_enabled__archived_since_caller_loaded_it__refused(feature, development, actor):
    Feature.objects.filter(pk=feature.pk).update(archived_at="2024-01-01T00:00:00Z")
    with pytest.raises(ValidationFailed):
        services.feature_set_enabled(
            feature=feature, environment=development, enabled=True, actor=actor
        )


def test_feature_set_enabled__environment_not_in_project__not_found(
    actor, development, production, events
):
    project = ProjectFactory(id="web", environments=[development])
    flag = services.feature_create(project=project, name="web-flag", actor=actor)
    start = len(events())
    with pytest.raises(NotFound) as exc:
        services.feature_set_enabled(
            feature=flag, environment=production, enabled=True, actor=actor
        )
    assert exc.value.status == 404
    assert exc.value.details[0]["path"] == "environment"
    assert not FeatureEnvironment.objects.filter(feature=flag, environment=production).exists()
    assert len(events()) == start


def test_feature_set_enabled__missing_state_row__created(feature, development, actor):
    FeatureEnvironment.objects.filter(feature=feature).delete()
    services.feature_set_enabled(
        feature=feature, environment=development, enabled=True, actor=actor
    )
    assert _state(feature, development).enabled is True


def test_feature_set_variants__valid__balanced_and_event_with_before(
    feature, development, actor, events
):
    services.feature_set_variants(
        feature=feature,
        environment=development,
        variants=[{"name": "blue"}, {"name": "red"}, {"name": "green"}],
        actor=actor,
    )
    stored = _state(feature, development).variants
    assert [v["weight"] for v in stored] == [334, 333, 333]
    [event] = events()
    assert event.type == "feature-environment-variants-updated"
    assert (event.environment, event.feature_name) == ("development", "checkout")
    assert event.data == {"variants": stored}
    assert event.pre_data == {"variants": []}


def test_feature_set_variants__invalid__nothing_saved(feature, development, actor, events):
    with pytest.raises(ValidationFailed) as exc:
        services.feature_set_variants(
            feature=feature,
            environment=development,
            variants=[{"name": "a"}, {"name": "b", "weightType": "fix"}],
            actor=actor,
        )
    assert exc.value.details[0]["path"] == "variants[1].weight"
    assert _state(feature, development).variants == []
    assert events() == []


def test_feature_set_variants__force_with_non_list__validation_error(feature, development, actor):
    with pytest.raises(ValidationFailed) as exc:
        services.feature_set_variants(
            feature=feature, environment=development, variants="x", actor=actor, force=True
        )
    assert exc.value.details[0]["path"] == "variants"
