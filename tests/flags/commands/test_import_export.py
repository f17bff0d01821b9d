"""manage.py import_features / export_features: round trip, --force of the spec, --replace."""

import json

import pytest
from django.core.management import CommandError, call_command

from core.actors import Actor
from core.models import Event
from flags.models import Feature, FeatureEnvironment, Segment
from flags.services import feature_create
from maintenance.services import set_maintenance
from tests.support import client_spec

SPEC_FILES = client_spec.load_spec_files()
BODY = {
    "version": 2,
    "features": [
        {
            "name": "parent",
            "type": "operational",
            "description": "the parent",
            "enabled": True,
            "stale": True,
            "impressionData": True,
            "strategies": [
                {
                    "name": "flexibleRollout",
                    "parameters": {"rollout": "40", "stickiness": "default", "groupId": "p"},
                    "constraints": [
                        {
                            "contextName": "userId",
                            "operator": "IN",
                            "values": ["1"],
                            "caseInsensitive": False,
                            "inverted": False,
                        }
                    ],
                    "segments": [7],
                    "variants": [],
                }
            ],
            "variants": [
                {"name": "a", "weight": 700, "weightType": "fix", "stickiness": "default"},
                {"name": "b", "weight": 300, "weightType": "variable", "stickiness": "default"},
            ],
        },
        {
            "name": "child",
            "type": "release",
            "description": "",
            "enabled": False,
            "stale": False,
            "impressionData": False,
            "strategies": [],
            "variants": [],
            "dependencies": [{"feature": "parent", "enabled": True, "variants": ["a"]}],
        },
    ],
    "segments": [
        {
            "id": 7,
            "name": "beta",
            "constraints": [
                {
                    "contextName": "plan",
                    "operator": "IN",
                    "values": ["pro"],
                    "caseInsensitive": False,
                    "inverted": False,
                }
            ],
        }
    ],
}


def _write(tmp_path, body, name="in.json"):
    path = tmp_path / name
    path.write_text(json.dumps(body), encoding="utf-8")
    return str(path)


def _export(tmp_path, **options) -> dict:
    out = tmp_path / "out.json"
    call_command("export_features", str(out), **options)
    return json.loads(out.read_text(encoding="utf-8"))


def _comparable(body: dict) -> dict:
    segments = {s["id"]: s["name"] for s in body.get("segments", [])}
    features = json.loads(json.dumps(body["features"]))
    for feature in features:
        for strategy in feature["strategies"]:
            strategy["segments"] = [segments[i] for i in strategy.get("segments", [])]
    features.sort(key=lambda f: f["name"])
    return {"features": features, "segments": sorted(segments.values())}


def test_import_export__round_trip__same_body(tmp_path, default_project):
    call_command("import_features", _write(tmp_path, BODY), environment="development")
    exported = _export(tmp_path, environment="development")
    for feature in exported["features"]:
        feature.pop("project")
    assert _comparable(exported) == _comparable(BODY)
    (parent,) = [f for f in exported["features"] if f["name"] == "parent"]
    assert parent["strategies"][0]["segments"] == [Segment.objects.get(name="beta").id]


def test_import_features__twice__updates_and_one_summary_event_each(tmp_path, default_project):
    path = _write(tmp_path, BODY)
    call_command("import_features", path, environment="development")
    call_command("import_features", path, environment="development")
    events = Event.objects.filter(type="features-imported").order_by("id")
    assert [e.data["created"] for e in events] == [["parent", "child"], []]
    assert events.last().data["updated"] == ["parent", "child"]
    assert Feature.objects.count() == 2


def test_import_features__new_environment_for_project__link_audited_and_rows_for_all(
    tmp_path, default_project, actor
):
    feature_create(project=default_project, name="existing", actor=actor)

    call_command("import_features", _write(tmp_path, BODY), environment="qa")

    added = Event.objects.get(type="project-environment-added")
    assert (added.project, added.environment) == (default_project.pk, "qa")
    assert FeatureEnvironment.objects.filter(feature__name="existing", environment="qa").exists()


def test_import_features__invalid_environment_name__refused_nothing_stored(
    tmp_path, default_project
):
    with pytest.raises(CommandError, match="letters, digits"):
        call_command("import_features", _write(tmp_path, BODY), environment="no such env")

    assert not Feature.objects.exists()


def test_import_features__replace__archives_flags_not_in_file(tmp_path, default_project):
    call_command("import_features", _write(tmp_path, BODY), environment="development")
    only_parent = {**BODY, "features": [BODY["features"][0]]}
    call_command(
        "import_features", _write(tmp_path, only_parent), environment="development", replace=True
    )
    assert list(Feature.objects.active().values_list("name", flat=True)) == ["parent"]
    assert Feature.objects.archived().get().name == "child"


def test_import_features__invalid_constraint_without_force__error_and_nothing_stored(
    tmp_path, default_project
):
    bad = json.loads(json.dumps(BODY))
    bad["features"][0]["strategies"][0]["constraints"][0]["operator"] = "LIKE"
    with pytest.raises(CommandError, match="operator"):
        call_command("import_features", _write(tmp_path, bad), environment="development")
    assert not Feature.objects.exists() and not Segment.objects.exists()


def test_import_features__not_json__clear_error(tmp_path, db):
    path = tmp_path / "bad.json"
    path.write_text("{nope", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_features", str(path), environment="development")


def test_import_features__maintenance_on__refused(tmp_path, default_project):
    set_maintenance(enabled=True, actor=Actor.system("test"))
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_features", _write(tmp_path, BODY), environment="development")
    assert not Feature.objects.exists()


@pytest.mark.parametrize(
    ("filename", "spec"), SPEC_FILES, ids=[client_spec.file_stem(n) for n, _ in SPEC_FILES]
)
def test_import_features__force_spec_file__served_exactly_as_given(tmp_path, db, filename, spec):
    state = client_spec.fold_delta_state(spec["state"])
    number = filename[:2]
    call_command(
        "import_features", _write(tmp_path, state), environment=f"env-{number}",
        project=f"p-{number}", force=True,
    )  # fmt: skip
    exported = _export(tmp_path, environment=f"env-{number}", project=[f"p-{number}"])
    served = {f["name"]: f for f in exported["features"]}
    assert set(served) == {f["name"] for f in state["features"]}
    for feature in state["features"]:
        got = served[feature["name"]]
        assert got["variants"] == (feature.get("variants") or [])
        given = [s for s in feature.get("strategies") or [] if not s.get("disabled")]
        assert [s["name"] for s in got["strategies"]] == [s["name"] for s in given]
        for mine, theirs in zip(got["strategies"], given, strict=True):
            assert mine["constraints"][: len(theirs.get("constraints") or [])] == (
                theirs.get("constraints") or []
            )
