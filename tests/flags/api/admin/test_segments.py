"""Segment routes over the admin API, compared with Unleash 8.2's recorded answers."""

import pytest
from django.test import Client

from core.models import Event
from flags import services
from flags.models import Strategy
from tests.support.admin_api import Api, make_token
from tests.support.rows import stored
from tests.support.unleash_answers import load, same_as

UNLEASH = load("segments", "unleash_answers")
IN = {"contextName": "userId", "operator": "IN", "values": ["1"]}


def same_as_unleash(response, case: str, *, items: str | None = None):
    """Unleash's status code, and every key it answers with (ours may add some)."""
    return same_as(UNLEASH, response, case, items=items, optional=("project",))


@pytest.fixture
def api(db) -> Api:
    return Api(Client(), make_token("admin"))


@pytest.fixture
def world(default_project, development, actor):
    """Two flags with one strategy each; segment one used by the first strategy."""
    one = services.segment_create(name="tgx-s1", constraints=[IN], actor=actor)
    two = services.segment_create(name="tgx-s2", project=default_project, actor=actor)
    strategies = []
    for name, segments in (("tgx-sf1", [one.pk]), ("tgx-sf2", [])):
        flag = services.feature_create(project=default_project, name=name, actor=actor)
        strategies.append(
            services.strategy_add(
                feature=flag,
                environment=development,
                name="default",
                segments=segments,
                actor=actor,
            )
        )
    return {
        "one": one,
        "two": two,
        "strategies": strategies,
        "flags": [s.feature_environment.feature for s in strategies],
    }


@pytest.mark.parametrize(
    ("case", "body"),
    [
        ("segment_validate_taken", {"name": "tgx-s1"}),
        ("segment_validate_free", {"name": "tgx-free"}),
        ("segment_validate_missing", {}),
        ("segment_validate_empty", {"name": ""}),
    ],
)
def test_segment_validate__name__unleash_status_nothing_stored(api, world, case, body):
    before = stored()
    same_as_unleash(api.post("/api/admin/segments/validate", body), case)
    assert stored() == before


def test_segment_reads__used_by_one_flag__usage_counts_and_created_by(api, world, admin_user):
    listed = same_as_unleash(api.get("/api/admin/segments"), "segments_list", items="segments")
    usage = {s["name"]: (s["usedInProjects"], s["usedInFeatures"]) for s in listed["segments"]}
    assert usage == {"tgx-s1": (1, 1), "tgx-s2": (0, 0)}
    assert {s["createdBy"] for s in listed["segments"]} == {admin_user.username}
    one = same_as_unleash(api.get(f"/api/admin/segments/{world['one'].pk}"), "segment_get")
    assert (one["usedInProjects"], one["usedInFeatures"], one["createdBy"]) == (
        1,
        1,
        admin_user.username,
    )


def test_segment_reads__flag_archived__no_longer_counted_nor_listed(api, world, actor):
    services.feature_archive(feature=world["flags"][0], actor=actor)
    [one] = [s for s in api.get("/api/admin/segments").json()["segments"] if s["name"] == "tgx-s1"]
    assert (one["usedInProjects"], one["usedInFeatures"]) == (0, 0)
    body = api.get(f"/api/admin/segments/{world['one'].pk}/strategies").json()
    assert body["strategies"] == []


def test_segment_strategies__used_missing_and_bad_id__unleash_answers(api, world):
    body = same_as_unleash(
        api.get(f"/api/admin/segments/{world['one'].pk}/strategies"), "segment_strategies"
    )
    first = world["strategies"][0]
    assert body == {
        "strategies": [
            {
                "id": str(first.pk),
                "projectId": "default",
                "featureName": "tgx-sf1",
                "strategyName": "default",
                "environment": "development",
            }
        ],
        "changeRequestStrategies": [],
    }
    assert set(body["strategies"][0]) == set(
        UNLEASH["segment_strategies"]["response"]["strategies"][0]
    )
    same_as_unleash(api.get("/api/admin/segments/999999/strategies"), "segment_strategies_missing")
    same_as_unleash(api.get("/api/admin/segments/abc/strategies"), "segment_strategies_bad_id")


