"""Every text field of every admin write: NUL, a lone surrogate or text longer than its column.

Each is a 400 naming the field, and nothing is stored (rows and audit events unchanged). The
bodies are sent as raw JSON with escapes, so "\\ud800" really arrives as a lone surrogate.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from core.actors import Actor
from core.textcheck import MAX_TEXT
from flags.models import Banner, FeatureEnvironment
from tests.support.admin_api import Api, make_token
from tests.support.admin_forms import change_form_data
from tests.support.rows import stored
from tests.support.text_edges import BAD, HOLE, named, raw_body

ACTOR = Actor.system("test")

F = "/api/admin/projects/default/features/my-flag"
E = f"{F}/environments/development"
STRATEGY = {"name": "default", "constraints": [], "parameters": {}}
IN = {"contextName": "userId", "operator": "IN", "values": ["1"]}
VARIANT = {"name": "a", "weight": 1000, "weightType": "variable", "stickiness": "default"}


def _in(**changes) -> dict:
    return {**IN, **changes}


def _variant(**changes) -> dict:
    return {**VARIANT, **changes}


def _batch(**data) -> dict:
    base = {"features": [{"name": "my-flag", "type": "release"}], "featureStrategies": []}
    return {"project": "default", "environment": "development", "data": {**base, **data}}


def _batch_strategy(**changes) -> list:
    return [{"featureName": "my-flag", "name": "default", "parameters": {}, **changes}]


# (method, path, body with HOLE, what the error must name, the field's length limit)
CASES = {
    "feature create name": (
        "post",
        "/api/admin/projects/default/features",
        {"name": HOLE},
        "name",
        255,
    ),
    "feature create description": (
        "post",
        "/api/admin/projects/default/features",
        {"name": "fresh", "description": HOLE},
        "description",
        MAX_TEXT,
    ),
    "feature update description": ("put", F, {"description": HOLE}, "description", MAX_TEXT),
    "feature patch description": (
        "patch",
        F,
        [{"op": "replace", "path": "/description", "value": HOLE}],
        "description",
        MAX_TEXT,
    ),
    "feature patch path": (
        "patch",
        F,
        [{"op": "remove", "path": "/" + HOLE}],
        "body[0].path",
        999,
    ),
    "strategy patch path": (
        "patch",
        f"{E}/strategies/{{strategy}}",
        [{"op": "remove", "path": "/" + HOLE}],
        "body[0].path",
        999,
    ),
    "variants patch value": (
        "patch",
        f"{E}/variants",
        [{"op": "add", "path": "/0", "value": _variant(name=HOLE)}],
        "[0].name",
        255,
    ),
    "feature clone name": ("post", f"{F}/clone", {"name": HOLE}, "name", 255),
    "feature validate name": ("post", "/api/admin/features/validate", {"name": HOLE}, "name", 255),
    "strategy name": ("post", f"{E}/strategies", {**STRATEGY, "name": HOLE}, "name", 255),
    "strategy title": ("post", f"{E}/strategies", {**STRATEGY, "title": HOLE}, "title", 255),
    "strategy parameter value": (
        "post",
        f"{E}/strategies",
        {**STRATEGY, "parameters": {"groupId": HOLE}},
        "parameters",
        MAX_TEXT,
    ),
    "strategy parameter name": (
        "post",
        f"{E}/strategies",
        {**STRATEGY, "parameters": {HOLE: "x"}},
        "parameters",
        255,
    ),
    "strategy update title": (
        "put",
        f"{E}/strategies/{{strategy}}",
        {**STRATEGY, "title": HOLE},
        "title",
        255,
    ),
    "constraint context name": (
        "post",
        f"{E}/strategies",
        {**STRATEGY, "constraints": [_in(contextName=HOLE)]},
        "constraints[0].contextName",
        255,
    ),
    "constraint value": (
        "post",
        f"{E}/strategies",
        {**STRATEGY, "constraints": [_in(values=["1", HOLE])]},
        "constraints[0].values",
        MAX_TEXT,
    ),
    "constraint single value": (
        "post",
        f"{E}/strategies",
        {**STRATEGY, "constraints": [_in(operator="STR_CONTAINS", values=[], value=HOLE)]},
        "constraints[0].value",
        MAX_TEXT,
    ),
    "strategy variant name": (
        "post",
        f"{E}/strategies",
        {**STRATEGY, "variants": [_variant(name=HOLE)]},
        "variants[0].name",
        255,
    ),
    "strategy variant payload": (
        "post",
        f"{E}/strategies",
        {**STRATEGY, "variants": [_variant(payload={"type": "string", "value": HOLE})]},
        "variants[0].payload.value",
        MAX_TEXT,
    ),
    "variants name": ("put", f"{E}/variants", [_variant(name=HOLE)], "[0].name", 255),
    "variants stickiness": (
        "put",
        f"{E}/variants",
        [_variant(stickiness=HOLE)],
        "[0].stickiness",
        255,
    ),
    "variants override value": (
        "put",
        f"{E}/variants",
        [_variant(overrides=[{"contextName": "userId", "values": [HOLE]}])],
        "[0].overrides[0].values",
        MAX_TEXT,
    ),
    "dependency parent": ("post", f"{F}/dependencies", {"feature": HOLE}, "feature", 255),
    "dependency variant": (
        "post",
        f"{F}/dependencies",
        {"feature": "parent", "variants": [HOLE]},
        "variants",
        255,
    ),
    "project id": ("post", "/api/admin/projects", {"id": HOLE, "name": "P"}, "id", 100),
    "project name": ("post", "/api/admin/projects", {"id": "p2", "name": HOLE}, "name", 255),
    "project description": (
        "post",
        "/api/admin/projects",
        {"id": "p2", "name": "P", "description": HOLE},
        "description",
        MAX_TEXT,
    ),
    "project update name": ("put", "/api/admin/projects/default", {"name": HOLE}, "name", 255),
    "project environment": (
        "post",
        "/api/admin/projects/default/environments",
        {"environment": HOLE},
        "environment",
        100,
    ),
    "segment name": ("post", "/api/admin/segments", {"name": HOLE}, "name", 255),
    "segment description": (
        "post",
        "/api/admin/segments",
        {"name": "s2", "description": HOLE},
        "description",
        MAX_TEXT,
    ),
    "segment constraint": (
        "put",
        "/api/admin/segments/{segment}",
        {"name": "seg", "constraints": [_in(values=[HOLE])]},
        "constraints[0].values",
        MAX_TEXT,
    ),
    "context name": ("post", "/api/admin/context", {"name": HOLE}, "name", 255),
    "context description": (
        "put",
        "/api/admin/context/region",
        {"description": HOLE},
        "description",
        MAX_TEXT,
    ),
    "context legal value": (
        "post",
        "/api/admin/context",
        {"name": "tier", "legalValues": [{"value": HOLE}]},
        "legalValues[0].value",
        MAX_TEXT,
    ),
    "context legal value description": (
        "post",
        "/api/admin/context",
        {"name": "tier", "legalValues": [{"value": "a", "description": HOLE}]},
        "legalValues[0].description",
        MAX_TEXT,
    ),
    "constraint validate": (
        "post",
        "/api/admin/constraints/validate",
        _in(values=[HOLE]),
        "values",
        MAX_TEXT,
    ),
    "tag type name": ("post", "/api/admin/tag-types", {"name": HOLE}, "name", 255),
    "tag type icon": ("post", "/api/admin/tag-types", {"name": "t2", "icon": HOLE}, "icon", 100),
    "tag type description": (
        "put",
        "/api/admin/tag-types/kind",
        {"description": HOLE},
        "description",
        MAX_TEXT,
    ),
    "tag type": (
        "post",
        "/api/admin/features/my-flag/tags",
        {"type": HOLE, "value": "v"},
        "type",
        255,
    ),
    "tag value": (
        "post",
        "/api/admin/features/my-flag/tags",
        {"type": "kind", "value": HOLE},
        "value",
        255,
    ),
    "banner message": ("post", "/api/admin/banners", {"message": HOLE}, "message", MAX_TEXT),
    "banner link": ("post", "/api/admin/banners", {"message": "m", "link": HOLE}, "link", 1000),
    "banner link text": (
        "post",
        "/api/admin/banners",
        {"message": "m", "linkText": HOLE},
        "linkText",
        255,
    ),
    "banner dialog title": (
        "put",
        "/api/admin/banners/{banner}",
        {"dialogTitle": HOLE},
        "dialogTitle",
        255,
    ),
    "banner dialog": ("put", "/api/admin/banners/{banner}", {"dialog": HOLE}, "dialog", MAX_TEXT),
    "import project": (
        "post",
        "/api/admin/features-batch/import",
        {**_batch(), "project": HOLE},
        "project",
        100,
    ),
    "import description": (
        "post",
        "/api/admin/features-batch/import",
        _batch(features=[{"name": "my-flag", "description": HOLE}]),
        "data.features[0].description",
        MAX_TEXT,
    ),
    "import strategy name": (
        "post",
        "/api/admin/features-batch/import",
        _batch(featureStrategies=_batch_strategy(name=HOLE)),
        "data.featureStrategies[0].name",
        255,
    ),
    "import strategy title": (
        "post",
        "/api/admin/features-batch/import",
        _batch(featureStrategies=_batch_strategy(title=HOLE)),
        "data.featureStrategies[0].title",
        255,
    ),
    "import variant name": (
        "post",
        "/api/admin/features-batch/import",
        _batch(featureStrategies=_batch_strategy(variants=[_variant(name=HOLE)])),
        "variants[0].name",
        255,
    ),
    "import flag variant name": (
        "post",
        "/api/admin/features-batch/import",
        _batch(featureEnvironments=[{"featureName": "my-flag", "variants": [_variant(name=HOLE)]}]),
        "variants[0].name",
        255,
    ),
    "import validate strategy name": (
        "post",
        "/api/admin/features-batch/validate",
        _batch(featureStrategies=_batch_strategy(name=HOLE)),
        "data.featureStrategies[0].name",
        255,
    ),
    "maintenance message": (
        "post",
        "/api/admin/maintenance",
        {"enabled": True, "message": HOLE},
        "message",
        500,
    ),
}


@pytest.mark.parametrize("kind", BAD)
@pytest.mark.parametrize("case", CASES)
def test_admin_write__bad_text_in_field__400_naming_field_nothing_stored(world, case, kind):
    method, path, body, field, limit = CASES[case]
    api = Api(Client(), make_token("admin"))
    before = stored()
    response = api.call(method, path.format(**world), raw=raw_body(body, BAD[kind](limit)))
    assert response.status_code == 400, (response.status_code, response.content[:300])
    answer = response.json()
    # The API's NUL filter answers before the patch is applied: it names the operation's value.
    assert named(answer, field) or (method == "patch" and named(answer, "[0].value")), answer
    assert stored() == before


@pytest.mark.parametrize("case", CASES)
def test_admin_write__text_at_the_limit__not_refused_for_length(world, case):
    """The limit is the column's, not lower: text of exactly that length is not a 400 for it."""
    method, path, body, field, limit = CASES[case]
    api = Api(Client(), make_token("admin"))
    response = api.call(method, path.format(**world), raw=raw_body(body, "y" * limit))
    if response.status_code == 400:
        assert not any("at most" in d["message"] for d in response.json()["details"])
    assert response.status_code < 500


