"""GET /api/client/delta: hydration, changes after an ETag, 304, scoping, the spec's delta files."""

import json

import pytest
from yggdrasil_engine.engine import UnleashEngine

from flags import services
from flags.models import Feature, Project, Segment
from maintenance import services as maintenance
from tests.support import client_spec
from tests.support.client_api import ACTOR, flag, get, token
from tests.support.delta_replay import Replayer

DELTA = "/api/client/delta"
# Writes commit, so their revision is published as in production (on_commit).
pytestmark = pytest.mark.django_db(transaction=True)
CONSTRAINT = {"contextName": "userId", "operator": "IN", "values": ["1", "2"]}


@pytest.fixture(autouse=True)
def _fresh(settings):
    settings.UNLEASH_REVISION_CHECK_INTERVAL = 0  # each write is seen at once


def _delta(client, secret, etag=None, path=DELTA):
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    return get(client, secret, path, spec="5.2.0", **headers)


def _events(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return json.loads(response.content)["events"]


def test_delta__no_etag__hydration_equals_client_features(client, default_project, development):
    flag(default_project, development, "alpha", strategies=[{"name": "default"}])
    secret = token()
    features = json.loads(get(client, secret, spec="5.2.0").content)
    response = _delta(client, secret)
    (hydration,) = _events(response)
    assert hydration["type"] == "hydration"
    assert hydration["features"] == features["features"]
    assert hydration["segments"] == features["segments"]
    assert response["ETag"].startswith(f'"{hydration["eventId"]}:')


def test_delta__current_etag__304(client, default_project, development):
    flag(default_project, development, "alpha")
    secret = token()
    etag = _delta(client, secret)["ETag"]
    assert _delta(client, secret, etag).status_code == 304


def test_delta__flag_toggled_after_etag__only_that_flag_updated(
    client, default_project, development
):
    flag(default_project, development, "alpha")
    beta = flag(default_project, development, "beta", enabled=False)
    secret = token()
    etag = _delta(client, secret)["ETag"]
    services.feature_set_enabled(feature=beta, environment=development, enabled=True, actor=ACTOR)
    response = _delta(client, secret, etag)
    (event,) = _events(response)
    assert event["type"] == "feature-updated"
    assert event["feature"]["name"] == "beta" and event["feature"]["enabled"] is True
    assert isinstance(event["eventId"], int) and response["ETag"] != etag
    assert _delta(client, secret, response["ETag"]).status_code == 304


def test_delta__flag_archived__feature_removed_with_project(client, default_project, development):
    alpha = flag(default_project, development, "alpha")
    secret = token()
    etag = _delta(client, secret)["ETag"]
    services.feature_archive(feature=alpha, actor=ACTOR)
    (event,) = _events(_delta(client, secret, etag))
    assert event == {
        "eventId": event["eventId"],
        "type": "feature-removed",
        "featureName": "alpha",
        "project": "default",
    }


def test_delta__segment_changed_then_deleted__segment_updated_then_removed(
    client, default_project, development
):
    segment = services.segment_create(name="beta users", constraints=[CONSTRAINT], actor=ACTOR)
    alpha = flag(
        default_project,
        development,
        "alpha",
        strategies=[{"name": "default", "segments": [segment.id]}],
    )
    secret = token()
    etag = _delta(client, secret)["ETag"]
    wider = [{**CONSTRAINT, "values": ["1", "2", "3"]}]
    services.segment_update(segment=segment, constraints=wider, actor=ACTOR)
    response = _delta(client, secret, etag)
    (event,) = _events(response)
    assert event["type"] == "segment-updated"
    assert event["segment"]["id"] == segment.id
    assert event["segment"]["constraints"][0]["values"] == ["1", "2", "3"]
    services.feature_archive(feature=alpha, actor=ACTOR)
    services.segment_delete(segment=Segment.objects.get(pk=segment.id), actor=ACTOR)
    kinds = [
        (e["type"], e.get("segmentId")) for e in _events(_delta(client, secret, response["ETag"]))
    ]
    assert kinds == [("feature-removed", None), ("segment-removed", segment.id)]


def test_delta__project_scoped_token__never_sees_other_project(
    client, default_project, development
):
    other = services.project_create(id="other", name="Other", actor=ACTOR)
    flag(default_project, development, "mine")
    secret = token(projects=["default"])
    response = _delta(client, secret)
    (hydration,) = _events(response)
    assert [f["name"] for f in hydration["features"]] == ["mine"]
    theirs = flag(other, development, "theirs")
    assert _delta(client, secret, response["ETag"]).status_code == 304
    services.feature_set_enabled(
        feature=theirs, environment=development, enabled=False, actor=ACTOR
    )
    assert _delta(client, secret, response["ETag"]).status_code == 304


def test_delta__flag_moved_out_of_scope__removed_for_old_project(
    client, default_project, development
):
    other = services.project_create(id="other", name="Other", actor=ACTOR)
    mine = flag(default_project, development, "mine")
    secret = token(projects=["default"])
    etag = _delta(client, secret)["ETag"]
    Feature.objects.filter(pk=mine.pk).update(project=other)  # no service moves flags yet
    services.feature_set_enabled(feature=mine, environment=development, enabled=False, actor=ACTOR)
    (event,) = _events(_delta(client, secret, etag))
    assert event["type"] == "feature-removed" and event["project"] == "default"


@pytest.mark.parametrize("etag", ['"1:0"', '"999999:1"', '"17"', "garbage"])
def test_delta__unknown_etag__fresh_hydration(client, default_project, development, etag):
    flag(default_project, development, "alpha")
    (event,) = _events(_delta(client, token(), etag))
    assert event["type"] == "hydration"


def test_delta__maintenance_toggled__nothing_sent(client, default_project, development):
    flag(default_project, development, "alpha")
    secret = token()
    etag = _delta(client, secret)["ETag"]
    maintenance.set_maintenance(enabled=True, actor=ACTOR)
    try:
        assert _delta(client, secret, etag).status_code == 304
    finally:
        maintenance.set_maintenance(enabled=False, actor=ACTOR)


def test_delta__frontend_token__403(client, db):
    assert _delta(client, token("frontend")).status_code == 403


def _spec(number: str) -> dict:
    return next(spec for name, spec in client_spec.load_spec_files() if name.startswith(number))


@pytest.mark.parametrize("number", ["19", "20"])
def test_delta__spec_delta_file_replayed_as_writes__engine_matches_every_case(client, db, number):
    """Each spec event is made as a write; the engine applies what the endpoint returns."""
    spec = _spec(number)
    environment = services.environment_create(name=f"spec-{number}", type="test", actor=ACTOR)
    project = Project.objects.get(pk="default")
    services.project_environment_add(project=project, environment=environment, actor=ACTOR)
    secret = token(environment=environment.name)
    engine = UnleashEngine()
    response = _delta(client, secret)
    engine.take_state(response.content.decode())
    etag, replayer = response["ETag"], Replayer(environment, project)
    for event in spec["state"]["events"]:
        replayer.apply(event)
        response = _delta(client, secret, etag)
        if response.status_code == 200:
            engine.take_state(response.content.decode())
            etag = response["ETag"]
    outcomes = {
        case["description"]: engine.is_enabled(case["toggleName"], case["context"]).is_enabled
        for case in spec["tests"]
    }
    failures = [
        c["description"] for c in spec["tests"] if outcomes[c["description"]] != c["expectedResult"]
    ]
    assert failures == []
    expected = {f["name"] for f in client_spec.fold_delta_state(spec["state"])["features"]}
    assert {t.name for t in engine.list_known_toggles()} == expected
