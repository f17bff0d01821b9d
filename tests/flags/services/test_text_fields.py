"""The services' edge rule on every text field: NUL, lone surrogates, length.

Every door (API, admin, commands, imports) ends in these services, so each refusal here holds
for all of them: a ValidationFailed naming the field, and nothing stored or audited.
"""

import pytest

from core.errors import ValidationFailed
from core.textcheck import MAX_TEXT
from flags import services
from flags.batch_validation import parse_import
from flags.services.banners import banner_create
from flags.services.batch_import import import_batch
from flags.services.imports import import_features
from maintenance.services import set_maintenance
from tests.support.rows import stored

BAD = {
    "nul": lambda limit: "a\x00b",
    "lone surrogate": lambda limit: "a\ud800b",
    "too long": lambda limit: "x" * (limit + 1),
}
IN = {"contextName": "userId", "operator": "IN", "values": ["1"]}
VARIANT = {"name": "a", "weight": 1000, "weightType": "variable", "stickiness": "default"}


def _strategy(ctx, **spec):
    spec.setdefault("name", "default")
    return services.strategy_add(
        feature=ctx["feature"], environment=ctx["env"], actor=ctx["actor"], **spec
    )


def _import(ctx, feature: dict, **kwargs):
    body = {"features": [{"name": "imported", "enabled": True, "strategies": [], **feature}]}
    return import_features(body, environment="development", actor=ctx["actor"], **kwargs)


def _batch(ctx, **data):
    body = {"features": [{"name": "checkout"}], "featureStrategies": [], **data}
    req = parse_import({"project": "default", "environment": "development", "data": body})
    return import_batch(req, actor=ctx["actor"])


def _batch_strategy(**changes) -> list:
    return [{"featureName": "checkout", "name": "default", **changes}]


