"""Flags under projects: list, create, get, update, patch, archive, clone, stale, validate."""

from core.models import Event
from flags.models import Feature
from tests.support.admin_api import error

BASE = "/api/admin/projects/default/features"


def test_create__valid_body__201_with_location_and_flag_shape(api):
    response = api.post(BASE, {"name": "new-flag", "type": "experiment", "description": "d"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "new-flag" and body["type"] == "experiment"
    assert body["project"] == "default"
    assert {e["name"] for e in body["environments"]} >= {"development", "production"}
    assert response["Location"] == f"{BASE}/new-flag"
    assert Event.objects.filter(type="feature-created", feature_name="new-flag").exists()


def test_create__duplicate_name__409(api, flag):
    body = error(api.post(BASE, {"name": "my-flag"}), 409)
    assert body["details"][0]["path"] == "name"


def test_create__bad_name__400_naming_the_field(api):
    body = error(api.post(BASE, {"name": "has space"}), 400)
    assert body["details"][0]["path"] == "name"


def test_create__unknown_type__400(api):
    body = error(api.post(BASE, {"name": "x", "type": "nope"}), 400)
    assert body["details"][0]["path"] == "type"


def test_create__unknown_project__404(api):
    error(api.post("/api/admin/projects/nope/features", {"name": "x"}), 404)


def test_list__project_flags__only_active_ones(api, flag):
    body = api.get(BASE).json()
    assert body["version"] == 1
    assert [f["name"] for f in body["features"]] == ["my-flag"]
    env = next(e for e in body["features"][0]["environments"] if e["name"] == "development")
    assert env["enabled"] is True and env["strategies"][0]["name"] == "flexibleRollout"


def test_get__unknown_flag__404(api):
    error(api.get(f"{BASE}/nope"), 404)


def test_get__flag_in_other_project__404(api, flag):
    from tests.factories import ProjectFactory

    ProjectFactory(id="other")
    error(api.get("/api/admin/projects/other/features/my-flag"), 404)


def test_put__changes_fields__200_and_event(api, flag):
    response = api.put(f"{BASE}/my-flag", {"description": "new", "stale": True})
    assert response.status_code == 200
    assert response.json()["description"] == "new" and response.json()["stale"] is True
    assert Event.objects.filter(type="feature-metadata-updated").exists()


def test_put__wrong_types__400(api, flag):
    error(api.put(f"{BASE}/my-flag", {"stale": "maybe"}), 400)


def test_patch__replace_description__200(api, flag):
    ops = [{"op": "replace", "path": "/description", "value": "patched"}]
    response = api.patch(f"{BASE}/my-flag", ops)
    assert response.status_code == 200
    assert Feature.objects.get(name="my-flag").description == "patched"


def test_patch__renames_flag__400(api, flag):
    body = error(
        api.patch(f"{BASE}/my-flag", [{"op": "replace", "path": "/name", "value": "x"}]), 400
    )
    assert body["details"][0]["path"] == "name"


def test_patch__not_a_patch__400(api, flag):
    error(api.patch(f"{BASE}/my-flag", {"op": "replace"}), 400)
    error(api.patch(f"{BASE}/my-flag", [{"op": "remove", "path": "/missing"}]), 400)


def test_delete__archives__202_then_in_archive(api, flag):
    assert api.delete(f"{BASE}/my-flag").status_code == 202
    assert Feature.objects.get(name="my-flag").archived_at is not None
    archived = api.get("/api/admin/archive/features").json()["features"]
    assert [f["name"] for f in archived] == ["my-flag"]
    per_project = api.get("/api/admin/archive/features/default").json()["features"]
    assert [f["archived"] for f in per_project] == [True]
    error(api.get(f"{BASE}/my-flag"), 404)


def test_revive_and_delete__archived_flag__back_then_gone(api, flag):
    api.delete(f"{BASE}/my-flag")
    revived = api.post("/api/admin/projects/default/revive", {"features": ["my-flag"]})
    assert revived.status_code == 200
    assert Feature.objects.get(name="my-flag").archived_at is None
    api.delete(f"{BASE}/my-flag")
    deleted = api.post("/api/admin/projects/default/delete", {"features": ["my-flag"]})
    assert deleted.status_code == 200
    assert not Feature.objects.filter(name="my-flag").exists()


def test_delete_permanently__active_flag__200_and_kept(api, flag):
    # As in Unleash: names of flags that are not archived are skipped, not refused.
    response = api.post("/api/admin/projects/default/delete", {"features": ["my-flag"]})
    assert response.status_code == 200
    assert Feature.objects.filter(name="my-flag").exists()


def test_clone__copies_strategies__201(api, flag):
    response = api.post(f"{BASE}/my-flag/clone", {"name": "my-flag-copy"})
    assert response.status_code == 201, response.content
    env = next(e for e in response.json()["environments"] if e["name"] == "development")
    assert env["enabled"] is True
    assert env["strategies"][0]["parameters"]["groupId"] == "my-flag-copy"


def test_clone__existing_name__409(api, flag):
    error(api.post(f"{BASE}/my-flag/clone", {"name": "my-flag"}), 409)


def test_stale__marks_flags__202(api, flag):
    response = api.post(
        "/api/admin/projects/default/stale", {"features": ["my-flag"], "stale": True}
    )
    assert response.status_code == 202
    assert Feature.objects.get(name="my-flag").stale is True


def test_stale__unknown_flag__400_and_nothing_changed(api, flag):
    body = {"features": ["my-flag", "nope"], "stale": True}
    error(api.post("/api/admin/projects/default/stale", body), 400)
    assert Feature.objects.get(name="my-flag").stale is False


def test_validate__free_name__200_taken__409_bad__400(api, flag):
    assert api.post("/api/admin/features/validate", {"name": "free"}).status_code == 200
    error(api.post("/api/admin/features/validate", {"name": "my-flag"}), 409)
    error(api.post("/api/admin/features/validate", {"name": "a/b"}), 400)
