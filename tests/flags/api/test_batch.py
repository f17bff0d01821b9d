"""features-batch export, validate and import over HTTP, with Unleash's rules."""

import json

import pytest
from rest_framework.test import APIClient

from core.models import Event
from flags import services
from flags.models import ContextField, Feature, Segment
from flags.payload.builder import build_body
from flags.payload.query import PayloadQuery

EXPORT = "/api/admin/features-batch/export"
VALIDATE = "/api/admin/features-batch/validate"
IMPORT = "/api/admin/features-batch/import"


@pytest.fixture
def client(admin_user):
    api = APIClient()
    api.force_login(admin_user)
    return api


@pytest.fixture
def source(default_project, development, actor):
    """Two flags in development: strategies, a segment, legal values, variants, tags, a parent."""
    services.context_field_create(
        actor=actor, name="region", legal_values=[{"value": "eu"}, {"value": "us"}]
    )
    segment = services.segment_create(
        actor=actor,
        name="beta-users",
        constraints=[{"contextName": "userId", "operator": "IN", "values": ["1", "2"]}],
    )
    parent = services.feature_create(project=default_project, name="parent", actor=actor)
    child = services.feature_create(
        project=default_project, name="child", actor=actor, description="the child"
    )
    services.strategy_add(
        feature=child,
        environment=development,
        actor=actor,
        name="flexibleRollout",
        parameters={"rollout": "50", "stickiness": "region", "groupId": "child"},
        constraints=[{"contextName": "region", "operator": "IN", "values": ["eu"]}],
        segments=[segment.id],
    )
    services.strategy_add(
        feature=child,
        environment=development,
        actor=actor,
        name="userWithId",
        parameters={"userIds": "7,8"},
    )
    services.feature_set_variants(
        feature=child,
        environment=development,
        actor=actor,
        variants=[{"name": "a", "weight": 500}, {"name": "b", "weight": 500}],
    )
    services.tag_type_create(name="team", actor=actor)
    services.feature_tag_add(feature=child, type="team", value="checkout", actor=actor)
    services.feature_set_enabled(feature=parent, environment=development, enabled=True, actor=actor)
    services.feature_set_enabled(feature=child, environment=development, enabled=True, actor=actor)
    services.dependency_add(child=child, parent=parent, actor=actor)
    return ["parent", "child"]


def _client_body(environment: str) -> dict:
    body = build_body(PayloadQuery(environment=environment, projects=None))
    body.pop("query", None)
    for feature in body["features"]:
        for strategy in feature.get("strategies", []):
            strategy.pop("id", None)  # fresh ids on import; everything else must match
    return body


