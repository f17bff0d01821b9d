"""Project and environment writes."""

import pytest

from core.errors import Conflict, NotFound, ValidationFailed
from flags import services
from flags.models import Environment, FeatureEnvironment, Project


@pytest.fixture
def project(actor, development):
    return services.project_create(
        id="mobile", name="Mobile", actor=actor, environments=[development]
    )


def test_project_create__valid__stored_with_event(actor, events, db):
    project = services.project_create(id="web", name="Web", actor=actor, description="Site")
    assert sorted(project.environments.values_list("name", flat=True)) == [
        "development",
        "production",
    ]
    [event] = events()
    assert (event.type, event.project) == ("project-created", "web")
    assert event.data == {
        "id": "web",
        "name": "Web",
        "description": "Site",
        "environments": ["development", "production"],
    }


def test_project_create__environment_names__accepted(actor, db):
    project = services.project_create(id="p", name="P", actor=actor, environments=["production"])
    assert list(project.environments.values_list("name", flat=True)) == ["production"]


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"id": "has space", "name": "x"}, "id"),
        ({"id": "ok", "name": ""}, "name"),
        ({"id": "ok", "name": "x", "description": 5}, "description"),
        ({"id": "ok", "name": "x", "environments": ["staging"]}, "environments"),
        ({"id": "ok", "name": "x", "environments": "production"}, "environments"),
    ],
)
def test_project_create__bad_field__validation_error(actor, events, db, kwargs, path):
    with pytest.raises(ValidationFailed) as exc:
        services.project_create(actor=actor, **kwargs)
    assert exc.value.details[0]["path"] == path
    assert not Project.objects.filter(pk="ok").exists()
    assert events() == []


def test_project_create__id_taken__conflict(actor, db):
    with pytest.raises(Conflict):
        services.project_create(id="default", name="Again", actor=actor)


def test_project_update__changed__event_with_before(project, actor, events):
    services.project_update(project=project, actor=actor, name="Apps")
    assert Project.objects.get(pk="mobile").name == "Apps"
    [event] = events()
    assert (event.type, event.pre_data["name"], event.data["name"]) == (
        "project-updated",
        "Mobile",
        "Apps",
    )


def test_project_update__unchanged__no_event(project, actor, events):
    services.project_update(project=project, actor=actor, name="Mobile")
    assert events() == []


def test_project_update__blank_name__validation_error(project, actor, events):
    with pytest.raises(ValidationFailed):
        services.project_update(project=project, actor=actor, name=" ")
    assert events() == []


def test_project_delete__empty__removed_with_event(project, actor, events):
    services.project_delete(project=project, actor=actor)
    assert not Project.objects.filter(pk="mobile").exists()
    [event] = events()
    assert (event.type, event.project, event.pre_data["name"]) == (
        "project-deleted",
        "mobile",
        "Mobile",
    )


def test_project_delete__default__refused(default_project, actor):
    with pytest.raises(ValidationFailed):
        services.project_delete(project=default_project, actor=actor)


def test_project_delete__has_archived_flag__refused(project, actor):
    flag = services.feature_create(project=project, name="m", actor=actor)
    services.feature_archive(feature=flag, actor=actor)
    with pytest.raises(ValidationFailed):
        services.project_delete(project=project, actor=actor)


def test_project_delete__has_segment__refused_not_500(project, actor):
    services.segment_create(name="s", project=project, actor=actor)
    with pytest.raises(ValidationFailed):
        services.project_delete(project=project, actor=actor)
    assert Project.objects.filter(pk="mobile").exists()


def test_project_delete__already_gone__not_found(project, actor):
    Project.objects.filter(pk="mobile").delete()
    with pytest.raises(NotFound):
        services.project_delete(project=project, actor=actor)


def test_project_environment_add__new__state_rows_for_flags_and_event(
    project, production, actor, events
):
    flag = services.feature_create(project=project, name="m", actor=actor)
    start = len(events())
    services.project_environment_add(project=project, environment=production, actor=actor)
    assert FeatureEnvironment.objects.filter(feature=flag, environment=production).exists()
    [event] = events()[start:]
    assert (event.type, event.project, event.environment) == (
        "project-environment-added",
        "mobile",
        "production",
    )


def test_project_environment_add__already_there__no_event(project, development, actor, events):
    services.project_environment_add(project=project, environment=development, actor=actor)
    assert events() == []


def test_project_environment_remove__used__state_rows_dropped_with_event(
    default_project, production, feature, actor, events
):
    services.project_environment_remove(
        project=default_project, environment=production, actor=actor
    )
    assert not FeatureEnvironment.objects.filter(feature=feature, environment=production).exists()
    assert events()[-1].type == "project-environment-removed"


def test_project_environment_remove__last_one__refused(project, development, actor):
    with pytest.raises(ValidationFailed):
        services.project_environment_remove(project=project, environment=development, actor=actor)
    assert project.environments.count() == 1


def test_project_environment_remove__not_in_project__no_event(project, production, actor, events):
    services.project_environment_remove(project=project, environment=production, actor=actor)
    assert events() == []


def test_environment_create__valid__stored_with_event(actor, events, db):
    services.environment_create(name="staging", type="test", sort_order=150, actor=actor)
    assert Environment.objects.get(pk="staging").type == "test"
    [event] = events()
    assert (event.type, event.environment, event.data) == (
        "environment-created",
        "staging",
        {"name": "staging", "type": "test", "sortOrder": 150},
    )


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"name": "a b"}, "name"),
        ({"name": "ok", "type": "qa"}, "type"),
        ({"name": "ok", "sort_order": "1"}, "sortOrder"),
    ],
)
def test_environment_create__bad_field__validation_error(actor, db, kwargs, path):
    with pytest.raises(ValidationFailed) as exc:
        services.environment_create(actor=actor, **kwargs)
    assert exc.value.details[0]["path"] == path
    assert not Environment.objects.filter(pk="ok").exists()


def test_environment_create__name_taken__conflict(actor, development):
    with pytest.raises(Conflict):
        services.environment_create(name="development", actor=actor)


def test_environment_set_enabled__off__event(development, actor, events):
    services.environment_set_enabled(environment=development, enabled=False, actor=actor)
    assert Environment.objects.get(pk="development").enabled is False
    [event] = events()
    assert (event.type, event.environment, event.data) == (
        "environment-disabled",
        "development",
        {"enabled": False},
    )


def test_environment_set_enabled__unchanged__no_event(development, actor, events):
    services.environment_set_enabled(environment=development, enabled=True, actor=actor)
    assert events() == []


def test_environment_set_enabled__not_a_bool__validation_error(development, actor):
    with pytest.raises(ValidationFailed):
        services.environment_set_enabled(environment=development, enabled="off", actor=actor)
