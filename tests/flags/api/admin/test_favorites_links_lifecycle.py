"""Issue 10: favorites, flag links and the lifecycle routes answer as Unleash 8.2 does.

Unleash's answers are recorded in tests/fixtures/unleash_8_2/flag_workflow/ (record_fl.py);
each test replays the same call here and compares status and keys, never a live Unleash.
"""

import importlib
import json
from pathlib import Path

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.actors import Actor
from core.models import Event
from flags.models import FavoriteFeature, FeatureLifecycle, FeatureLink
from flags.services import feature_archive, feature_create, feature_revive
from maintenance import services as maintenance
from tests.support.admin_api import Api, make_token, personal_token, role_user
from tests.support.fuzz import examples

FIXTURES = Path(__file__).parents[3] / "fixtures" / "unleash_8_2" / "flag_workflow"
FLAG = "/api/admin/projects/default/features/flx-a"
SYSTEM = Actor.system("test")
FEATURE_PATH = "/api/admin/projects/{project_id}/features/{feature_name}"


def unleash(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


@pytest.fixture
def flag(db, default_project, development, production):
    return feature_create(project=default_project, name="flx-a", actor=SYSTEM)


@pytest.fixture
def api(db) -> Api:
    """An admin token (no user behind it)."""
    return Api(Client(), make_token("admin"))


@pytest.fixture
def user_api(admin_client) -> Api:
    """A signed-in user's session (favorites belong to users, not tokens)."""
    return Api(admin_client)


def _link_ids(api: Api) -> list[str]:
    return [link["id"] for link in api.get(FLAG).json()["links"]]


# Favorites


def test_favorites__signed_in_user__unleash_status_and_favorite_true_in_reads(user_api, flag):
    project = user_api.post("/api/admin/projects/default/favorites")
    feature = user_api.post(f"{FLAG}/favorites")

    assert project.status_code == unleash("fav_project_user")["status"] == 200
    assert feature.status_code == unleash("fav_feature_user")["status"] == 200
    assert not feature.content and unleash("fav_feature_user")["response"] is None
    assert (
        user_api.get(FLAG).json()["favorite"] is unleash("read_flag_user")["response"]["favorite"]
    )
    listed = user_api.get("/api/admin/projects/default/features").json()["features"]
    assert [f["favorite"] for f in listed] == [True]
    found = user_api.get("/api/admin/search/features?query=flx-a").json()["features"]
    assert [f["favorite"] for f in found] == [True]


def test_favorites__project_list__favorite_for_user_absent_for_token_like_unleash(
    user_api, api, flag
):
    user_api.post("/api/admin/projects/default/favorites")

    mine = user_api.get("/api/admin/projects").json()["projects"]
    by_token = api.get("/api/admin/projects").json()["projects"]

    assert [(p["id"], p["favorite"]) for p in mine] == [("default", True)]
    assert all("favorite" not in p for p in by_token)


def test_favorites__viewer_with_personal_token__may_favorite_but_not_add_links(
    flag, django_user_model
):
    viewer = role_user(django_user_model, "viewer", "Viewer")
    as_viewer = Api(Client(), personal_token(viewer))

    favorite = as_viewer.post(f"{FLAG}/favorites")
    link = as_viewer.post(f"{FLAG}/link", {"url": "https://example.com"})
    complete = as_viewer.post(f"{FLAG}/lifecycle/complete", {"status": "kept"})

    # A favorite only changes the viewer's own view; links and completion change the flag.
    assert (favorite.status_code, link.status_code, complete.status_code) == (200, 403, 403)
    assert as_viewer.get(FLAG).json()["favorite"] is True


def test_favorites__removed__favorite_false_again(user_api, flag):
    user_api.post(f"{FLAG}/favorites")

    response = user_api.delete(f"{FLAG}/favorites")

    assert response.status_code == unleash("unfav_feature_user")["status"] == 200
    expected = unleash("read_flag_user_after_unfav")["response"]["favorite"]
    assert user_api.get(FLAG).json()["favorite"] is expected is False


def test_favorites__twice__idempotent_one_row_and_unleash_status(user_api, flag):
    first = user_api.post(f"{FLAG}/favorites")
    second = user_api.post(f"{FLAG}/favorites")

    assert first.status_code == second.status_code == 200
    assert unleash("fav_project_user_again")["status"] == 200
    assert FavoriteFeature.objects.filter(feature=flag).count() == 1


def test_favorites__another_users_favorite__not_favorite_for_me(user_api, flag, django_user_model):
    other = django_user_model.objects.create_superuser("other", "o@example.com", "pw-other-1")
    FavoriteFeature.objects.create(user=other, feature=flag)

    assert user_api.get(FLAG).json()["favorite"] is False


def test_favorites__admin_token__400_naming_user_where_unleash_fails_500(api, flag):
    responses = [
        api.post("/api/admin/projects/default/favorites"),
        api.delete("/api/admin/projects/default/favorites"),
        api.post(f"{FLAG}/favorites"),
    ]

    # Unleash 8.2 crashes here (a NULL user id): a clear 4xx is the honest answer.
    assert unleash("fav_feature_token")["status"] == 500
    assert [r.status_code for r in responses] == [400, 400, 400]
    assert all(r.json()["details"][0]["path"] == "user" for r in responses)


def test_favorites__unknown_project_or_flag__404_where_unleash_fails_500(user_api, flag):
    project = user_api.post("/api/admin/projects/nope-flx/favorites")
    feature = user_api.post("/api/admin/projects/default/features/flx-nope/favorites")

    assert unleash("fav_unknown_project_user")["status"] == 500
    assert (project.status_code, feature.status_code) == (404, 404)


def test_favorites__written__unleash_event_types(user_api, flag):
    user_api.post("/api/admin/projects/default/favorites")
    user_api.post(f"{FLAG}/favorites")
    user_api.delete(f"{FLAG}/favorites")

    types = list(Event.objects.order_by("id").values_list("type", flat=True))
    assert types[-3:] == ["project-favorited", "feature-favorited", "feature-unfavorited"]
    assert Event.objects.get(type="feature-favorited").data == {"feature": "flx-a"}


# Links


def test_links__add_update_delete__unleash_statuses_and_read_shape(api, flag):
    added = api.post(f"{FLAG}/link", {"url": "https://example.com/a", "title": "Issue"})
    api.post(f"{FLAG}/link", {"url": "https://example.com/b"})
    first, second = _link_ids(api)
    updated = api.put(f"{FLAG}/link/{first}", {"url": "https://example.com/c", "title": "New"})
    deleted = api.delete(f"{FLAG}/link/{second}")

    assert added.status_code == unleash("link_add")["status"] == 204
    assert updated.status_code == unleash("link_update")["status"] == 204
    assert deleted.status_code == unleash("link_delete")["status"] == 204
    links = api.get(FLAG).json()["links"]
    theirs = unleash("links_after")["response"]["links"][0]
    assert [sorted(link) for link in links] == [sorted(theirs)]
    assert links == [
        {"id": first, "url": "https://example.com/c", "title": "New", "feature": "flx-a"}
    ]


def test_links__no_title__title_null_like_unleash(api, flag):
    api.post(f"{FLAG}/link", {"url": "https://example.com/b"})

    theirs = next(x for x in unleash("links_read")["response"]["links"] if x["url"].endswith("/b"))
    assert [link["title"] for link in api.get(FLAG).json()["links"]] == [theirs["title"]] == [None]


def test_links__bare_host__stored_with_https_like_unleash(api, flag):
    response = api.post(f"{FLAG}/link", {"url": "example.com"})

    assert response.status_code == unleash("link_add_bare_host")["status"]
    stored = [link["url"] for link in unleash("links_read")["response"]["links"]]
    assert "https://example.com" in stored
    assert [link["url"] for link in api.get(FLAG).json()["links"]] == ["https://example.com"]


@pytest.mark.parametrize("url", ["ftp://example.com/x", "javascript:alert(1)", "https://", " "])
def test_links__not_an_http_url__400_naming_url(api, flag, url):
    response = api.post(f"{FLAG}/link", {"url": url})

    # Unleash stores ftp:// links; the issue-9 rule here is http(s) only.
    assert response.status_code == 400
    assert response.json()["details"][0]["path"] == "url"
    assert not FeatureLink.objects.exists()


def test_links__missing_url__400_like_unleash(api, flag):
    response = api.post(f"{FLAG}/link", {"title": "x"})

    assert response.status_code == unleash("link_add_no_url")["status"] == 400
    assert "url" in json.dumps(response.json()["details"])


def test_links__unknown_flag_or_link__404_like_unleash(api, flag):
    on_unknown_flag = api.post(
        "/api/admin/projects/default/features/flx-nope/link", {"url": "https://e.com"}
    )
    update = api.put(f"{FLAG}/link/nope", {"url": "https://example.com/c"})
    delete = api.delete(f"{FLAG}/link/nope")

    assert on_unknown_flag.status_code == unleash("link_add_unknown_flag")["status"] == 404
    assert update.status_code == unleash("link_update_unknown")["status"] == 404
    assert delete.status_code == unleash("link_delete_unknown")["status"] == 404


def test_links__export__grouped_per_flag_like_unleash(api, flag):
    api.post(f"{FLAG}/link", {"url": "https://example.com/a", "title": "Issue"})

    body = {"features": ["flx-a"], "environment": "development"}
    exported = api.post("/api/admin/features-batch/export", body).json()["links"]

    theirs = unleash("export_links")["response"]["links"][0]
    assert [sorted(item) for item in exported] == [sorted(theirs)]
    assert sorted(exported[0]["links"][0]) == sorted(theirs["links"][0])
    assert exported[0]["feature"] == "flx-a"


def test_links__written__unleash_event_types_with_before_and_after(api, flag):
    api.post(f"{FLAG}/link", {"url": "https://example.com/a", "title": "T"})
    (link_id,) = _link_ids(api)
    api.put(f"{FLAG}/link/{link_id}", {"url": "https://example.com/b", "title": "U"})
    api.delete(f"{FLAG}/link/{link_id}")

    events = Event.objects.filter(type__startswith="feature-link").order_by("id")
    assert [e.type for e in events] == [
        "feature-link-added",
        "feature-link-updated",
        "feature-link-removed",
    ]
    assert events[1].pre_data == {"url": "https://example.com/a", "title": "T"}
    assert events[1].data == {"url": "https://example.com/b", "title": "U"}


TEXT = st.text(st.characters(codec="utf-8"), max_size=300) | st.text(max_size=5)


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(url=TEXT, title=st.none() | TEXT)
def test_links__any_text__stored_or_4xx_naming_field_never_500(api, flag, url, title):
    response = api.post(f"{FLAG}/link", {"url": url, "title": title})

    assert response.status_code in (204, 400), response.content
    if response.status_code == 400:
        assert response.json()["details"][0]["path"] in ("url", "title", "body")
    else:
        assert FeatureLink.objects.filter(url__startswith="http").exists()
    FeatureLink.objects.all().delete()


def test_links__maintenance_on__refused_and_nothing_stored(
    api, flag, django_capture_on_commit_callbacks
):
    def switch(enabled: bool):
        # Maintenance fans out on commit; run that here as a real commit would.
        with django_capture_on_commit_callbacks(execute=True):
            maintenance.set_maintenance(enabled=enabled, actor=SYSTEM)

    switch(True)
    try:
        responses = [
            api.post(f"{FLAG}/link", {"url": "https://example.com/a"}),
            api.post(f"{FLAG}/lifecycle/complete", {"status": "kept"}),
        ]
    finally:
        switch(False)

    assert [r.status_code for r in responses] == [503, 503]
    assert not FeatureLink.objects.exists()
    assert not FeatureLifecycle.objects.filter(stage="completed").exists()


# Lifecycle


def test_lifecycle__complete_then_uncomplete__unleash_statuses_and_history(api, flag):
    complete = api.post(f"{FLAG}/lifecycle/complete", {"status": "kept", "statusValue": "on"})
    completed = api.get(f"{FLAG}/lifecycle").json()
    read = api.get(FLAG).json()["lifecycle"]
    uncomplete = api.post(f"{FLAG}/lifecycle/uncomplete")
    after = api.get(f"{FLAG}/lifecycle").json()

    assert complete.status_code == unleash("complete")["status"] == 200
    assert uncomplete.status_code == unleash("uncomplete")["status"] == 200
    theirs = unleash("lifecycle_completed")["response"][-1]
    assert sorted(completed[-1]) == sorted(theirs) and completed[-1]["status"] == "kept"
    assert [s["stage"] for s in completed] == ["initial", "completed"]
    assert sorted(read) == sorted(unleash("read_completed")["response"]["lifecycle"])
    assert [s["stage"] for s in after] == ["initial"]


def test_lifecycle__completed_twice__first_mark_stands_like_unleash(api, flag):
    api.post(f"{FLAG}/lifecycle/complete", {"status": "kept", "statusValue": "on"})
    again = api.post(f"{FLAG}/lifecycle/complete", {"status": "discarded"})

    assert again.status_code == 200
    assert api.get(f"{FLAG}/lifecycle").json()[-1]["status"] == "kept"


def test_lifecycle__bad_or_missing_status__400_like_unleash(api, flag):
    bad = api.post(f"{FLAG}/lifecycle/complete", {"status": "bad"})
    missing = api.post(f"{FLAG}/lifecycle/complete", {})

    assert bad.status_code == unleash("complete_bad_status")["status"] == 400
    assert missing.status_code == unleash("complete_no_status")["status"] == 400
    assert bad.json()["details"][0]["path"] == "status"
    assert not FeatureLifecycle.objects.filter(stage="completed").exists()


def test_lifecycle__status_value_with_lone_surrogate__400_naming_it(api, flag):
    raw = '{"status": "kept", "statusValue": "\\ud800"}'

    response = api.post(f"{FLAG}/lifecycle/complete", raw=raw)

    assert response.status_code == 400
    assert "statusValue" in json.dumps(response.json()["details"])


def test_lifecycle__unknown_flag__200_no_stages_like_unleash(api, flag):
    response = api.get("/api/admin/projects/default/features/flx-nope/lifecycle")

    assert response.status_code == unleash("lifecycle_unknown_flag")["status"] == 200
    assert response.json() == unleash("lifecycle_unknown_flag")["response"] == []


def test_lifecycle__completed__event_with_unleash_data(api, flag):
    api.post(f"{FLAG}/lifecycle/complete", {"status": "discarded"})
    api.post(f"{FLAG}/lifecycle/uncomplete")

    completed = Event.objects.get(type="feature-completed")
    assert completed.data == {"status": "discarded", "kept": False}
    assert Event.objects.filter(type="feature-uncompleted", feature_name="flx-a").exists()


def test_lifecycle__archive_then_revive__history_starts_over_like_unleash(api, flag):
    feature_archive(feature=flag, actor=SYSTEM)
    archived = api.get(f"{FLAG}/lifecycle").json()
    feature_revive(feature=flag, actor=SYSTEM)
    revived = api.get(f"{FLAG}/lifecycle").json()

    settled = unleash("lifecycle_archived_settled")["response"]
    assert sorted(s["stage"] for s in archived) == sorted(s["stage"] for s in settled)
    assert [s["stage"] for s in archived] == ["initial", "archived"]
    assert [s["stage"] for s in revived] == ["initial"]
    assert revived[0]["enteredStageAt"] >= archived[-1]["enteredStageAt"]


def test_lifecycle_count__flags_in_each_stage__unleash_keys(api, flag, default_project):
    done = feature_create(project=default_project, name="flx-done", actor=SYSTEM)
    gone = feature_create(project=default_project, name="flx-gone", actor=SYSTEM)
    api.post("/api/admin/projects/default/features/flx-done/lifecycle/complete", {"status": "kept"})
    feature_archive(feature=gone, actor=SYSTEM)

    response = api.get("/api/admin/lifecycle/count")

    assert response.status_code == unleash("lifecycle_count")["status"] == 200
    assert sorted(response.json()) == unleash("lifecycle_count")["keys"]
    assert response.json() == {"initial": 1, "preLive": 0, "live": 0, "completed": 1, "archived": 1}
    assert done.pk


def test_lifecycle__read_key__stage_from_stored_history(api, flag):
    FeatureLifecycle.objects.create(feature=flag, stage="live", entered_stage_at=flag.created_at)

    assert api.get(FLAG).json()["lifecycle"]["stage"] == "live"
    found = api.get("/api/admin/search/features?query=flx-a").json()["features"]
    assert [f["lifecycle"]["stage"] for f in found] == ["live"]


# (path, method, Unleash 8.2's operationId), from its /docs/openapi.json.
UNLEASH_OPERATIONS = [
    ("/api/admin/projects/{project_id}/favorites", "post", "addFavoriteProject"),
    ("/api/admin/projects/{project_id}/favorites", "delete", "removeFavoriteProject"),
    (f"{FEATURE_PATH}/favorites", "post", "addFavoriteFeature"),
    (f"{FEATURE_PATH}/favorites", "delete", "removeFavoriteFeature"),
    (f"{FEATURE_PATH}/link", "post", "createFeatureLink"),
    (f"{FEATURE_PATH}/link/{{link_id}}", "put", "updateFeatureLink"),
    (f"{FEATURE_PATH}/link/{{link_id}}", "delete", "deleteFeatureLink"),
    (f"{FEATURE_PATH}/lifecycle", "get", "getFeatureLifecycle"),
    (f"{FEATURE_PATH}/lifecycle/complete", "post", "complete"),
    (f"{FEATURE_PATH}/lifecycle/uncomplete", "post", "uncomplete"),
    ("/api/admin/lifecycle/count", "get", "getFeatureLifecycleStageCount"),
    ("/api/admin/event-creators", "get", "getEventCreators"),
    ("/api/admin/projects/{project_id}/flag-creators", "get", "getProjectFlagCreators"),
    ("/api/admin/metrics/unknown-flags", "get", "getUnknownFlags"),
    ("/api/admin/metrics/sdks/outdated", "get", "getOutdatedSdks"),
    ("/api/admin/projects/{project_id}/sdks/outdated", "get", "getOutdatedProjectSdks"),
    ("/api/admin/metrics/applications/{app_name}/overview", "get", "getApplicationOverview"),
]


def test_openapi__flag_workflow_operations__documented_with_unleash_operation_ids(
    openapi_document, api
):
    paths = openapi_document["paths"]

    documented = [
        (path, method, paths.get(path, {}).get(method, {}).get("operationId"))
        for path, method, _ in UNLEASH_OPERATIONS
    ]

    assert documented == UNLEASH_OPERATIONS


def test_migration_backfill__existing_flag_seen_and_archived__stages_from_its_dates(
    flag, development, production
):
    from django.apps import apps
    from django.utils import timezone

    backfill = importlib.import_module("flags.migrations.0007_fl_flag_workflow").backfill_stages
    moment = timezone.now()
    flag.env_states.filter(environment=development).update(last_seen_at=moment)
    flag.env_states.filter(environment=production).update(last_seen_at=moment, enabled=True)
    type(flag).objects.filter(pk=flag.pk).update(archived_at=moment)
    FeatureLifecycle.objects.all().delete()

    backfill(apps, None)

    stages = dict(FeatureLifecycle.objects.values_list("stage", "entered_stage_at"))
    assert stages == {
        "initial": flag.created_at,
        "pre-live": moment,
        "live": moment,
        "archived": moment,
    }


def test_lifecycle__flag_without_stored_initial__history_starts_at_creation(api, flag):
    FeatureLifecycle.objects.filter(feature=flag, stage="initial").delete()
    FeatureLifecycle.objects.create(
        feature=flag, stage="pre-live", entered_stage_at=flag.created_at
    )

    stages = api.get(f"{FLAG}/lifecycle").json()

    assert [s["stage"] for s in stages] == ["initial", "pre-live"]