def test_strategy_segments__with_without_and_unknown__unleash_answers(api, world):
    first, second = world["strategies"]
    body = same_as_unleash(
        api.get(f"/api/admin/segments/strategies/{first.pk}"), "strategy_segments", items="segments"
    )
    assert [s["name"] for s in body["segments"]] == ["tgx-s1"]
    same_as_unleash(
        api.get(f"/api/admin/segments/strategies/{second.pk}"), "strategy_segments_none"
    )
    assert api.get("/api/admin/segments/strategies/nonexistent").json() == {"segments": []}


def test_set_strategy_segments__two_then_none__stored_audited_and_served(
    api, world, settings, django_capture_on_commit_callbacks
):
    settings.UNLEASH_REVISION_CHECK_INTERVAL = 0  # see each new revision at once
    second = world["strategies"][1]
    base = {"strategyId": str(second.pk), "projectId": "default", "environmentId": "development"}
    ids = [world["one"].pk, world["two"].pk]
    sdk = Api(Client(), make_token("backend"))
    assert _served_constraints(sdk, "tgx-sf2") == []  # now cached
    with django_capture_on_commit_callbacks(execute=True):  # the revision moves on commit
        response = api.post("/api/admin/segments/strategies", {**base, "segmentIds": ids})
    body = same_as_unleash(response, "set_strategy_segments")
    assert body == {**base, "segmentIds": ids}
    after = same_as_unleash(
        api.get(f"/api/admin/segments/strategies/{second.pk}"),
        "strategy_segments_after_set",
        items="segments",
    )
    assert [s["id"] for s in after["segments"]] == ids
    # The cached SDK payload is replaced at once: segment one's constraint, inlined.
    assert _served_constraints(sdk, "tgx-sf2") == [IN["values"]]
    event = Event.objects.filter(type="feature-strategy-update", feature_name="tgx-sf2").get()
    assert (event.pre_data["segments"], event.data["segments"]) == ([], ids)
    same_as_unleash(
        api.post("/api/admin/segments/strategies", {**base, "segmentIds": []}),
        "set_strategy_segments_clear",
    )
    assert not Strategy.objects.get(pk=second.pk).segments.exists()


def _served_constraints(sdk: Api, flag: str) -> list:
    """The userIds a flag's first strategy is limited to (segments come inlined)."""
    features = sdk.get("/api/client/features").json()["features"]
    strategy = next(f for f in features if f["name"] == flag)["strategies"][0]
    return [c["values"] for c in strategy["constraints"]]


@pytest.mark.parametrize(
    ("case", "body"),
    [
        ("set_strategy_segments_no_project", {"segmentIds": []}),
        (
            "set_strategy_segments_bad_id",
            {"segmentIds": ["x"], "projectId": "default", "environmentId": "development"},
        ),
    ],
)
def test_set_strategy_segments__bad_body__400_nothing_stored(api, world, case, body):
    before = stored()
    same_as_unleash(
        api.post(
            "/api/admin/segments/strategies", {"strategyId": str(world["strategies"][1].pk), **body}
        ),
        case,
    )
    assert stored() == before


@pytest.mark.parametrize(
    ("strategy", "segment", "status"),
    [("nonexistent", "one", 404), ("second", 999999, 400)],
)
def test_set_strategy_segments__unknown_strategy_or_segment__4xx_not_500(
    api, world, strategy, segment, status
):
    # Unleash answers both with a 500 (a foreign key error); nothing changes here either way.
    strategy_id = str(world["strategies"][1].pk) if strategy == "second" else strategy
    segment_id = world[segment].pk if isinstance(segment, str) else segment
    body = {
        "strategyId": strategy_id,
        "segmentIds": [segment_id],
        "projectId": "default",
        "environmentId": "development",
    }
    before = stored()
    assert api.post("/api/admin/segments/strategies", body).status_code == status
    assert stored() == before


def test_segment_routes__openapi__every_operation_documented(openapi_document, api):
    paths = openapi_document["paths"]
    expected = {
        ("/api/admin/segments/validate", "post"),
        ("/api/admin/segments/strategies", "post"),
        ("/api/admin/segments/strategies/{strategy_id}", "get"),
        ("/api/admin/segments/{segment_id}/strategies", "get"),
    }
    assert {(p, m) for p, m in expected if m in paths.get(p, {})} == expected
