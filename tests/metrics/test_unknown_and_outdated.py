"""Issue 10: unknown flags, outdated SDKs, an application's overview and the creator lists
answer as Unleash 8.2 does (fixtures in tests/fixtures/unleash_8_2/flag_workflow/), and
metrics move a flag's lifecycle to pre-live / live."""

import json
from pathlib import Path

import pytest

from core.actors import Actor
from flags.models import FeatureLifecycle
from flags.services import feature_create, feature_set_enabled, token_create
from metrics import sdk_selectors, services
from tests.metrics.conftest import metrics_body, register_body

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "fixtures" / "unleash_8_2" / "flag_workflow"
OLD_NODE = "unleash-client-node:5.0.0"


def unleash(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


@pytest.fixture
def dev_token(system_actor, development):
    _, secret = token_create(
        name="dev", type="backend", actor=system_actor, environment=development, projects=["*"]
    )
    return secret


def _report(post, token, *, app="my-app", sdk=OLD_NODE, toggles=None):
    """An SDK registers and sends metrics; the flush writes them as the worker would."""
    post("/api/client/register", register_body(appName=app, sdkVersion=sdk), token)
    body = metrics_body(appName=app)
    if toggles is not None:
        body["bucket"]["toggles"] = toggles
    post("/api/client/metrics", body, token)
    services.flush()


def test_unknown_flags__reported_by_sdk__grouped_with_reports_in_unleash_keys(
    admin_client, post, backend_token, checkout
):
    _report(post, backend_token)

    response = admin_client.get("/api/admin/metrics/unknown-flags")

    assert response.status_code == unleash("unknown_flags")["status"] == 200
    assert sorted(response.json()) == unleash("unknown_flags")["keys"]
    (flag,) = response.json()["unknownFlags"]
    assert flag["name"] == "other" and sorted(flag) == [
        "lastEventAt",
        "lastSeenAt",
        "name",
        "reports",
    ]
    assert flag["reports"][0]["appName"] == "my-app"
    assert [e["environment"] for e in flag["reports"][0]["environments"]] == ["production"]


def test_unknown_flags__name_created_since__no_longer_listed(
    admin_client, post, backend_token, checkout, default_project, system_actor
):
    _report(post, backend_token)
    feature_create(project=default_project, name="other", actor=system_actor)

    assert admin_client.get("/api/admin/metrics/unknown-flags").json()["unknownFlags"] == []


def test_outdated_sdks__old_and_current_versions__only_old_listed_like_unleash(
    admin_client, post, backend_token, checkout
):
    _report(post, backend_token, app="old-app")
    _report(post, backend_token, app="new-app", sdk="unleash-client-node:6.1.0")

    response = admin_client.get("/api/admin/metrics/sdks/outdated")

    assert response.status_code == unleash("outdated_sdks")["status"] == 200
    assert sorted(response.json()) == unleash("outdated_sdks")["keys"]
    theirs = unleash("outdated_sdks")["response"]["sdks"][0]
    assert response.json()["sdks"] == [{"sdkVersion": OLD_NODE, "applications": ["old-app"]}]
    assert theirs["sdkVersion"] == OLD_NODE


def test_project_outdated_sdks__apps_using_the_projects_flags__listed_unknown_project_empty(
    admin_client, post, backend_token, checkout
):
    _report(post, backend_token, app="old-app")

    mine = admin_client.get("/api/admin/projects/default/sdks/outdated")
    other = admin_client.get("/api/admin/projects/nope/sdks/outdated")

    assert mine.status_code == unleash("project_outdated_sdks")["status"] == 200
    assert mine.json()["sdks"] == [{"sdkVersion": OLD_NODE, "applications": ["old-app"]}]
    assert other.status_code == 200 and other.json() == {"sdks": []}


@pytest.mark.parametrize(
    ("version", "outdated"),
    [
        ("unleash-client-node:5.3.1", True),
        ("unleash-client-node:5.3.2", False),
        ("unleash-client-node:5.3.2-beta.1", True),
        ("unleash-client-node:not-a-version", False),
        ("unleash-client-node", False),
        ("some-other-sdk:0.0.1", False),
        ("unleash-python-sdk:6.2.9", True),
    ],
)
def test_is_outdated__sdk_versions__unleash_minimums(version, outdated):
    assert sdk_selectors.is_outdated(version) is outdated


def test_application_overview__reporting_app__unleash_keys_and_issues(
    admin_client, post, backend_token, checkout
):
    post(
        "/api/client/register",
        register_body(appName="my-app", sdkVersion=OLD_NODE, strategies=["default", "custom"]),
        backend_token,
    )
    post("/api/client/metrics", metrics_body(), backend_token)
    services.flush()

    response = admin_client.get("/api/admin/metrics/applications/my-app/overview")

    theirs = unleash("app_overview")
    assert response.status_code == theirs["status"] == 200
    body = response.json()
    assert sorted(body) == theirs["keys"]
    assert sorted(body["environments"][0]) == sorted(theirs["response"]["environments"][0])
    assert body["projects"] == ["default"] and body["featureCount"] == 1
    (env,) = body["environments"]
    assert (env["name"], env["instanceCount"], env["backendSdks"]) == ("production", 1, [OLD_NODE])
    assert env["issues"]["outdatedSdks"] == [OLD_NODE]
    assert body["issues"] == {"missingStrategies": ["custom"]}


def test_application_overview__unknown_app__404_json(admin_client):
    response = admin_client.get("/api/admin/metrics/applications/nope/overview")

    assert response.status_code == 404
    assert response.json()["details"][0]["path"] == "appName"


def test_event_creators__user_and_token_wrote_events__ids_and_names_like_unleash(
    admin_client, admin_user, default_project
):
    feature_create(
        project=default_project, name="by-user", actor=Actor.from_user(admin_user, source="test")
    )
    feature_create(
        project=default_project, name="by-token", actor=Actor(name="token:ci", source="api")
    )

    response = admin_client.get("/api/admin/event-creators")

    assert response.status_code == unleash("event_creators")["status"] == 200
    theirs = {c["id"]: c["name"] for c in unleash("event_creators")["response"]}
    mine = {c["id"]: c["name"] for c in response.json()}
    assert mine[-42] == theirs[-42] and mine[admin_user.pk] == "admin"
    assert all(sorted(c) == ["id", "name"] for c in response.json())


def test_flag_creators__token_created_flag__admin_token_user_like_unleash(
    admin_client, default_project
):
    feature_create(
        project=default_project, name="by-token", actor=Actor(name="token:ci", source="api")
    )

    mine = admin_client.get("/api/admin/projects/default/flag-creators")
    unknown = admin_client.get("/api/admin/projects/nope/flag-creators")

    assert mine.status_code == unleash("flag_creators")["status"] == 200
    assert mine.json() == unleash("flag_creators")["response"]
    assert unknown.json() == unleash("flag_creators_unknown_project")["response"] == []


def test_lifecycle__seen_in_development_then_production_while_on__pre_live_then_live(
    admin_client, post, dev_token, backend_token, checkout, production, system_actor
):
    _report(post, dev_token)
    after_dev = admin_client.get("/api/admin/projects/default/features/checkout/lifecycle").json()
    feature_set_enabled(feature=checkout, environment=production, enabled=True, actor=system_actor)
    _report(post, backend_token)
    stages = FeatureLifecycle.objects.filter(feature=checkout).values_list("stage", flat=True)

    theirs = [s["stage"] for s in unleash("lifecycle_after_metrics")["response"]]
    assert [s["stage"] for s in after_dev] == theirs == ["initial", "pre-live"]
    assert sorted(stages) == ["initial", "live", "pre-live"]
    read = admin_client.get("/api/admin/projects/default/features/checkout").json()
    assert read["lifecycle"]["stage"] == "live"


def test_lifecycle__seen_in_production_while_off__pre_live_only(post, backend_token, checkout):
    _report(post, backend_token)

    stages = FeatureLifecycle.objects.filter(feature=checkout).values_list("stage", flat=True)
    assert sorted(stages) == ["initial", "pre-live"]


def test_lifecycle__seen_again__first_sighting_kept(post, dev_token, checkout):
    _report(post, dev_token)
    first = FeatureLifecycle.objects.get(feature=checkout, stage="pre-live").entered_stage_at
    _report(post, dev_token)

    assert (
        FeatureLifecycle.objects.get(feature=checkout, stage="pre-live").entered_stage_at == first
    )
