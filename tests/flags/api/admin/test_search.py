"""Events list and search, and feature search with Unleash's filter operators."""

from datetime import timedelta

from django.utils import timezone

from flags import services
from flags.models import Feature, Project
from tests.support.admin_api import ACTOR, error

SEARCH = "/api/admin/search/features"


def _flags(default_project):
    services.project_create(id="web", name="Web", actor=ACTOR)
    web = Project.objects.get(pk="web")
    services.tag_type_create(name="team", actor=ACTOR)
    specs = [
        (default_project, "alpha", "release", ["team:core"]),
        (default_project, "beta", "experiment", ["team:core", "team:growth"]),
        (web, "gamma", "release", []),
    ]
    for project, name, type_, tags in specs:
        feature = services.feature_create(project=project, name=name, type=type_, actor=ACTOR)
        for tag in tags:
            type_name, value = tag.split(":")
            services.feature_tag_add(feature=feature, type=type_name, value=value, actor=ACTOR)


def names(api, query: str) -> list[str]:
    response = api.get(f"{SEARCH}?{query}")
    assert response.status_code == 200, response.content
    return [f["name"] for f in response.json()["features"]]


def test_search__equality_operators(api, default_project):
    _flags(default_project)
    assert names(api, "project=IS:web") == ["gamma"]
    assert names(api, "project=IS_NOT:web&sortBy=name") == ["alpha", "beta"]
    assert names(api, "type=IS_ANY_OF:experiment,permission") == ["beta"]
    assert names(api, "type=IS_NONE_OF:release") == ["beta"]


def test_search__tag_operators(api, default_project):
    _flags(default_project)
    assert names(api, "tag=INCLUDE:team:growth") == ["beta"]
    assert names(api, "tag=INCLUDE_ANY_OF:team:core&sortBy=name") == ["alpha", "beta"]
    assert names(api, "tag=INCLUDE_ALL_OF:team:core,team:growth") == ["beta"]
    assert names(api, "tag=DO_NOT_INCLUDE:team:core") == ["gamma"]
    assert names(api, "tag=EXCLUDE_IF_ANY_OF:team:growth&sortBy=name") == ["alpha", "gamma"]
    assert names(api, "tag=EXCLUDE_ALL:team:core,team:growth&sortBy=name") == ["alpha", "gamma"]


def test_search__dates_query_paging_sorting(api, default_project):
    _flags(default_project)
    Feature.objects.filter(name="alpha").update(created_at=timezone.now() - timedelta(days=10))
    cutoff = (timezone.now() - timedelta(days=1)).date().isoformat()
    assert names(api, f"createdAt=IS_BEFORE:{cutoff}") == ["alpha"]
    assert names(api, f"createdAt=IS_ON_OR_AFTER:{cutoff}&sortBy=name") == ["beta", "gamma"]
    assert names(api, "query=AMM") == ["gamma"]
    page = api.get(f"{SEARCH}?sortBy=name&sortOrder=desc&offset=1&limit=1").json()
    assert page["total"] == 3 and [f["name"] for f in page["features"]] == ["beta"]


def test_search__bad_filters__400(api, db):
    for query in (
        "project=IS_LIKE:x",
        "createdAt=IS_BEFORE:not-a-date",
        "sortBy=color",
        "sortOrder=sideways",
        "limit=abc",
        "offset=-1",
        "tag=INCLUDE:",
        "state=IS:sleepy",
    ):
        error(api.get(f"{SEARCH}?{query}"), 400)


def test_search__archived_and_state(api, default_project):
    _flags(default_project)
    services.feature_set_stale(feature=Feature.objects.get(name="beta"), stale=True, actor=ACTOR)
    services.feature_archive(feature=Feature.objects.get(name="gamma"), actor=ACTOR)
    assert names(api, "state=IS:stale") == ["beta"]
    assert names(api, "archived=IS:true") == ["gamma"]


def test_search__potentially_stale__as_unleash_state_filter(api, default_project):
    """Unleash's rule: past the type's lifetime and not marked stale; active includes them."""
    _flags(default_project)
    old = timezone.now() - timedelta(days=41)  # release and experiment flags live 40 days
    Feature.objects.filter(name__in=["alpha", "beta"]).update(created_at=old)
    services.feature_set_stale(feature=Feature.objects.get(name="beta"), stale=True, actor=ACTOR)
    by_name = "&sortBy=name"
    assert names(api, "state=IS:potentially-stale") == ["alpha"]
    assert names(api, "state=IS_NOT:potentially-stale" + by_name) == ["beta", "gamma"]
    assert names(api, "state=IS_ANY_OF:active,potentially-stale" + by_name) == ["alpha", "gamma"]
    assert names(api, "state=IS_ANY_OF:potentially-stale,stale" + by_name) == ["alpha", "beta"]


def test_events__list_and_search(api, default_project):
    _flags(default_project)
    listed = api.get("/api/admin/events?feature=beta").json()
    assert listed["totalEvents"] == len(listed["events"]) >= 3
    assert {e["featureName"] for e in listed["events"]} == {"beta"}
    found = api.get("/api/admin/search/events?type=IS:feature-created&project=IS:default").json()
    assert found["total"] == 2
    assert {e["featureName"] for e in found["events"]} == {"alpha", "beta"}
    today = timezone.now().date().isoformat()
    assert api.get(f"/api/admin/search/events?from=IS_ON_OR_AFTER:{today}").json()["total"] > 0
    assert api.get(f"/api/admin/search/events?to=IS_BEFORE:{today}").json()["total"] == 0
    paged = api.get("/api/admin/search/events?limit=1&offset=1").json()
    assert len(paged["events"]) == 1 and paged["total"] > 1


def test_events__bad_filters__400(api, db):
    error(api.get("/api/admin/search/events?createdBy=IS:bob"), 400)
    error(api.get("/api/admin/search/events?from=IS_ON_OR_AFTER:yesterday"), 400)
