"""Strategy writes: add, update, delete, reorder, all validated and in one transaction."""

import uuid

import pytest

from core.errors import NotFound, ValidationFailed
from flags import services
from flags.models import Strategy
from tests.factories import ProjectFactory, SegmentFactory

GOOD = {"contextName": "userId", "operator": "IN", "values": ["1", "2"]}


def _add(feature, environment, actor, **spec):
    spec.setdefault("name", "flexibleRollout")
    return services.strategy_add(feature=feature, environment=environment, actor=actor, **spec)


def test_strategy_add__full_body__normalized_and_stored(feature, development, actor):
    segment = SegmentFactory()
    strategy = _add(
        feature,
        development,
        actor,
        title="Half",
        parameters={"rollout": 50, "stickiness": "userId", "groupId": "checkout"},
        constraints=[GOOD],
        variants=[{"name": "a"}],
        segments=[segment.id],
    )
    stored = Strategy.objects.get(pk=strategy.pk)
    assert stored.parameters == {"rollout": "50", "stickiness": "userId", "groupId": "checkout"}
    assert stored.constraints == [{**GOOD, "caseInsensitive": False, "inverted": False}]
    assert stored.variants[0]["weight"] == 1000
    assert list(stored.segments.all()) == [segment]
    assert (stored.title, stored.disabled, stored.sort_order) == ("Half", False, 0)


def test_strategy_add__valid__event_with_snapshot(feature, development, actor, events):
    segment = SegmentFactory()
    strategy = _add(
        feature, development, actor, parameters={"rollout": "10"}, segments=[segment.id]
    )
    [event] = events()
    assert event.type == "feature-strategy-add"
    assert (event.project, event.feature_name, event.environment) == (
        "default",
        "checkout",
        "development",
    )
    assert event.data["id"] == str(strategy.id)
    assert event.data["parameters"] == {"rollout": "10"}
    assert event.data["segments"] == [segment.id]
    assert event.pre_data is None


def test_strategy_add__second_strategy__sorted_after_the_first(feature, development, actor):
    _add(feature, development, actor, sort_order=5)
    second = _add(feature, development, actor)
    assert second.sort_order == 6


def test_strategy_add__one_bad_constraint_among_good__nothing_saved(
    feature, development, actor, events
):
    bad = {"contextName": "version", "operator": "SEMVER_GT", "value": "1.x"}
    with pytest.raises(ValidationFailed) as exc:
        _add(feature, development, actor, constraints=[GOOD, bad, GOOD])
    assert exc.value.details == [
        {"path": "constraints[1].value", "message": "must be a semantic version such as 1.2.3"}
    ]
    assert not Strategy.objects.exists()
    assert events() == []


def test_strategy_add__several_errors__all_reported(feature, development, actor):
    with pytest.raises(ValidationFailed) as exc:
        _add(
            feature,
            development,
            actor,
            title=5,
            disabled="no",
            parameters={"rollout": 101},
            constraints=[{"contextName": "x", "operator": "LIKE"}],
        )
    paths = {d["path"] for d in exc.value.details}
    assert paths == {"title", "disabled", "parameters.rollout", "constraints[0].operator"}
    assert "(and 3 more)" in exc.value.message


@pytest.mark.parametrize(
    ("spec", "path"),
    [
        ({"name": ""}, "name"),
        ({"name": None}, "name"),
        ({"sort_order": "1"}, "sortOrder"),
        ({"sort_order": True}, "sortOrder"),
        ({"segments": ["1"]}, "segments"),
        ({"segments": [999999]}, "segments"),
        ({"variants": "a"}, "variants"),
        ({"parameters": {"x": {"nested": 1}}}, "parameters.x"),
        ({"color": "red"}, "color"),
    ],
)
def test_strategy_add__bad_field__validation_error_naming_it(
    feature, development, actor, events, spec, path
):
    with pytest.raises(ValidationFailed) as exc:
        _add(feature, development, actor, **spec)
    assert exc.value.details[0]["path"] == path
    assert not Strategy.objects.exists()
    assert events() == []


def test_strategy_add__no_name__validation_error(feature, development, actor):
    with pytest.raises(ValidationFailed) as exc:
        services.strategy_add(feature=feature, environment=development, actor=actor)
    assert exc.value.details[0]["path"] == "name"


def test_strategy_add__environment_not_in_project__not_found(actor, development, production):
    project = ProjectFactory(id="web", environments=[development])
    flag = services.feature_create(project=project, name="web-flag", actor=actor)
    with pytest.raises(NotFound):
        _add(flag, production, actor)


