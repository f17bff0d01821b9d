"""The text edge rule on the new segment routes: NUL, a lone surrogate or over-long text is a
400 naming the field, and nothing is stored (as in tests/flags/test_text_edges.py)."""

import pytest
from django.test import Client

from tests.support.admin_api import Api, make_token
from tests.support.rows import stored
from tests.support.text_edges import BAD, HOLE, named, raw_body

SET = {
    "strategyId": "{strategy}",
    "segmentIds": [],
    "projectId": "default",
    "environmentId": "development",
}
CASES = {
    "segment validate name": ("post", "/api/admin/segments/validate", {"name": HOLE}, "name", 255),
    "set segments strategyId": (
        "post",
        "/api/admin/segments/strategies",
        {**SET, "strategyId": HOLE},
        "strategyId",
        255,
    ),
    "set segments projectId": (
        "post",
        "/api/admin/segments/strategies",
        {**SET, "projectId": HOLE},
        "projectId",
        255,
    ),
    "set segments environmentId": (
        "post",
        "/api/admin/segments/strategies",
        {**SET, "environmentId": HOLE},
        "environmentId",
        255,
    ),
}


def _body(body: dict, world: dict) -> dict:
    return {
        k: v.format(**world) if isinstance(v, str) and v != HOLE else v for k, v in body.items()
    }


@pytest.mark.parametrize("kind", BAD)
@pytest.mark.parametrize("case", CASES)
def test_segment_write__bad_text_in_field__400_naming_field_nothing_stored(world, case, kind):
    method, path, body, field, limit = CASES[case]
    api = Api(Client(), make_token("admin"))
    before = stored()
    response = api.call(method, path, raw=raw_body(_body(body, world), BAD[kind](limit)))
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert named(response.json(), field), response.json()
    assert stored() == before


@pytest.mark.parametrize("case", CASES)
def test_segment_write__text_at_the_limit__not_refused_for_length(world, case):
    method, path, body, field, limit = CASES[case]
    api = Api(Client(), make_token("admin"))
    response = api.call(method, path, raw=raw_body(_body(body, world), "y" * limit))
    if response.status_code == 400:
        assert not any("at most" in d["message"] for d in response.json()["details"])
    assert response.status_code < 500
