"""Tags over the admin API, compared with Unleash 8.2's recorded answers (status, keys)."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import Event
from flags import services
from flags.models import Feature, Tag
from flags.models.tags import SIMPLE_TAG_TYPE
from tests.support.admin_api import Api, make_token
from tests.support.fuzz import examples
from tests.support.rows import stored
from tests.support.unleash_answers import load, same_as

UNLEASH = load("tags", "unleash_answers")
SIMPLE = {"type": "simple", "value": "tgx-new"}


def same_as_unleash(response, case: str, *, items: str | None = None):
    """Unleash's status code, and every key it answers with (ours may add some)."""
    return same_as(UNLEASH, response, case, items=items)


@pytest.fixture
def api(db) -> Api:
    return Api(Client(), make_token("admin"))


@pytest.fixture
def flags(default_project, actor):
    return [
        services.feature_create(project=default_project, name=name, actor=actor)
        for name in ("tgx-f1", "tgx-f2")
    ]


def _tags_of(name: str) -> set[tuple[str, str]]:
    return set(Feature.objects.get(name=name).tags.values_list("type__name", "value"))


def test_tag_types__fresh_install__simple_type_as_in_unleash(api):
    body = same_as_unleash(api.get("/api/admin/tag-types"), "tag_types_list", items="tagTypes")
    [unleash_simple] = UNLEASH["tag_types_list"]["response"]["tagTypes"]
    ours = next(t for t in body["tagTypes"] if t["name"] == "simple")
    assert ours == unleash_simple == SIMPLE_TAG_TYPE


@pytest.mark.parametrize(
    ("case", "body"),
    [
        ("tag_type_validate_free", {"name": "tgx-type"}),
        ("tag_type_validate_taken", {"name": "simple"}),
        ("tag_type_validate_missing", {}),
        ("tag_type_validate_bad", {"name": "has space"}),
    ],
)
def test_tag_type_validate__name__unleash_status_and_keys(api, case, body):
    before = stored()
    answer = same_as_unleash(api.post("/api/admin/tag-types/validate", body), case)
    if case == "tag_type_validate_free":
        assert answer == {"valid": True, "tagType": {"name": "tgx-type"}}
    assert stored() == before


def test_tag_create__new_then_again__201_then_409_with_event(api):
    body = same_as_unleash(
        api.post("/api/admin/tags", {"type": "simple", "value": "tgx-one"}), "tag_create"
    )
    assert body == {"version": 1, "tag": {"type": "simple", "value": "tgx-one"}}
    same_as_unleash(
        api.post("/api/admin/tags", {"type": "simple", "value": "tgx-one"}), "tag_create_again"
    )
    assert list(Event.objects.filter(type="tag-created").values_list("data", flat=True)) == [
        {"type": "simple", "value": "tgx-one"}
    ]


@pytest.mark.parametrize(
    ("case", "body"),
    [
        ("tag_create_no_value", {"type": "simple"}),
        ("tag_create_short", {"type": "simple", "value": "a"}),
    ],
)
def test_tag_create__bad_value__400_nothing_stored(api, case, body):
    before = stored()
    same_as_unleash(api.post("/api/admin/tags", body), case)
    assert stored() == before


def test_tag_create__padded_value__stored_trimmed(api):
    response = api.post("/api/admin/tags", {"type": "simple", "value": "  tgx-pad  "})
    assert same_as_unleash(response, "tag_create_padded")["tag"]["value"] == "tgx-pad"
    assert Tag.objects.filter(value="tgx-pad").exists()


def test_tag_create__unknown_type__4xx_not_500(api):
    # Unleash answers 500 (a foreign key error); a clear 400 naming the type is the better answer.
    response = api.post("/api/admin/tags", {"type": "tgx-nope", "value": "tgx-x"})
    assert response.status_code == 400
    assert "tgx-nope" in response.json()["message"]


def test_tags_reads__list_by_type_and_one__unleash_shapes(api, actor):
    services.tag_type_create(name="tgx-team", actor=actor)
    api.post("/api/admin/tags", {"type": "simple", "value": "tgx-one"})
    api.post("/api/admin/tags", {"type": "tgx-team", "value": "tgx-core"})
    listed = same_as_unleash(api.get("/api/admin/tags"), "tags_list", items="tags")
    assert {(t["type"], t["value"]) for t in listed["tags"]} == {
        ("simple", "tgx-one"),
        ("tgx-team", "tgx-core"),
    }
    of_type = same_as_unleash(api.get("/api/admin/tags/simple"), "tags_of_type", items="tags")
    assert of_type["tags"] == [{"type": "simple", "value": "tgx-one"}]
    assert (
        same_as_unleash(api.get("/api/admin/tags/tgx-nope"), "tags_of_unknown_type")["tags"] == []
    )
    one = same_as_unleash(api.get("/api/admin/tags/simple/tgx-one"), "tag_get")
    assert one["tag"] == {"type": "simple", "value": "tgx-one"}
    same_as_unleash(api.get("/api/admin/tags/simple/tgx-missing"), "tag_get_missing")


def test_tag_delete__used_then_missing__200_twice_and_flags_untagged(api, flags, actor):
    services.feature_tag_add(feature=flags[0], type="simple", value="tgx-pad", actor=actor)
    same_as_unleash(api.delete("/api/admin/tags/simple/tgx-pad"), "tag_delete")
    assert _tags_of("tgx-f1") == set()
    assert Event.objects.filter(type="tag-deleted").count() == 1
    same_as_unleash(api.delete("/api/admin/tags/simple/tgx-pad"), "tag_delete_missing")
    assert Event.objects.filter(type="tag-deleted").count() == 1


