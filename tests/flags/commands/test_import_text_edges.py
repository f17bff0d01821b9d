"""Both import commands refuse text the database cannot hold, naming the record, storing nothing."""

import json

import pytest
from django.core.management import CommandError, call_command

from tests.support.rows import stored

STRATEGY = {"name": "default", "parameters": {}, "constraints": []}
VARIANT = {"name": "a", "weight": 1000, "weightType": "variable", "stickiness": "default"}


def _write(tmp_path, body) -> str:
    path = tmp_path / "body.json"
    # ensure_ascii: a lone surrogate is written as its \ud800 escape, as any JSON exporter would.
    path.write_text(json.dumps(body), encoding="utf-8")
    return str(path)


FEATURES_BODIES = {
    "description with surrogate": (
        [{"name": "f", "description": "a\ud800", "strategies": []}],
        "features[0].description",
    ),
    "strategy name too long": (
        [{"name": "f", "strategies": [{**STRATEGY, "name": "s" * 300}]}],
        "features[0].strategies[0].name",
    ),
    "strategy title with NUL": (
        [{"name": "f", "strategies": [{**STRATEGY, "title": "a\x00b"}]}],
        "features[0].strategies[0].title",
    ),
    "variant name too long": (
        [{"name": "f", "strategies": [], "variants": [{**VARIANT, "name": "v" * 300}]}],
        "features[0].variants[0].name",
    ),
}


# --force stores variants as given (300 characters fit a JSON column); the rest it cannot.
RUNS = [(case, False) for case in FEATURES_BODIES] + [
    (case, True) for case in FEATURES_BODIES if case != "variant name too long"
]


@pytest.mark.parametrize(("case", "force"), RUNS)
def test_import_features__bad_text__command_error_naming_record_nothing_stored(
    tmp_path, default_project, case, force
):
    features, where = FEATURES_BODIES[case]
    before = stored()
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_features",
            _write(tmp_path, {"version": 2, "features": features}),
            environment="development",
            force=force,
        )
    assert where in str(refused.value)
    assert stored() == before


BATCH_BODIES = {
    "strategy name too long": (
        {"featureStrategies": [{"featureName": "f", **STRATEGY, "name": "s" * 300}]},
        "data.featureStrategies[0].name",
    ),
    "description with surrogate": (
        {"features": [{"name": "f", "description": "\udfff"}]},
        "data.features[0].description",
    ),
    "flag variant name too long": (
        {
            "featureEnvironments": [
                {"featureName": "f", "variants": [{**VARIANT, "name": "v" * 300}]}
            ]
        },
        "f: variants[0].name",
    ),
}


@pytest.mark.parametrize("case", BATCH_BODIES)
def test_import_batch__bad_text__command_error_naming_record_nothing_stored(
    tmp_path, default_project, case
):
    data, where = BATCH_BODIES[case]
    body = {"features": [{"name": "f"}], "featureStrategies": [], **data}
    before = stored()
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_batch", _write(tmp_path, body), project="default", environment="development"
        )
    assert where in str(refused.value)
    assert stored() == before
