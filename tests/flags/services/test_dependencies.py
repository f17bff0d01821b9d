"""Dependencies between flags: one level, same project, no self-reference."""

import pytest

from core.errors import NotFound, ValidationFailed
from flags import services
from flags.models import Dependency
from tests.factories import ProjectFactory


@pytest.fixture
def child(default_project, actor):
    return services.feature_create(project=default_project, name="child", actor=actor)


def test_dependency_add__valid__stored_with_event(feature, child, actor, events):
    services.dependency_add(child=child, parent=feature, actor=actor, variants=["blue"])
    dependency = Dependency.objects.get(child=child)
    assert (dependency.parent, dependency.enabled, dependency.variants) == (feature, True, ["blue"])
    [event] = events()
    assert (event.type, event.feature_name, event.project) == (
        "feature-dependency-added",
        "child",
        "default",
    )
    assert event.data == {"feature": "checkout", "enabled": True, "variants": ["blue"]}


def test_dependency_add__parent_disabled__variants_dropped(feature, child, actor):
    services.dependency_add(child=child, parent=feature, actor=actor, enabled=False, variants=["a"])
    assert Dependency.objects.get(child=child).variants == []


def test_dependency_add__again__updated_not_duplicated(feature, child, actor):
    services.dependency_add(child=child, parent=feature, actor=actor)
    services.dependency_add(child=child, parent=feature, actor=actor, enabled=False)
    assert Dependency.objects.get(child=child).enabled is False


def test_dependency_add__self__refused(feature, actor, events):
    with pytest.raises(ValidationFailed):
        services.dependency_add(child=feature, parent=feature, actor=actor)
    assert events() == []


def test_dependency_add__other_project__refused(feature, actor):
    other = ProjectFactory(id="other")
    foreign = services.feature_create(project=other, name="foreign", actor=actor)
    with pytest.raises(ValidationFailed) as exc:
        services.dependency_add(child=foreign, parent=feature, actor=actor)
    assert "same project" in exc.value.message


def test_dependency_add__parent_has_parent__refused(feature, child, default_project, actor):
    services.dependency_add(child=child, parent=feature, actor=actor)
    grandchild = services.feature_create(project=default_project, name="gc", actor=actor)
    with pytest.raises(ValidationFailed):
        services.dependency_add(child=grandchild, parent=child, actor=actor)
    assert not Dependency.objects.filter(child=grandchild).exists()


def test_dependency_add__child_is_a_parent__refused(feature, child, default_project, actor):
    services.dependency_add(child=child, parent=feature, actor=actor)
    top = services.feature_create(project=default_project, name="top", actor=actor)
    with pytest.raises(ValidationFailed):
        services.dependency_add(child=feature, parent=top, actor=actor)


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"enabled": "yes"}, "enabled"),
        ({"variants": "blue"}, "variants"),
        ({"variants": [1]}, "variants"),
    ],
)
def test_dependency_add__bad_field__validation_error(feature, child, actor, kwargs, path):
    with pytest.raises(ValidationFailed) as exc:
        services.dependency_add(child=child, parent=feature, actor=actor, **kwargs)
    assert exc.value.details[0]["path"] == path
    assert not Dependency.objects.exists()


def test_dependency_remove__one__removed_with_event(feature, child, actor, events):
    services.dependency_add(child=child, parent=feature, actor=actor)
    services.dependency_remove(child=child, parent=feature, actor=actor)
    assert not Dependency.objects.exists()
    event = events()[-1]
    assert (event.type, event.pre_data) == (
        "feature-dependency-removed",
        {"features": ["checkout"]},
    )


def test_dependency_remove__all__one_event(feature, child, actor, events):
    services.dependency_add(child=child, parent=feature, actor=actor)
    services.dependency_remove(child=child, parent=None, actor=actor)
    assert not Dependency.objects.exists()
    assert events()[-1].type == "feature-dependencies-removed"


def test_dependency_remove__absent__not_found(feature, child, actor, events):
    with pytest.raises(NotFound):
        services.dependency_remove(child=child, parent=feature, actor=actor)
    assert events() == []