def test_variants_route__admin_form__surrogate_in_json_is_a_form_error(world, admin_user):
    client = Client()
    client.force_login(admin_user)
    state = FeatureEnvironment.objects.get(feature__name="my-flag", environment="development")
    url = reverse("admin:flags_featureenvironment_change", args=[state.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = change_form_data(page)
    data["variants"] = '[{"name": "a\\ud800", "weight": 1000, "weightType": "variable"}]'
    before = stored()
    response = client.post(url, data)
    assert response.status_code == 200
    assert "lone surrogate" in str(response.context["adminform"].form.errors["variants"])
    assert stored() == before


def _admin(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"message": "a\x00b"}, "message"),
        ({"message": "m", "link_text": "x" * 256}, "link_text"),
        ({"message": "m", "dialog_title": "\x00"}, "dialog_title"),
    ],
)
def test_banner_admin__nul_or_over_long_text__form_error_nothing_stored(
    world, admin_user, data, field
):
    before = stored()
    response = _admin(admin_user).post(
        reverse("admin:flags_banner_add"), {"variant": "info", **data}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field]
    assert stored() == before


def test_banner_admin__invalid_utf8_bytes__never_a_surrogate_stored(world, admin_user):
    # A form body cannot carry a lone surrogate: Django decodes bad UTF-8 to U+FFFD.
    response = _admin(admin_user).post(
        reverse("admin:flags_banner_add"),
        data=b"variant=info&message=a%ED%A0%80b",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code < 500
    for message in Banner.objects.values_list("message", flat=True):
        assert "\ud800" not in message


def test_batch_import__flag_variant_name_put_variants_refuses__refused_alike(world):
    api = Api(Client(), make_token("admin"))
    variants = [_variant(name="v" * 300)]
    by_route = api.put(f"{E}/variants", variants)
    before = stored()
    body = _batch(featureEnvironments=[{"featureName": "my-flag", "variants": variants}])
    by_import = api.post("/api/admin/features-batch/import", body)
    assert by_route.status_code == by_import.status_code == 400
    assert "at most 255" in by_import.json()["message"]
    assert "my-flag" in by_import.json()["message"]  # the record it came from
    assert stored() == before


@pytest.mark.parametrize("body", [{"features": ["a\\ud800"]}, {"tag": "simple:\\udfff"}])
def test_batch_export__surrogate_in_names__400_not_500(world, body):
    api = Api(Client(), make_token("admin"))
    raw = json.dumps({"environment": "development", **body}).replace("\\\\", "\\")
    response = api.post("/api/admin/features-batch/export", raw=raw)
    assert response.status_code == 400, response.content[:300]
    assert named(response.json(), next(iter(body)))
