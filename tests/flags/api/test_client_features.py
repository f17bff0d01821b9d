"""GET /api/client/features: Unleash's exact body, filters and segment modes."""

import pytest

from flags import services
from flags.models import Environment, Segment
from tests.support.client_api import ACTOR, body, flag, get, token

CONSTRAINT = {"contextName": "userId", "operator": "IN", "values": ["1", "2"]}
VARIANTS = [
    {"name": "blue", "weightType": "variable", "payload": {"type": "string", "value": "x"}},
    {
        "name": "red",
        "weightType": "variable",
        "overrides": [{"contextName": "userId", "values": ["7"]}],
    },
]


@pytest.fixture
def segment(db):
    return services.segment_create(name="beta users", constraints=[CONSTRAINT], actor=ACTOR)


@pytest.fixture
def rich_flag(default_project, development, segment):
    feature = flag(
        default_project,
        development,
        "checkout.v2",
        type="experiment",
        description="new checkout",
        impression_data=True,
        strategies=[
            {"name": "default", "sort_order": 5},
            {
                "name": "flexibleRollout",
                "sort_order": 1,
                "parameters": {"rollout": 50, "stickiness": "default", "groupId": "g"},
                "constraints": [CONSTRAINT],
                "segments": [segment.id],
                "variants": [{"name": "s1", "weightType": "variable"}],
            },
            {"name": "userWithId", "sort_order": 0, "disabled": True},
        ],
    )
    services.feature_set_variants(
        feature=feature, environment=development, variants=VARIANTS, actor=ACTOR
    )
    return feature


def test_client_features__rich_flag__every_field_has_the_contract_type(client, rich_flag, segment):
    payload = body(get(client, token()))
    assert payload["version"] == 2 and type(payload["version"]) is int
    (feature,) = payload["features"]
    assert feature["name"] == "checkout.v2"
    assert feature["enabled"] is True and feature["impressionData"] is True
    assert feature["stale"] is False and feature["project"] == "default"
    assert feature["type"] == "experiment" and feature["description"] == "new checkout"
    rollout, default = feature["strategies"]  # disabled one left out, sorted by sort order
    assert (rollout["name"], default["name"]) == ("flexibleRollout", "default")
    assert rollout["parameters"] == {"rollout": "50", "stickiness": "default", "groupId": "g"}
    assert rollout["segments"] == [segment.id] and type(rollout["segments"][0]) is int
    assert rollout["constraints"][0]["values"] == ["1", "2"]
    assert rollout["constraints"][0]["inverted"] is False
    assert rollout["constraints"][0]["caseInsensitive"] is False
    assert [type(v["weight"]) for v in rollout["variants"]] == [int]
    for strategy in feature["strategies"]:
        assert set(strategy) >= {"name", "constraints", "parameters", "variants"}
        assert not {"id", "title", "sortOrder", "disabled"} & set(strategy)
    assert [v["name"] for v in feature["variants"]] == ["blue", "red"]
    assert all(type(v["weight"]) is int for v in feature["variants"])
    assert sum(v["weight"] for v in feature["variants"]) == 1000
    assert feature["variants"][0]["payload"] == {"type": "string", "value": "x"}
    assert feature["variants"][1]["overrides"] == [{"contextName": "userId", "values": ["7"]}]
    assert payload["segments"] == [
        {"id": segment.id, "name": "beta users", "constraints": [rollout["constraints"][0]]}
    ]
    assert payload["meta"]["revisionId"] > 0 and type(payload["meta"]["revisionId"]) is int


def test_client_features__old_client_spec__segments_inlined_into_constraints(client, rich_flag):
    payload = body(get(client, token(), spec="4.1.0"))
    assert "segments" not in payload
    rollout = payload["features"][0]["strategies"][0]
    assert "segments" not in rollout
    assert [c["contextName"] for c in rollout["constraints"]] == ["userId", "userId"]


def test_client_features__no_client_spec__segments_inlined(client, rich_flag):
    assert "segments" not in body(get(client, token(), spec=None))


def test_client_features__unused_segment__not_sent(client, default_project, development, segment):
    flag(default_project, development, "plain")
    assert body(get(client, token()))["segments"] == []


def test_client_features__invalid_client_spec__400(client, rich_flag):
    response = get(client, token(), spec="latest")
    assert response.status_code == 400
    assert "Unleash-Client-Spec" in body(response)["message"]


def test_client_features__flag_without_strategies_off__strategies_is_a_list(
    client, default_project, development
):
    flag(default_project, development, "off.flag", enabled=False)
    (feature,) = body(get(client, token()))["features"]
    assert feature["enabled"] is False and feature["strategies"] == [] and feature["variants"] == []