def test_strategy_add__force__stores_constraints_unchecked(feature, development, actor):
    raw = [{"contextName": "x", "operator": "FUTURE_OP", "values": []}]
    strategy = _add(feature, development, actor, constraints=raw, force=True)
    assert Strategy.objects.get(pk=strategy.pk).constraints == raw


def test_strategy_update__changed__event_with_before_and_after(feature, development, actor, events):
    strategy = _add(feature, development, actor, parameters={"rollout": "10"})
    services.strategy_update(
        strategy=strategy, actor=actor, parameters={"rollout": 90}, disabled=True
    )
    stored = Strategy.objects.get(pk=strategy.pk)
    assert (stored.parameters, stored.disabled) == ({"rollout": "90"}, True)
    event = events()[-1]
    assert event.type == "feature-strategy-update"
    assert event.environment == "development"
    assert (event.pre_data["parameters"], event.data["parameters"]) == (
        {"rollout": "10"},
        {"rollout": "90"},
    )
    assert (event.pre_data["disabled"], event.data["disabled"]) == (False, True)


def test_strategy_update__segments_changed__event_shows_them(feature, development, actor, events):
    strategy = _add(feature, development, actor)
    segment = SegmentFactory()
    services.strategy_update(strategy=strategy, actor=actor, segments=[segment.id])
    event = events()[-1]
    assert (event.pre_data["segments"], event.data["segments"]) == ([], [segment.id])


def test_strategy_update__no_change__no_event(feature, development, actor, events):
    strategy = _add(feature, development, actor, title="T")
    services.strategy_update(strategy=strategy, actor=actor, title="T")
    assert [e.type for e in events()] == ["feature-strategy-add"]


def test_strategy_update__one_bad_constraint__nothing_changed(feature, development, actor, events):
    strategy = _add(feature, development, actor, constraints=[GOOD])
    bad = {"contextName": "ip", "operator": "IN_CIDR", "values": ["10.0.0.0/8", "nope"]}
    with pytest.raises(ValidationFailed) as exc:
        services.strategy_update(
            strategy=strategy, actor=actor, title="new", constraints=[GOOD, bad]
        )
    assert exc.value.details[0]["path"] == "constraints[1].values"
    stored = Strategy.objects.get(pk=strategy.pk)
    assert (stored.title, len(stored.constraints)) == ("", 1)
    assert [e.type for e in events()] == ["feature-strategy-add"]


def test_strategy_update__deleted_strategy__not_found(feature, development, actor):
    strategy = _add(feature, development, actor)
    Strategy.objects.filter(pk=strategy.pk).delete()
    with pytest.raises(NotFound) as exc:
        services.strategy_update(strategy=strategy, actor=actor, title="x")
    assert exc.value.details[0]["path"] == "strategyId"


def test_strategy_delete__existing__removed_with_event(feature, development, actor, events):
    strategy = _add(feature, development, actor, title="gone")
    services.strategy_delete(strategy=strategy, actor=actor)
    assert not Strategy.objects.filter(pk=strategy.pk).exists()
    event = events()[-1]
    assert (event.type, event.environment, event.pre_data["title"]) == (
        "feature-strategy-remove",
        "development",
        "gone",
    )
    assert event.data is None


def test_strategy_delete__unknown_id__not_found(actor, db):
    with pytest.raises(NotFound):
        services.strategy_delete(strategy=Strategy(id=uuid.uuid4()), actor=actor)


def test_strategy_reorder__valid__sort_orders_and_event(feature, development, actor, events):
    first = _add(feature, development, actor)
    second = _add(feature, development, actor)
    services.strategy_reorder(
        feature=feature,
        environment=development,
        order={str(first.id): 1, str(second.id): 0},
        actor=actor,
    )
    assert Strategy.objects.get(pk=second.pk).sort_order == 0
    assert Strategy.objects.get(pk=first.pk).sort_order == 1
    event = events()[-1]
    assert event.type == "strategy-order-changed"
    assert event.pre_data == {str(first.id): 0, str(second.id): 1}
    assert event.data == {str(first.id): 1, str(second.id): 0}


def test_strategy_reorder__unknown_strategy__not_found(feature, development, actor):
    with pytest.raises(NotFound):
        services.strategy_reorder(
            feature=feature, environment=development, order={str(uuid.uuid4()): 0}, actor=actor
        )


@pytest.mark.parametrize("order", [[1, 2], {"x": "1"}])
def test_strategy_reorder__malformed_order__validation_error(
    feature, development, actor, events, order
):
    with pytest.raises(ValidationFailed):
        services.strategy_reorder(
            feature=feature, environment=development, order=order, actor=actor
        )
    assert events() == []
