"""Built-in context fields, legal values, the project-scoped context routes, the strategies
that use a field, flag types with lifetimes, and migration 0004 on existing data."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.actors import Actor
from core.errors import Conflict, NotFound, ValidationFailed
from core.models import Event
from flags import services
from flags.builtins import CONTEXT_FIELDS, FEATURE_TYPES
from flags.models import ContextField, FeatureTypeDefinition
from flags.services import context_fields
from flags.services.strategy_definitions import feature_type_set_lifetime
from tests.support.fuzz import examples

ACTOR = Actor.system("test")
P = "/api/admin/projects/default/context"


@pytest.fixture
def api(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def _send(client, method, path, body=None):
    data = {} if body is None else {"data": json.dumps(body)}
    return getattr(client, method)(path, content_type="application/json", **data)


@pytest.fixture
def region(db):
    return services.context_field_create(name="region", legal_values=["eu"], actor=ACTOR)


def test_builtin_fields__fresh_install__as_unleash_shows_them(db):
    stored = {f.name: f for f in ContextField.objects.all()}
    for name, description, stickiness, order in CONTEXT_FIELDS:
        field = stored[name]
        assert (field.description, field.stickiness, field.sort_order) == (
            description,
            stickiness,
            order,
        )
        assert field.project_id is None


def test_seed_builtins__run_again__idempotent_and_keeps_edits(db):
    from flags.builtins import seed_builtins

    ContextField.objects.filter(name="userId").update(description="ours")
    seed_builtins()
    assert ContextField.objects.filter(name="userId").count() == 1
    assert ContextField.objects.get(name="userId").description == "ours"


def test_legal_values__add_replace_delete__stored_with_events(api, region):
    url = "/api/admin/context/region/legal-values"
    assert _send(api, "post", url, {"value": "us", "description": "USA"}).status_code == 200
    assert _send(api, "post", url, {"value": "us", "description": "States"}).status_code == 200
    assert _send(api, "delete", f"{url}/eu").status_code == 200
    assert _send(api, "delete", f"{url}/never-there").status_code == 200
    assert ContextField.objects.get(name="region").legal_values == [
        {"value": "us", "description": "States"}
    ]
    assert Event.objects.filter(type="context-field-updated").count() == 3


@pytest.mark.parametrize(
    ("body", "path"),
    [({"value": ""}, "value"), ({"value": "x" * 101}, "value"), ({"value": "a\x00"}, "value")],
)
def test_legal_value_add__bad_value__400_naming_value(api, region, body, path):
    response = _send(api, "post", "/api/admin/context/region/legal-values", body)
    assert response.status_code == 400
    assert path in [d.get("path") for d in response.json()["details"]]
    assert ContextField.objects.get(name="region").legal_values == [{"value": "eu"}]


def test_legal_value_add__unknown_field__404(api, db):
    response = _send(api, "post", "/api/admin/context/nope/legal-values", {"value": "a"})
    assert response.status_code == 404


def _flag_constrained_on(name: str, default_project, development):
    flag = services.feature_create(project=default_project, name="checkout", actor=ACTOR)
    constraint = {"contextName": name, "operator": "IN", "values": ["eu"]}
    return flag, services.strategy_add(
        feature=flag, environment=development, name="default", constraints=[constraint], actor=ACTOR
    )


def test_field_strategies__in_use__listed_and_delete_refused(
    api, region, default_project, development
):
    flag, strategy = _flag_constrained_on("region", default_project, development)
    body = _send(api, "get", "/api/admin/context/region/strategies").json()
    assert body == {
        "strategies": [
            {
                "id": str(strategy.pk),
                "projectId": "default",
                "featureName": "checkout",
                "strategyName": "default",
                "environment": "development",
            }
        ]
    }
    listed = {f["name"]: f for f in _send(api, "get", "/api/admin/context").json()}
    assert (listed["region"]["usedInFeatures"], listed["region"]["usedInProjects"]) == (1, 1)
    with pytest.raises(Conflict):
        services.context_field_delete(field=region, actor=ACTOR)
    services.feature_archive(feature=flag, actor=ACTOR)
    services.context_field_delete(field=region, actor=ACTOR)  # archived flags do not count


def test_field_strategies__unknown_field__empty_list(api, db):
    assert _send(api, "get", "/api/admin/context/nope/strategies").json() == {"strategies": []}


def test_project_context__create_list_scoped__global_list_hides_it(api, default_project):
    created = _send(api, "post", P, {"name": "tier", "description": "d"})
    assert created.status_code == 201
    assert created.json()["project"] == "default"
    assert [f["name"] for f in _send(api, "get", P).json()] == ["tier"]
    with_root = [f["name"] for f in _send(api, "get", f"{P}?include=root").json()]
    assert "tier" in with_root and "appName" in with_root
    assert "tier" not in [f["name"] for f in _send(api, "get", "/api/admin/context").json()]
    everything = _send(api, "get", "/api/admin/context?include=project").json()
    assert "tier" in [f["name"] for f in everything]
    assert "project" not in _send(api, "get", "/api/admin/context/appName").json()


def test_project_context__global_field_through_project__404_unchanged(api, default_project):
    assert _send(api, "put", f"{P}/appName", {"name": "appName"}).status_code == 404
    assert _send(api, "post", f"{P}/appName/legal-values", {"value": "v"}).status_code == 404
    assert _send(api, "delete", f"{P}/appName").status_code == 404
    assert ContextField.objects.get(name="appName").legal_values == []


def test_project_context__update_legal_value_delete__only_own_field(api, default_project):
    _send(api, "post", P, {"name": "tier"})
    assert _send(api, "put", f"{P}/tier", {"description": "e"}).status_code == 200
    assert _send(api, "post", f"{P}/tier/legal-values", {"value": "v"}).status_code == 200
    assert ContextField.objects.get(name="tier").legal_values == [{"value": "v"}]
    assert _send(api, "post", f"{P}/validate", {"name": "tier"}).status_code == 409
    assert _send(api, "delete", f"{P}/tier").status_code == 200
    assert _send(api, "delete", f"{P}/tier").status_code == 404


def test_project_context__unknown_project__create_404(db):
    with pytest.raises(NotFound):
        services.context_field_create(name="tier", project="nope", actor=ACTOR)


def test_feature_types__list__unleash_types_in_order(api, db):
    body = _send(api, "get", "/api/admin/feature-types").json()
    assert body["version"] == 1
    assert [(t["id"], t["lifetimeDays"]) for t in body["types"]] == [
        (key, lifetime) for key, _name, _description, lifetime in FEATURE_TYPES
    ]


@pytest.mark.parametrize(("sent", "stored"), [(30, 30), (0, None), (None, None)])
def test_feature_type_lifetime__set__stored_with_event(api, db, sent, stored):
    url = "/api/admin/feature-types/RELEASE/lifetime"
    response = _send(api, "put", url, {"lifetimeDays": sent})
    assert response.status_code == 200
    assert response.json()["lifetimeDays"] == stored
    assert FeatureTypeDefinition.objects.get(id="release").lifetime_days == stored
    assert Event.objects.filter(type="feature-type-updated").exists()


@pytest.mark.parametrize("days", [-1, "x", True, 2**31])
def test_feature_type_lifetime__bad_value__refused_unchanged(db, days):
    with pytest.raises(ValidationFailed):
        feature_type_set_lifetime(type_id="release", lifetime_days=days, actor=ACTOR)
    assert FeatureTypeDefinition.objects.get(id="release").lifetime_days == 40


def test_feature_type_lifetime__unknown_type__404(api, db):
    response = _send(api, "put", "/api/admin/feature-types/nope/lifetime", {"lifetimeDays": 3})
    assert response.status_code == 404


def test_flag_type__sunset__accepted(default_project):
    flag = services.feature_create(project=default_project, name="old", type="sunset", actor=ACTOR)
    assert flag.type == "sunset"


@pytest.mark.django_db(transaction=True)
def test_migration_0004__strategy_names_in_use__defined_as_custom_types():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate([("flags", "0003_banner")])
    old = executor.loader.project_state([("flags", "0003_banner")]).apps
    project = old.get_model("flags", "Project").objects.get(pk="default")
    flag = old.get_model("flags", "Feature").objects.create(name="legacy", project=project)
    state = old.get_model("flags", "FeatureEnvironment").objects.create(
        feature=flag, environment_id="development"
    )
    Strategy = old.get_model("flags", "Strategy")
    Strategy.objects.create(feature_environment=state, name="myRule", parameters={"b": "1"})
    Strategy.objects.create(feature_environment=state, name="userWithId", parameters={})
    try:
        executor = MigrationExecutor(connection)
        executor.migrate([("flags", "0004_st_strategy_definitions")])
        new = executor.loader.project_state([("flags", "0004_st_strategy_definitions")]).apps
        Definition = new.get_model("flags", "StrategyDefinition")
        custom = Definition.objects.get(name="myRule")
        assert not custom.built_in and [p["name"] for p in custom.parameters] == ["b"]
        assert Definition.objects.get(name="userWithId").built_in
    finally:
        MigrationExecutor(connection).migrate(latest)


def test_context_field_usage__no_strategies__empty(db):
    assert context_fields.context_field_usage() == {}


ST_OPERATIONS = {
    "getAllStrategies",
    "getStrategy",
    "createStrategy",
    "updateStrategy",
    "removeStrategy",
    "deprecateStrategy",
    "reactivateStrategy",
    "getAllFeatureTypes",
    "updateFeatureTypeLifetime",
    "updateContextFieldLegalValue",
    "deleteContextFieldLegalValue",
    "getStrategiesByContextField",
}
PROJECT_CONTEXT = {
    "getContextFields",
    "getContextField",
    "createContextField",
    "updateContextField",
    "deleteContextField",
    "validateContextFieldName",
    "updateContextFieldLegalValue",
    "deleteContextFieldLegalValue",
    "getStrategiesByContextField",
}


def test_openapi__strategy_type_and_context_operations__documented_with_unleash_ids(
    openapi_document, api
):
    document = openapi_document
    ids = {
        operation["operationId"]
        for item in document["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    assert ST_OPERATIONS | {f"{op}ForProject" for op in PROJECT_CONTEXT} <= ids


def test_context_create__global_route_with_project__scoped_field(api, default_project):
    created = _send(api, "post", "/api/admin/context", {"name": "tier", "project": "default"})
    assert created.status_code == 201
    assert ContextField.objects.get(name="tier").project_id == "default"


@settings(max_examples=examples(40), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1))
def test_legal_value__any_text_added_then_deleted__list_as_before(region, value):
    before = ContextField.objects.get(name="region").legal_values
    if len(value) > 100 or any(v["value"] == value for v in before):
        return
    field = context_fields.legal_value_put(field=region, value=value, actor=ACTOR)
    assert field.legal_values[-1] == {"value": value}
    context_fields.legal_value_delete(field=region, value=value, actor=ACTOR)
    assert ContextField.objects.get(name="region").legal_values == before
