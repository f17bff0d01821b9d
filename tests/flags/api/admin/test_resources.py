"""Environments, projects, segments, context fields, tag types, tags and dependencies."""

from flags import services
from flags.models import ContextField, Environment, Project, Segment, TagType
from tests.support.admin_api import ACTOR, error

IN_1 = [{"contextName": "userId", "operator": "IN", "values": ["1"]}]


def test_environments__list_and_toggle__204_and_state(api, development):
    body = api.get("/api/admin/environments").json()
    assert "development" in [e["name"] for e in body["environments"]]
    assert api.post("/api/admin/environments/development/off").status_code == 204
    assert not Environment.objects.get(pk="development").enabled
    assert api.post("/api/admin/environments/development/on").status_code == 204
    error(api.post("/api/admin/environments/nope/on"), 404)


def test_projects__create_update_delete__round_trip(api):
    created = api.post("/api/admin/projects", {"id": "web", "name": "Web"})
    assert created.status_code == 201, created.content
    assert created.json()["featureCount"] == 0
    assert api.put("/api/admin/projects/web", {"name": "Web 2"}).json()["name"] == "Web 2"
    assert "web" in [p["id"] for p in api.get("/api/admin/projects").json()["projects"]]
    assert api.delete("/api/admin/projects/web").status_code == 200
    assert not Project.objects.filter(pk="web").exists()


def test_projects__bad_id_or_duplicate__400_409(api):
    error(api.post("/api/admin/projects", {"id": "a b", "name": "x"}), 400)
    error(api.post("/api/admin/projects", {"id": "default", "name": "x"}), 409)


def test_projects__delete_with_flags__400(api, flag):
    services.project_create(id="p2", name="P2", actor=ACTOR)
    services.feature_create(project=Project.objects.get(pk="p2"), name="f2", actor=ACTOR)
    error(api.delete("/api/admin/projects/p2"), 400)
    error(api.delete("/api/admin/projects/nope"), 404)


def test_segments__crud__round_trip(api):
    created = api.post("/api/admin/segments", {"name": "beta", "constraints": IN_1})
    assert created.status_code == 201, created.content
    segment_id = created.json()["id"]
    url = f"/api/admin/segments/{segment_id}"
    assert api.get(url).json()["constraints"][0]["values"] == ["1"]
    assert api.put(url, {"name": "beta2", "constraints": []}).status_code == 204
    assert Segment.objects.get(pk=segment_id).name == "beta2"
    assert [s["name"] for s in api.get("/api/admin/segments").json()["segments"]] == ["beta2"]
    assert api.delete(url).status_code == 204
    error(api.get(url), 404)


def test_segments__duplicate_or_bad_constraint__409_400(api):
    api.post("/api/admin/segments", {"name": "beta"})
    error(api.post("/api/admin/segments", {"name": "beta"}), 409)
    bad = [{"contextName": "x", "operator": "DATE_AFTER", "value": "yesterday"}]
    error(api.post("/api/admin/segments", {"name": "s2", "constraints": bad}), 400)


def test_context__crud_with_legal_values(api):
    body = {"name": "region", "legalValues": [{"value": "eu"}, {"value": "us"}]}
    created = api.post("/api/admin/context", body)
    assert created.status_code == 201, created.content
    assert [v["value"] for v in created.json()["legalValues"]] == ["eu", "us"]
    update = {"description": "where", "legalValues": [{"value": "eu", "description": "Europe"}]}
    assert api.put("/api/admin/context/region", update).status_code == 200
    field = ContextField.objects.get(name="region")
    assert field.description == "where" and len(field.legal_values) == 1
    assert api.get("/api/admin/context/region").json()["stickiness"] is False
    error(api.post("/api/admin/context/validate", {"name": "region"}), 409)
    assert api.post("/api/admin/context/validate", {"name": "free"}).status_code == 200
    assert api.delete("/api/admin/context/region").status_code == 200
    error(api.get("/api/admin/context/region"), 404)


def test_context__duplicate_legal_values__400(api):
    body = {"name": "r", "legalValues": [{"value": "eu"}, {"value": "eu"}]}
    error(api.post("/api/admin/context", body), 400)


def test_constraint_validate__good_204_bad_400(api):
    good = {"contextName": "version", "operator": "SEMVER_GT", "value": "1.2.3"}
    assert api.post("/api/admin/constraints/validate", good).status_code == 204
    error(api.post("/api/admin/constraints/validate", {**good, "value": "x"}), 400)


def test_tag_types_and_tags__round_trip(api, flag):
    assert api.post("/api/admin/tag-types", {"name": "team"}).status_code == 201
    error(api.post("/api/admin/tag-types", {"name": "team"}), 409)
    assert api.put("/api/admin/tag-types/team", {"description": "owners"}).status_code == 200
    assert TagType.objects.get(name="team").description == "owners"
    url = "/api/admin/features/my-flag/tags"
    assert api.post(url, {"type": "team", "value": "core"}).status_code == 201
    assert api.get(url).json()["tags"] == [{"type": "team", "value": "core", "color": "#FFFFFF"}]
    error(api.post(url, {"type": "nope", "value": "x"}), 404)
    assert api.delete(f"{url}/team/core").status_code == 200
    error(api.delete(f"{url}/team/core"), 404)
    assert api.delete("/api/admin/tag-types/team").status_code == 200


def test_dependencies__add_and_remove(api, flag, default_project):
    services.feature_create(project=default_project, name="child", actor=ACTOR)
    url = "/api/admin/projects/default/features/child/dependencies"
    assert api.post(url, {"feature": "my-flag"}).status_code == 200
    body = api.get("/api/admin/projects/default/features/child").json()
    assert body["dependencies"] == [{"feature": "my-flag", "enabled": True, "variants": []}]
    parent = api.get("/api/admin/projects/default/features/my-flag").json()
    assert parent["children"] == ["child"]
    error(api.post(url, {"feature": "child"}), 400)  # itself
    error(api.post(url, {"feature": "nope"}), 404)
    assert api.delete(f"{url}/my-flag").status_code == 200
    error(api.delete(f"{url}/my-flag"), 404)
    error(api.delete(url), 404)  # nothing left to remove: a 404, as in Unleash