# name -> (call with the bad text, what the error must name, the field's length limit)
CASES = {
    "feature name": (
        lambda c, t: services.feature_create(project=c["project"], name=t, actor=c["actor"]),
        "name",
        255,
    ),
    "feature description": (
        lambda c, t: services.feature_update(feature=c["feature"], description=t, actor=c["actor"]),
        "description",
        MAX_TEXT,
    ),
    "feature clone name": (
        lambda c, t: services.feature_clone(feature=c["feature"], name=t, actor=c["actor"]),
        "name",
        255,
    ),
    "strategy name": (lambda c, t: _strategy(c, name=t), "name", 255),
    "strategy title": (lambda c, t: _strategy(c, title=t), "title", 255),
    "strategy parameter": (
        lambda c, t: _strategy(c, parameters={"p": t}),
        "parameters.p",
        MAX_TEXT,
    ),
    "strategy parameter name": (lambda c, t: _strategy(c, parameters={t: "1"}), "parameters", 255),
    "constraint context": (
        lambda c, t: _strategy(c, constraints=[{**IN, "contextName": t}]),
        "constraints[0].contextName",
        255,
    ),
    "constraint value": (
        lambda c, t: _strategy(c, constraints=[{**IN, "values": [t]}]),
        "constraints[0].values[0]",
        MAX_TEXT,
    ),
    "forced constraint": (
        lambda c, t: _strategy(c, constraints=[{**IN, "values": [t]}], force=True),
        "constraints[0].values[0]",
        MAX_TEXT,
    ),
    "strategy variant": (
        lambda c, t: _strategy(c, variants=[{**VARIANT, "name": t}]),
        "variants[0].name",
        255,
    ),
    "flag variant": (
        lambda c, t: services.feature_set_variants(
            feature=c["feature"],
            environment=c["env"],
            variants=[{**VARIANT, "name": t}],
            actor=c["actor"],
        ),
        "variants[0].name",
        255,
    ),
    "forced flag variant": (
        lambda c, t: services.feature_set_variants(
            feature=c["feature"],
            environment=c["env"],
            variants=[{**VARIANT, "name": t}],
            actor=c["actor"],
            force=True,
        ),
        "variants[0].name",
        MAX_TEXT,
    ),
    "segment name": (lambda c, t: services.segment_create(name=t, actor=c["actor"]), "name", 255),
    "segment project": (
        lambda c, t: services.segment_create(name="s", project=t, actor=c["actor"]),
        "project",
        100,
    ),
    "context field name": (
        lambda c, t: services.context_field_create(name=t, actor=c["actor"]),
        "name",
        255,
    ),
    "legal value": (
        lambda c, t: services.context_field_create(
            name="tier", legal_values=[{"value": t}], actor=c["actor"]
        ),
        "legalValues[0].value",
        MAX_TEXT,
    ),
    "project name": (
        lambda c, t: services.project_create(id="p2", name=t, actor=c["actor"]),
        "name",
        255,
    ),
    "project update description": (
        lambda c, t: services.project_update(project=c["project"], description=t, actor=c["actor"]),
        "description",
        MAX_TEXT,
    ),
    "project environments": (
        lambda c, t: services.project_create(id="p2", name="P", environments=[t], actor=c["actor"]),
        "environments[0]",
        100,
    ),
    "tag type icon": (
        lambda c, t: services.tag_type_create(name="kind", icon=t, actor=c["actor"]),
        "icon",
        100,
    ),
    "tag value": (
        lambda c, t: services.feature_tag_add(
            feature=c["feature"], type="simple", value=t, actor=c["actor"]
        ),
        "value",
        255,
    ),
    "tag type of a tag": (
        lambda c, t: services.feature_tag_add(
            feature=c["feature"], type=t, value="v", actor=c["actor"]
        ),
        "type",
        255,
    ),
    "banner link text": (
        lambda c, t: banner_create(message="m", link_text=t, actor=c["actor"]),
        "linkText",
        255,
    ),
    "banner dialog title": (
        lambda c, t: banner_create(message="m", dialog_title=t, actor=c["actor"]),
        "dialogTitle",
        255,
    ),
    "banner message": (
        lambda c, t: banner_create(message=t, actor=c["actor"]),
        "message",
        MAX_TEXT,
    ),
    "dependency variant": (
        lambda c, t: services.dependency_add(
            child=c["feature"], parent=c["parent"], variants=[t], actor=c["actor"]
        ),
        "variants[0]",
        255,
    ),
    "maintenance message": (
        lambda c, t: set_maintenance(enabled=True, message=t, actor=c["actor"]),
        "message",
        500,
    ),
    "import description": (lambda c, t: _import(c, {"description": t}), "description", MAX_TEXT),
    "import strategy name": (
        lambda c, t: _import(c, {"strategies": [{"name": t}]}),
        "strategies[0].name",
        255,
    ),
    "import forced strategy name": (
        lambda c, t: _import(c, {"strategies": [{"name": t}]}, force=True),
        "strategies[0].name",
        255,
    ),
    "import variant name": (
        lambda c, t: _import(c, {"variants": [{**VARIANT, "name": t}]}),
        "variants[0].name",
        255,
    ),
    "import environment": (
        lambda c, t: import_features({"features": []}, environment=t, actor=c["actor"]),
        "environment",
        100,
    ),
    "batch strategy name": (
        lambda c, t: _batch(c, featureStrategies=_batch_strategy(name=t)),
        "data.featureStrategies[0].name",
        255,
    ),
    "batch variant name": (
        lambda c, t: _batch(
            c, featureStrategies=_batch_strategy(variants=[{**VARIANT, "name": t}])
        ),
        "variants[0].name",
        255,
    ),
    "batch context field": (
        lambda c, t: _batch(c, contextFields=[{"name": "tier", "description": t}]),
        "data.contextFields[0].description",
        MAX_TEXT,
    ),
    "batch tag value": (
        lambda c, t: _batch(
            c,
            tagTypes=[{"name": "kind"}],
            featureTags=[{"featureName": "checkout", "tagType": "kind", "tagValue": t}],
        ),
        "data.featureTags[0]",
        255,
    ),
}


@pytest.fixture
def ctx(feature, default_project, development, actor):
    parent = services.feature_create(project=default_project, name="parent", actor=actor)
    return {
        "feature": feature,
        "parent": parent,
        "project": default_project,
        "env": development,
        "actor": actor,
    }


def _names(error: ValidationFailed, field: str) -> bool:
    return any(field in f"{d['path']} {d['message']}" for d in error.details)


@pytest.mark.parametrize("kind", BAD)
@pytest.mark.parametrize("case", CASES)
def test_service__bad_text_in_field__validation_failed_naming_it_nothing_stored(ctx, case, kind):
    call, field, limit = CASES[case]
    before = stored()
    with pytest.raises(ValidationFailed) as refused:
        call(ctx, BAD[kind](limit))
    assert _names(refused.value, field), refused.value.details
    assert stored() == before


def test_batch_import__variant_name_put_variants_refuses__refused_the_same_way(ctx):
    name = "v" * 300
    with pytest.raises(ValidationFailed) as by_route:
        services.feature_set_variants(
            feature=ctx["feature"],
            environment=ctx["env"],
            variants=[{**VARIANT, "name": name}],
            actor=ctx["actor"],
        )
    before = stored()
    with pytest.raises(ValidationFailed) as by_import:
        _batch(
            ctx,
            featureEnvironments=[
                {"featureName": "checkout", "variants": [{**VARIANT, "name": name}]}
            ],
        )
    assert by_route.value.details[0]["message"] in by_import.value.message
    assert "checkout" in by_import.value.message  # the record: the flag it belongs to
    assert stored() == before
