"""Strategies, on/off and variants of a flag in one environment."""

from flags.models import FeatureEnvironment, Strategy
from tests.support.admin_api import error

ENV = "/api/admin/projects/default/features/my-flag/environments/development"
ROLLOUT = {
    "name": "flexibleRollout",
    "parameters": {"rollout": "50", "stickiness": "default", "groupId": "g"},
    "constraints": [{"contextName": "userId", "operator": "IN", "values": ["1", "2"]}],
}


def test_list__flag_with_default_strategy__one_strategy(api, flag):
    body = api.get(f"{ENV}/strategies").json()
    assert [s["name"] for s in body] == ["flexibleRollout"]
    assert body[0]["featureName"] == "my-flag"


def test_add__valid_strategy__200_with_id(api, flag):
    response = api.post(f"{ENV}/strategies", ROLLOUT)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["constraints"][0]["values"] == ["1", "2"]
    assert Strategy.objects.filter(pk=body["id"]).exists()


def test_add__bad_constraint__400_naming_path(api, flag):
    bad = {**ROLLOUT, "constraints": [{"contextName": "x", "operator": "NUM_GT", "value": "abc"}]}
    body = error(api.post(f"{ENV}/strategies", bad), 400)
    assert body["details"][0]["path"].startswith("constraints[0]")


def test_add__unknown_operator__400(api, flag):
    bad = {**ROLLOUT, "constraints": [{"contextName": "x", "operator": "LIKE", "values": []}]}
    error(api.post(f"{ENV}/strategies", bad), 400)


def test_add__unknown_environment__404(api, flag):
    error(api.post(ENV.replace("development", "nope") + "/strategies", ROLLOUT), 404)


def test_get_put_patch_delete__one_strategy__round_trip(api, flag):
    strategy_id = api.post(f"{ENV}/strategies", ROLLOUT).json()["id"]
    url = f"{ENV}/strategies/{strategy_id}"
    assert api.get(url).json()["parameters"]["rollout"] == "50"
    put = api.put(url, {"name": "default", "title": "everyone"})
    assert put.status_code == 200 and put.json()["constraints"] == []
    ops = [{"op": "replace", "path": "/title", "value": "patched"}]
    assert api.patch(url, ops).json()["title"] == "patched"
    assert api.delete(url).status_code == 200
    error(api.get(url), 404)


def test_get__malformed_strategy_id__404(api, flag):
    error(api.get(f"{ENV}/strategies/not-a-uuid"), 404)


def test_sort_order__two_strategies__reordered(api, flag):
    first = Strategy.objects.get().pk
    second = api.post(f"{ENV}/strategies", ROLLOUT).json()["id"]
    body = [{"id": str(first), "sortOrder": 5}, {"id": second, "sortOrder": 1}]
    assert api.post(f"{ENV}/strategies/set-sort-order", body).status_code == 200
    assert [s["id"] for s in api.get(f"{ENV}/strategies").json()] == [second, str(first)]


def test_sort_order__unknown_id__404(api, flag):
    error(api.post(f"{ENV}/strategies/set-sort-order", [{"id": "x", "sortOrder": 1}]), 404)


def test_on_off__toggle__state_changes(api, flag):
    assert api.post(f"{ENV}/off").status_code == 200
    assert not FeatureEnvironment.objects.get(environment="development").enabled
    assert api.post(f"{ENV}/on").status_code == 200
    assert FeatureEnvironment.objects.get(environment="development").enabled


def test_on__archived_flag__400(api, flag):
    api.delete("/api/admin/projects/default/features/my-flag")
    error(api.post(f"{ENV}/on"), 400)  # Unleash 8.2: ArchivedFeatureError


def test_variants__put_then_patch__balanced_weights(api, flag):
    variants = [{"name": "a", "stickiness": "default"}, {"name": "b", "stickiness": "default"}]
    response = api.put(f"{ENV}/variants", variants)
    assert response.status_code == 200, response.content
    assert [v["weight"] for v in response.json()["variants"]] == [500, 500]
    ops = [{"op": "remove", "path": "/1"}]
    patched = api.patch(f"{ENV}/variants", ops).json()["variants"]
    assert [(v["name"], v["weight"]) for v in patched] == [("a", 1000)]
    assert api.get(f"{ENV}/variants").json()["variants"] == patched


def test_variants__bad_weights__400(api, flag):
    bad = [{"name": "a", "weight": 300, "weightType": "fix", "stickiness": "default"}]
    error(api.put(f"{ENV}/variants", bad), 400)
    error(api.put(f"{ENV}/variants", {"name": "a"}), 400)