def test_export__two_flags__unleash_shape(client, source):
    response = client.post(
        EXPORT, {"features": source, "environment": "development"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert sorted(body) == sorted(
        [
            "features",
            "featureStrategies",
            "featureEnvironments",
            "contextFields",
            "featureTags",
            "segments",
            "tagTypes",
            "dependencies",
            "links",
        ]
    )
    assert [f["name"] for f in body["features"]] == ["parent", "child"]
    assert body["segments"] == [{"id": Segment.objects.get().id, "name": "beta-users"}]
    assert [c["name"] for c in body["contextFields"]] == ["region"]
    assert body["featureTags"] == [
        {"featureName": "child", "tagType": "team", "tagValue": "checkout"}
    ]
    assert body["dependencies"] == [
        {
            "feature": "child",
            "dependencies": [{"feature": "parent", "enabled": True, "variants": []}],
        }
    ]
    assert Event.objects.filter(type="features-exported").count() == 1


def test_export__unknown_flag__404(client, source):
    response = client.post(
        EXPORT, {"features": ["nope"], "environment": "development"}, format="json"
    )
    assert response.status_code == 404
    assert response.json()["details"][0]["path"] == "features"


def test_export__download_file__attachment_header(client, source):
    body = {"features": source, "environment": "development", "downloadFile": True}
    response = client.post(EXPORT, body, format="json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_export__by_tag__only_tagged_flags(client, source):
    response = client.post(
        EXPORT, {"tag": "team:checkout", "environment": "development"}, format="json"
    )
    assert [f["name"] for f in response.json()["features"]] == ["child"]


def test_round_trip__export_then_import_into_production__same_client_body(client, source):
    exported = client.post(
        EXPORT, {"features": source, "environment": "development"}, format="json"
    ).json()
    body = {"project": "default", "environment": "production", "data": exported}
    validation = client.post(VALIDATE, body, format="json").json()
    assert validation["errors"] == []
    assert client.post(IMPORT, body, format="json").status_code == 200
    assert _client_body("production") == _client_body("development")
    assert Event.objects.filter(type="features-imported", environment="production").exists()


def test_round_trip__into_empty_instance__flags_and_context_created(client, source, actor):
    exported = client.post(
        EXPORT, {"features": source, "environment": "development"}, format="json"
    ).json()
    before = _client_body("development")
    for name in ("child", "parent"):
        feature = Feature.objects.get(name=name)
        services.feature_archive(feature=feature, actor=actor)
        services.feature_delete(feature=feature, actor=actor)
    services.context_field_delete(field=ContextField.objects.get(name="region"), actor=actor)
    body = {"project": "default", "environment": "development", "data": exported}
    response = client.post(IMPORT, body, format="json")
    assert response.status_code == 200, response.json()
    assert _client_body("development") == before
    assert ContextField.objects.get(name="region").legal_values[0]["value"] == "eu"


def test_validate__missing_segment_and_legal_value__errors(client, source, actor):
    exported = client.post(
        EXPORT, {"features": source, "environment": "development"}, format="json"
    ).json()
    exported["segments"] = [{"id": exported["segments"][0]["id"], "name": "gone"}]
    exported["contextFields"][0]["legalValues"].append({"value": "mars"})
    body = {"project": "default", "environment": "production", "data": exported}
    response = client.post(VALIDATE, body, format="json")
    assert response.status_code == 200
    affected = [e["affectedItems"] for e in response.json()["errors"]]
    assert ["gone"] in affected
    assert ["region"] in affected
    refused = client.post(IMPORT, body, format="json")
    assert refused.status_code == 400
    assert (
        Feature.objects.filter(name="child")
        .get()
        .env_states.get(environment="production")
        .strategies.count()
        == 0
    )


def test_validate__existing_and_archived__warnings(client, source, actor):
    services.feature_archive(feature=Feature.objects.get(name="child"), actor=actor)
    exported = {
        "features": [{"name": "child", "type": "release"}, {"name": "parent", "type": "release"}],
        "featureStrategies": [],
    }
    body = {"project": "default", "environment": "production", "data": exported}
    warnings = client.post(VALIDATE, body, format="json").json()["warnings"]
    affected = [w["affectedItems"] for w in warnings]
    assert ["child"] in affected and ["parent"] in affected
    assert client.post(IMPORT, body, format="json").status_code == 200
    assert Feature.objects.get(name="child").archived


def test_import__flag_of_another_project__400(client, source, actor):
    other = services.project_create(id="other", name="Other", actor=actor)
    body = {
        "project": other.id,
        "environment": "development",
        "data": {"features": [{"name": "child", "type": "release"}], "featureStrategies": []},
    }
    validation = client.post(VALIDATE, body, format="json").json()
    assert validation["errors"][0]["affectedItems"] == ["child (in project default)"]
    response = client.post(IMPORT, body, format="json")
    assert response.status_code == 400
    assert Feature.objects.get(name="child").project_id == "default"


def test_import__body_over_500_kb__413(client, db):
    body = json.dumps(
        {
            "project": "default",
            "environment": "development",
            "data": {"features": []},
            "pad": "x" * 520_000,
        }
    )
    response = client.post(IMPORT, body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["name"] == "ContentTooLargeError"


def test_import__bad_shape__400_names_field(client, db):
    response = client.post(IMPORT, {"project": "default", "data": {}}, format="json")
    assert response.status_code == 400
    paths = [d["path"] for d in response.json()["details"]]
    assert "environment" in paths and "data.features" in paths


def test_import__unknown_project__404(client, db):
    body = {"project": "nope", "environment": "development", "data": {"features": []}}
    assert client.post(IMPORT, body, format="json").status_code == 404


def test_import__invalid_constraint__refused_and_nothing_written(client, default_project):
    data = {
        "features": [{"name": "new-flag", "type": "release"}],
        "featureStrategies": [
            {
                "name": "default",
                "featureName": "new-flag",
                "constraints": [{"contextName": "x", "operator": "BOGUS", "values": []}],
            }
        ],
    }
    body = {"project": "default", "environment": "development", "data": data}
    assert client.post(IMPORT, body, format="json").status_code == 400
    assert not Feature.objects.filter(name="new-flag").exists()


def test_batch__anonymous__401(db):
    assert APIClient().post(VALIDATE, {}, format="json").status_code in (401, 403)
