"""Issue 10 item 7 beyond the recorded scenario: default strategies, all-or-nothing batches,
maintenance, permissions, what SDKs are served afterwards, and hostile names."""

import threading

import pytest
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import Event
from flags import services
from flags.models import (
    Environment,
    Feature,
    FeatureEnvironment,
    Project,
    ProjectDefaultStrategy,
    Strategy,
)
from maintenance import services as maintenance_services
from tests.support.admin_api import ACTOR, Api, error, make_token, personal_token, role_user
from tests.support.fuzz import examples

D = "/api/admin/projects/default"
BULK_ON = f"{D}/bulk_features/environments/development/on"
DEFAULT_STRATEGY = f"{D}/environments/development/default-strategy"


@pytest.fixture
def api(db, development, production) -> Api:
    return Api(Client(), make_token("admin"))


def _flag(name: str) -> Feature:
    return services.feature_create(
        project=Project.objects.get(pk="default"), name=name, actor=ACTOR
    )


def _switch(flag: Feature, enabled: bool = True) -> None:
    development = Environment.objects.get(pk="development")
    services.feature_set_enabled(
        feature=flag, environment=development, enabled=enabled, actor=ACTOR
    )


def _strategies(name: str, environment: str = "development") -> list[Strategy]:
    return list(
        Strategy.objects.filter(
            feature_environment__feature__name=name,
            feature_environment__environment_id=environment,
        ).order_by("sort_order", "created_at")
    )


def _enabled(name: str, environment: str = "development") -> bool:
    return FeatureEnvironment.objects.get(feature__name=name, environment_id=environment).enabled


def test_default_strategy__set_then_switch_on__flag_gets_it_with_its_group(api):
    _flag("ds-flag")
    body = {
        "name": "flexibleRollout",
        "parameters": {"rollout": "40", "stickiness": "userId", "groupId": ""},
        "constraints": [{"contextName": "userId", "operator": "IN", "values": ["7"]}],
    }
    response = api.post(DEFAULT_STRATEGY, body)
    assert response.status_code == 200, response.content
    assert sorted(response.json()) == ["constraints", "name", "parameters"]
    assert api.post(f"{D}/features/ds-flag/environments/development/on").status_code == 200
    (strategy,) = _strategies("ds-flag")
    # An empty groupId stands for the flag's name, as in Unleash.
    assert strategy.parameters == {"rollout": "40", "stickiness": "userId", "groupId": "ds-flag"}
    assert [c["values"] for c in strategy.constraints] == [["7"]]
    event = Event.objects.get(type="default-strategy-updated", project="default")
    assert (event.environment, event.pre_data) == ("development", None)
    assert event.data["parameters"]["rollout"] == "40"


def test_default_strategy__sort_order_given__event_in_unleash_names(api):
    api.post(DEFAULT_STRATEGY, {"name": "flexibleRollout", "sortOrder": 3})
    api.post(DEFAULT_STRATEGY, {"name": "flexibleRollout", "sortOrder": 4})
    event = Event.objects.filter(type="default-strategy-updated").latest("id")
    assert (event.pre_data, event.data) == (
        {"name": "flexibleRollout", "sortOrder": 3},
        {"name": "flexibleRollout", "sortOrder": 4},
    )


def test_default_strategy__not_flexible_rollout__400_nothing_stored(api):
    error(api.post(DEFAULT_STRATEGY, {"name": "default"}), 400)
    assert not ProjectDefaultStrategy.objects.exists()


def test_default_strategy__bad_constraint__400_naming_field(api):
    body = {"name": "flexibleRollout", "constraints": [{"contextName": "x", "operator": "NOPE"}]}
    details = error(api.post(DEFAULT_STRATEGY, body), 400)["details"]
    assert details[0]["path"].startswith("constraints")


def test_default_strategy__environment_removed_from_project__forgotten(api):
    api.post(f"{D}/environments/production/default-strategy", {"name": "flexibleRollout"})
    assert ProjectDefaultStrategy.objects.filter(environment_id="production").exists()
    assert api.delete(f"{D}/environments/production").status_code == 200
    assert not ProjectDefaultStrategy.objects.filter(environment_id="production").exists()


def test_switch_on__already_on_with_only_disabled_strategies__default_added(api):
    _switch(_flag("on-flag"))
    (first,) = _strategies("on-flag")
    services.strategy_update(strategy=first, disabled=True, actor=ACTOR)
    assert api.post(f"{D}/features/on-flag/environments/development/on").status_code == 200
    assert [s.disabled for s in _strategies("on-flag")] == [True, False]


def test_bulk_on__one_archived_flag__nothing_switched_no_event(api):
    _flag("bulk-ok")
    archived = _flag("bulk-archived")
    services.feature_archive(feature=archived, actor=ACTOR)
    before = Event.objects.count()
    error(api.post(BULK_ON, {"features": ["bulk-ok", "bulk-archived"]}), 400)
    assert _enabled("bulk-ok") is False
    assert _strategies("bulk-ok") == []
    assert Event.objects.count() == before


