"""Flag writes: create, update, stale, archive, revive, delete, clone."""

import pytest

from core.errors import Conflict, NotFound, ValidationFailed
from flags import services
from flags.models import Dependency, Feature, FeatureEnvironment
from flags.services.features import InvalidOperation
from tests.factories import ProjectFactory


def test_feature_create__valid__stores_flag_with_a_row_per_project_environment(
    default_project, actor
):
    feature = services.feature_create(
        project=default_project,
        name="checkout.v2",
        actor=actor,
        type="experiment",
        description="New checkout",
        impression_data=True,
    )
    feature.refresh_from_db()
    assert (feature.project_id, feature.type, feature.description) == (
        "default",
        "experiment",
        "New checkout",
    )
    assert feature.impression_data is True
    assert feature.created_by == actor.user
    states = FeatureEnvironment.objects.filter(feature=feature)
    assert sorted(s.environment_id for s in states) == ["development", "production"]
    assert not any(s.enabled for s in states)


def test_feature_create__valid__writes_feature_created_event(default_project, actor, events):
    services.feature_create(project=default_project, name="checkout.v2", actor=actor)
    [event] = events()
    assert event.type == "feature-created"
    assert (event.project, event.feature_name, event.environment) == ("default", "checkout.v2", "")
    assert (event.created_by, event.created_by_user, event.source) == ("admin", actor.user, "test")
    assert event.data == {
        "name": "checkout.v2",
        "project": "default",
        "type": "release",
        "description": "",
        "stale": False,
        "impressionData": False,
        "archived": False,
    }
    assert event.pre_data is None


def test_feature_create__project_given_by_id__accepted(actor, db):
    feature = services.feature_create(project="default", name="by-id", actor=actor)
    assert feature.project_id == "default"


def test_feature_create__unknown_project__not_found(actor, db):
    with pytest.raises(NotFound) as exc:
        services.feature_create(project="nope", name="orphan", actor=actor)
    assert exc.value.details[0]["path"] == "project"
    assert not Feature.objects.filter(name="orphan").exists()


@pytest.mark.parametrize("name", ["", "with space", "a/b", "q?x", "50%", "..", "x" * 256, None, 7])
def test_feature_create__bad_name__validation_error_on_name(default_project, actor, events, name):
    with pytest.raises(ValidationFailed) as exc:
        services.feature_create(project=default_project, name=name, actor=actor)
    assert exc.value.status == 400
    assert exc.value.details[0]["path"] == "name"
    assert events() == []


def test_feature_create__unicode_name__accepted(default_project, actor):
    feature = services.feature_create(project=default_project, name="café-🚀", actor=actor)
    assert Feature.objects.get(pk=feature.pk).name == "café-🚀"


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"type": "bogus"}, "type"),
        ({"impression_data": "yes"}, "impression_data"),
        ({"stale": 1}, "stale"),
        ({"description": 42}, "description"),
        ({"archived_at": None}, "archived_at"),
    ],
)
def test_feature_create__bad_field__validation_error_naming_it(
    default_project, actor, events, fields, path
):
    with pytest.raises(ValidationFailed) as exc:
        services.feature_create(project=default_project, name="f", actor=actor, **fields)
    assert [d["path"] for d in exc.value.details] == [path]
    assert not Feature.objects.filter(name="f").exists()
    assert events() == []


def test_feature_create__name_taken__conflict(feature, default_project, actor, events):
    with pytest.raises(Conflict) as exc:
        services.feature_create(project=default_project, name="checkout", actor=actor)
    assert exc.value.status == 409
    assert exc.value.details == [
        {"path": "name", "message": "a flag named 'checkout' already exists"}
    ]
    assert events() == []


def test_feature_create__name_taken_by_archived_flag__conflict(feature, default_project, actor):
    services.feature_archive(feature=feature, actor=actor)
    with pytest.raises(Conflict):
        services.feature_create(project=default_project, name="checkout", actor=actor)


def test_feature_create__project_with_one_environment__one_state_row(actor, development):
    project = ProjectFactory(id="mobile", environments=[development])
    feature = services.feature_create(project=project, name="m", actor=actor)
    assert list(feature.env_states.values_list("environment_id", flat=True)) == ["development"]


def test_feature_update__changed_fields__metadata_event_with_before_and_after(
    feature, actor, events
):
    services.feature_update(feature=feature, actor=actor, description="Pay", type="kill-switch")
    feature.refresh_from_db()
    assert (feature.description, feature.type) == ("Pay", "kill-switch")
    [event] = events()
    assert event.type == "feature-metadata-updated"
    assert event.feature_name == "checkout"
    assert (event.pre_data["description"], event.data["description"]) == ("", "Pay")
    assert (event.pre_data["type"], event.data["type"]) == ("release", "kill-switch")


def test_feature_update__nothing_changed__no_event(feature, actor, events):
    services.feature_update(feature=feature, actor=actor, description="")
    assert events() == []


def test_feature_update__rename_attempt__validation_error(feature, actor, events):
    with pytest.raises(ValidationFailed) as exc:
        services.feature_update(feature=feature, actor=actor, name="other")
    assert exc.value.details[0]["path"] == "name"
    assert Feature.objects.get(pk=feature.pk).name == "checkout"
    assert events() == []