def test_client_features__environment_disabled__every_flag_off(client, rich_flag, development):
    services.environment_set_enabled(environment=development, enabled=False, actor=ACTOR)
    features = body(get(client, token()))["features"]
    assert [f["enabled"] for f in features] == [False]


def test_client_features__archived_flag__excluded(client, default_project, development):
    archived = flag(default_project, development, "old")
    flag(default_project, development, "kept")
    services.feature_archive(feature=archived, actor=ACTOR)
    assert [f["name"] for f in body(get(client, token()))["features"]] == ["kept"]


def test_client_features__dependencies__unleash_shape(client, default_project, development):
    parent = flag(default_project, development, "parent")
    on_child = flag(default_project, development, "child.on")
    off_child = flag(default_project, development, "child.off")
    services.dependency_add(child=on_child, parent=parent, variants=["blue"], actor=ACTOR)
    services.dependency_add(child=off_child, parent=parent, enabled=False, actor=ACTOR)
    features = {f["name"]: f for f in body(get(client, token()))["features"]}
    assert features["child.on"]["dependencies"] == [
        {"feature": "parent", "enabled": True, "variants": ["blue"]}
    ]
    assert features["child.off"]["dependencies"] == [{"feature": "parent", "enabled": False}]
    assert "dependencies" not in features["parent"]


def test_client_features__other_environment__its_own_state(
    client, default_project, development, production
):
    flag(default_project, development, "dev.only")
    (feature,) = body(get(client, token(environment="production")))["features"]
    assert feature["enabled"] is False


def test_client_features__token_project__only_that_project(client, default_project, development):
    other = services.project_create(id="other", name="Other", actor=ACTOR)
    flag(default_project, development, "in.default")
    flag(other, development, "in.other")
    names = [f["name"] for f in body(get(client, token(projects=["other"])))["features"]]
    assert names == ["in.other"]


def test_client_features__project_query__narrows_never_widens(client, default_project, development):
    other = services.project_create(id="other", name="Other", actor=ACTOR)
    flag(default_project, development, "in.default")
    flag(other, development, "in.other")
    wide = token()
    narrow = token(projects=["other"])
    assert [
        f["name"]
        for f in body(get(client, wide, "/api/client/features?project=default"))["features"]
    ] == ["in.default"]
    assert body(get(client, narrow, "/api/client/features?project=default"))["features"] == []


def test_client_features__name_prefix__starts_with_filter(client, default_project, development):
    flag(default_project, development, "checkout.a")
    flag(default_project, development, "search.b")
    response = get(client, token(), "/api/client/features?namePrefix=check")
    assert [f["name"] for f in body(response)["features"]] == ["checkout.a"]


def test_client_features__tag_filters__any_listed_tag(client, default_project, development):
    services.tag_type_create(name="team", actor=ACTOR)
    for name, value in (("a", "red"), ("b", "blue"), ("c", "green")):
        feature = flag(default_project, development, name)
        services.feature_tag_add(feature=feature, type="team", value=value, actor=ACTOR)
    response = get(client, token(), "/api/client/features?tag=team:red&tag=team:green")
    assert [f["name"] for f in body(response)["features"]] == ["a", "c"]


def test_client_features__malformed_tag__400(client, default_project):
    assert get(client, token(), "/api/client/features?tag=nocolon").status_code == 400


def test_client_features__utf8_name__served_as_utf8_json(client, default_project, development):
    flag(default_project, development, "ünïcödé.🚀")
    response = get(client, token())
    assert "ünïcödé.🚀".encode() in response.content
    assert body(response)["features"][0]["name"] == "ünïcödé.🚀"


def test_client_feature__by_name__the_feature_with_segments_inlined(client, rich_flag):
    response = get(client, token(), "/api/client/features/checkout.v2")
    feature = body(response)
    assert feature["name"] == "checkout.v2"
    assert len(feature["strategies"][0]["constraints"]) == 2


def test_client_feature__unknown_name__404(client, default_project):
    assert get(client, token(), "/api/client/features/nope").status_code == 404


def test_client_features__post__405(client, default_project):
    response = client.post("/api/client/features", HTTP_AUTHORIZATION=token())
    assert response.status_code == 405


def test_client_features__segment_missing_project_filter__segments_still_listed(client, rich_flag):
    assert Segment.objects.count() == 1
    assert Environment.objects.filter(pk="development", enabled=True).exists()
    assert len(body(get(client, token(projects=["default"])))["segments"]) == 1
