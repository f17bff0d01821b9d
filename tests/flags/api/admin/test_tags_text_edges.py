"""The text edge rule on the new tag routes: NUL, a lone surrogate or over-long text is a 400
naming the field, and nothing is stored (the same check as tests/flags/test_text_edges.py)."""

import pytest
from django.test import Client

from tests.support.admin_api import Api, make_token
from tests.support.rows import stored
from tests.support.text_edges import BAD, HOLE, named, raw_body

TAGS = {"addedTags": [], "removedTags": []}
CASES = {
    "tag type validate name": (
        "post",
        "/api/admin/tag-types/validate",
        {"name": HOLE},
        "name",
        255,
    ),
    "tag value": ("post", "/api/admin/tags", {"type": "simple", "value": HOLE}, "value", 50),
    "tag type": ("post", "/api/admin/tags", {"type": HOLE, "value": "tgx-v"}, "type", 255),
    "flag tags added value": (
        "put",
        "/api/admin/features/my-flag/tags",
        {**TAGS, "addedTags": [{"type": "simple", "value": HOLE}]},
        "addedTags[0].value",
        50,
    ),
    "flag tags removed type": (
        "put",
        "/api/admin/features/my-flag/tags",
        {**TAGS, "removedTags": [{"type": HOLE, "value": "tgx-v"}]},
        "removedTags[0].type",
        255,
    ),
    "project tags feature": (
        "put",
        "/api/admin/projects/default/tags",
        {"features": [HOLE], "tags": TAGS},
        "features[0]",
        255,
    ),
    "project tags added value": (
        "put",
        "/api/admin/projects/default/tags",
        {
            "features": ["my-flag"],
            "tags": {**TAGS, "addedTags": [{"type": "simple", "value": HOLE}]},
        },
        "addedTags[0].value",
        50,
    ),
}


@pytest.mark.parametrize("kind", BAD)
@pytest.mark.parametrize("case", CASES)
def test_tag_write__bad_text_in_field__400_naming_field_nothing_stored(world, case, kind):
    method, path, body, field, limit = CASES[case]
    api = Api(Client(), make_token("admin"))
    before = stored()
    response = api.call(method, path, raw=raw_body(body, BAD[kind](limit)))
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert named(response.json(), field), response.json()
    assert stored() == before


@pytest.mark.parametrize("case", CASES)
def test_tag_write__text_at_the_limit__not_refused_for_length(world, case):
    method, path, body, field, limit = CASES[case]
    api = Api(Client(), make_token("admin"))
    response = api.call(method, path, raw=raw_body(body, "y" * limit))
    if response.status_code == 400:
        assert not any("at most" in d["message"] for d in response.json()["details"])
    assert response.status_code < 500