def test_feature_update__deleted_flag__not_found(feature, actor):
    Feature.objects.filter(pk=feature.pk).delete()
    with pytest.raises(NotFound):
        services.feature_update(feature=feature, actor=actor, description="x")


def test_feature_set_stale__on_then_off__stale_events(feature, actor, events):
    services.feature_set_stale(feature=feature, stale=True, actor=actor)
    assert Feature.objects.get(pk=feature.pk).stale is True
    services.feature_set_stale(feature=feature, stale=False, actor=actor)
    on, off = events()
    assert (on.type, on.data, on.pre_data) == (
        "feature-stale-on",
        {"stale": True},
        {"stale": False},
    )
    assert (off.type, off.data) == ("feature-stale-off", {"stale": False})


def test_feature_set_stale__unchanged__no_event(feature, actor, events):
    services.feature_set_stale(feature=feature, stale=False, actor=actor)
    assert events() == []


def test_feature_set_stale__not_a_bool__validation_error(feature, actor, events):
    with pytest.raises(ValidationFailed) as exc:
        services.feature_set_stale(feature=feature, stale="yes", actor=actor)
    assert exc.value.details[0]["path"] == "stale"
    assert events() == []


def test_feature_archive__active_flag__archived_with_event(feature, actor, events):
    services.feature_archive(feature=feature, actor=actor)
    assert Feature.objects.get(pk=feature.pk).archived is True
    assert Feature.objects.active().filter(pk=feature.pk).count() == 0
    [event] = events()
    assert (event.type, event.project, event.feature_name) == (
        "feature-archived",
        "default",
        "checkout",
    )


def test_feature_archive__already_archived__no_second_event(feature, actor, events):
    services.feature_archive(feature=feature, actor=actor)
    services.feature_archive(feature=feature, actor=actor)
    assert [e.type for e in events()] == ["feature-archived"]


def test_feature_archive__parent_of_active_child__refused(feature, default_project, actor, events):
    child = services.feature_create(project=default_project, name="child", actor=actor)
    services.dependency_add(child=child, parent=feature, actor=actor)
    before = len(events())
    with pytest.raises(InvalidOperation) as exc:  # Unleash's 403 InvalidOperationError
        services.feature_archive(feature=feature, actor=actor)
    assert "child" in exc.value.message
    assert Feature.objects.get(pk=feature.pk).archived is False
    assert len(events()) == before


def test_feature_archive__child_with_parent__drops_its_dependencies(
    feature, default_project, actor, events
):
    child = services.feature_create(project=default_project, name="child", actor=actor)
    services.dependency_add(child=child, parent=feature, actor=actor)
    services.feature_archive(feature=child, actor=actor)
    assert not Dependency.objects.filter(child=child).exists()
    removed, archived = events()[-2:]
    assert (removed.type, removed.pre_data) == (
        "feature-dependencies-removed",
        {"features": ["checkout"]},
    )
    assert archived.type == "feature-archived"


def test_feature_revive__archived_flag__active_again_with_event(feature, actor, events):
    services.feature_archive(feature=feature, actor=actor)
    services.feature_revive(feature=feature, actor=actor)
    assert Feature.objects.get(pk=feature.pk).archived is False
    assert [e.type for e in events()] == ["feature-archived", "feature-revived"]


def test_feature_revive__active_flag__no_event(feature, actor, events):
    services.feature_revive(feature=feature, actor=actor)
    assert events() == []


def test_feature_delete__archived_flag__gone_with_snapshot_event(feature, actor, events):
    services.feature_archive(feature=feature, actor=actor)
    services.feature_delete(feature=feature, actor=actor)
    assert not Feature.objects.filter(pk=feature.pk).exists()
    event = events()[-1]
    assert (event.type, event.feature_name, event.project) == (
        "feature-deleted",
        "checkout",
        "default",
    )
    assert event.pre_data["name"] == "checkout" and event.pre_data["archived"] is True


def test_feature_delete__active_flag__refused(feature, actor, events):
    with pytest.raises(ValidationFailed):
        services.feature_delete(feature=feature, actor=actor)
    assert Feature.objects.filter(pk=feature.pk).exists()
    assert events() == []


def test_feature_clone__flag_with_strategies__copies_state_and_rewrites_group_id(
    feature, actor, development, events
):
    services.feature_set_enabled(
        feature=feature, environment=development, enabled=True, actor=actor
    )
    services.feature_set_variants(
        feature=feature,
        environment=development,
        variants=[{"name": "a"}, {"name": "b"}],
        actor=actor,
    )
    start = len(events())
    clone = services.feature_clone(feature=feature, name="checkout-copy", actor=actor)
    state = clone.env_states.get(environment=development)
    assert state.enabled is True
    assert [v["name"] for v in state.variants] == ["a", "b"]
    [strategy] = state.strategies.all()
    assert strategy.parameters["groupId"] == "checkout-copy"
    created, cloned = events()[start:]
    assert created.type == "feature-created"
    assert (cloned.type, cloned.data["source"], cloned.feature_name) == (
        "feature-cloned",
        "checkout",
        "checkout-copy",
    )


def test_feature_clone__name_taken__nothing_copied(feature, actor, events):
    with pytest.raises(Conflict):
        services.feature_clone(feature=feature, name="checkout", actor=actor)
    assert Feature.objects.count() == 1
    assert events() == []