def test_feature_tags_put__add_swap_and_remove_absent__unleash_answers(api, flags):
    url = "/api/admin/features/tgx-f1/tags"
    body = same_as_unleash(
        api.put(url, {"addedTags": [SIMPLE], "removedTags": []}), "feature_tags_put", items="tags"
    )
    assert body["tags"] == [{**SIMPLE, "color": "#FFFFFF"}]
    same_as_unleash(api.get(url), "feature_tags_get", items="tags")
    new2 = {"type": "simple", "value": "tgx-new2"}
    swap = same_as_unleash(
        api.put(url, {"addedTags": [new2], "removedTags": [SIMPLE]}), "feature_tags_put_swap"
    )
    assert [(t["type"], t["value"]) for t in swap["tags"]] == [("simple", "tgx-new2")]
    absent = {"addedTags": [], "removedTags": [{"type": "simple", "value": "tgx-never"}]}
    same_as_unleash(api.put(url, absent), "feature_tags_put_remove_absent")
    assert _tags_of("tgx-f1") == {("simple", "tgx-new2")}
    kinds = list(
        Event.objects.filter(feature_name="tgx-f1", type__startswith="feature-").values_list(
            "type", flat=True
        )
    )
    assert kinds.count("feature-tagged") == 2 and kinds.count("feature-untagged") == 1


@pytest.mark.parametrize(
    ("case", "flag", "body"),
    [
        (
            "feature_tags_put_unknown_type",
            "tgx-f1",
            {"addedTags": [{"type": "tgx-nope", "value": "tgx-x"}], "removedTags": []},
        ),
        ("feature_tags_put_unknown_flag", "tgx-nosuch", {"addedTags": [SIMPLE], "removedTags": []}),
        ("feature_tags_put_empty", "tgx-f1", {}),
        ("feature_tags_put_no_removed", "tgx-f1", {"addedTags": [SIMPLE]}),
    ],
)
def test_feature_tags_put__bad_request__unleash_status_nothing_stored(api, flags, case, flag, body):
    before = stored()
    same_as_unleash(api.put(f"/api/admin/features/{flag}/tags", body), case)
    assert stored() == before


def test_project_tags_put__two_flags__both_changed_200(api, flags, actor):
    services.feature_tag_add(feature=flags[0], type="simple", value="tgx-new2", actor=actor)
    bulk = {"type": "simple", "value": "tgx-bulk"}
    change = {"addedTags": [bulk], "removedTags": [{"type": "simple", "value": "tgx-new2"}]}
    response = api.put(
        "/api/admin/projects/default/tags", {"features": ["tgx-f1", "tgx-f2"], "tags": change}
    )
    same_as_unleash(response, "project_tags_put")
    same_as_unleash(
        api.get("/api/admin/features/tgx-f2/tags"), "project_tags_after_f2", items="tags"
    )
    assert _tags_of("tgx-f1") == _tags_of("tgx-f2") == {("simple", "tgx-bulk")}


@pytest.mark.parametrize(
    ("case", "project", "body"),
    [
        (
            "project_tags_put_wrong_project",
            "tgx-nosuch",
            {"features": ["tgx-f1"], "tags": {"addedTags": [SIMPLE], "removedTags": []}},
        ),
        ("project_tags_put_no_tags", "default", {"features": ["tgx-f1"]}),
        (
            "project_tags_put_unknown_type",
            "default",
            {
                "features": ["tgx-f1"],
                "tags": {"addedTags": [{"type": "tgx-no", "value": "xx"}], "removedTags": []},
            },
        ),
    ],
)
def test_project_tags_put__bad_request__unleash_status_nothing_stored(
    api, flags, case, project, body
):
    before = stored()
    same_as_unleash(api.put(f"/api/admin/projects/{project}/tags", body), case)
    assert stored() == before


def test_project_tags_put__one_flag_elsewhere__400_and_no_flag_changed(api, flags, actor):
    other = services.project_create(id="tgx-other", name="Other", actor=actor)
    services.feature_create(project=other, name="tgx-away", actor=actor)
    before = stored()
    body = {"features": ["tgx-f1", "tgx-away"], "tags": {"addedTags": [SIMPLE], "removedTags": []}}
    assert api.put("/api/admin/projects/default/tags", body).status_code == 400
    assert stored() == before


def test_tag_routes__openapi__every_operation_documented(openapi_document, api):
    paths = openapi_document["paths"]
    expected = {
        ("/api/admin/tag-types/validate", "post"),
        ("/api/admin/tags", "get"),
        ("/api/admin/tags", "post"),
        ("/api/admin/tags/{type}", "get"),
        ("/api/admin/tags/{type}/{value}", "get"),
        ("/api/admin/tags/{type}/{value}", "delete"),
        ("/api/admin/features/{feature_name}/tags", "put"),
        ("/api/admin/projects/{project_id}/tags", "put"),
    }
    assert {(p, m) for p, m in expected if m in paths.get(p, {})} == expected


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(value=st.text(max_size=60))
def test_feature_tags_put__any_text_value__stored_trimmed_or_4xx_never_500(api, flags, value):
    response = api.put(
        "/api/admin/features/tgx-f1/tags",
        {"addedTags": [{"type": "simple", "value": value}], "removedTags": []},
    )
    assert response.status_code in (200, 400), response.content[:200]
    if response.status_code == 200:
        assert ("simple", value.strip()) in _tags_of("tgx-f1")
        assert 2 <= len(value.strip()) <= 50
    else:
        assert response.json()["details"]