def test_bulk_on__then_client_api__flags_served_on(api):
    _flag("served-1")
    _flag("served-2")
    assert api.post(BULK_ON, {"features": ["served-1", "served-2"]}).status_code == 200
    client = Client(HTTP_AUTHORIZATION=make_token("backend"))
    features = {f["name"]: f for f in client.get("/api/client/features").json()["features"]}
    assert features["served-1"]["enabled"] and features["served-2"]["enabled"]
    assert features["served-1"]["strategies"][0]["name"] == "flexibleRollout"


def test_bulk_on__maintenance_on__503_nothing_switched(api, django_capture_on_commit_callbacks):
    _flag("maint-flag")
    with django_capture_on_commit_callbacks(execute=True):
        maintenance_services.set_maintenance(enabled=True, message="Later", actor=ACTOR)
    error(api.post(BULK_ON, {"features": ["maint-flag"]}), 503)
    error(api.post(f"{D}/archive", {"features": ["maint-flag"]}), 503)
    assert _enabled("maint-flag") is False
    assert not Feature.objects.archived().exists()
    assert api.get(f"{D}/features/maint-flag/environments/development").status_code == 200


def test_archive_batch__one_parent_of_outside_child__403_nothing_archived(api):
    _flag("free-flag")
    parent, child = _flag("parent-flag"), _flag("child-flag")
    services.dependency_add(child=child, parent=parent, actor=ACTOR)
    body = error(api.post(f"{D}/archive", {"features": ["free-flag", "parent-flag"]}), 403)
    assert body["name"] == "InvalidOperationError"
    assert Feature.objects.archived().count() == 0


def test_revive_batch__flag_was_on__comes_back_off(api):
    flag = _flag("was-on")
    _switch(flag)
    services.feature_archive(feature=flag, actor=ACTOR)
    assert api.post(f"{D}/revive", {"features": ["was-on"]}).status_code == 200
    assert Feature.objects.active().filter(name="was-on").exists()
    assert _enabled("was-on") is False


def test_lifecycle_writes__viewer__403(db, development, django_user_model):
    viewer = role_user(django_user_model, "viewer", "Viewer")
    viewer_api = Api(Client(), personal_token(viewer))
    _flag("viewer-flag")
    error(viewer_api.post(BULK_ON, {"features": ["viewer-flag"]}), 403)
    error(viewer_api.post(f"{D}/archive", {"features": ["viewer-flag"]}), 403)
    error(viewer_api.post(DEFAULT_STRATEGY, {"name": "flexibleRollout"}), 403)
    error(viewer_api.post("/api/admin/archive/revive/viewer-flag"), 403)
    assert viewer_api.get(f"{D}/features/viewer-flag/environments/development").status_code == 200


def test_openapi__lifecycle_operations__documented(openapi_document, db):
    schema = openapi_document
    operations = {
        operation["operationId"]
        for methods in schema["paths"].values()
        for operation in methods.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    assert {
        "archiveFeatures",
        "validateArchiveFeatures",
        "reviveFeature",
        "deleteFeature",
        "bulkToggleFeaturesEnvironmentOn",
        "bulkToggleFeaturesEnvironmentOff",
        "getFeatureEnvironment",
        "overwriteFeatureVariantsOnEnvironments",
        "checkDependenciesExist",
        "listParentOptions",
        "listParentVariantOptions",
        "addDefaultStrategyToProjectEnvironment",
    } <= operations


HOSTILE = st.one_of(
    st.text(min_size=0, max_size=300),
    st.sampled_from(["a\x00b", "\ud800", "x" * 256, "", " "]),
)


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(names=st.lists(HOSTILE, max_size=4))
def test_batches__any_names__clean_answer_never_500(api, names):
    for path in (BULK_ON, f"{D}/archive", f"{D}/archive/validate", f"{D}/delete", f"{D}/revive"):
        response = api.post(path, {"features": names})
        assert response.status_code in {200, 202, 400, 404}, (path, names, response.content)
        if response.status_code == 400:
            assert response.json()["details"][0]["path"].startswith("features")


@pytest.mark.django_db(transaction=True)
def test_bulk_on__two_batches_at_once_opposite_order__both_200_one_strategy_each():
    names = [f"race-{i:02d}" for i in range(15)]
    for name in names:
        _flag(name)
    token = make_token("admin")
    barrier, statuses = threading.Barrier(2), []

    def switch_on(order):
        barrier.wait()
        try:
            response = Api(Client(), token).post(BULK_ON, {"features": order})
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=switch_on, args=(o,)) for o in (names, names[::-1])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [200, 200]
    assert all(_enabled(name) for name in names)
    assert {len(_strategies(name)) for name in names} == {1}
