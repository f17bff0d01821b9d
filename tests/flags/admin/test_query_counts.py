"""Main admin pages run a fixed number of queries, however many flags there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Event
from flags import services
from flags.models import Environment, Feature, Project, Segment

# Queries per page with the two environments of a fresh install: the ceiling, and flags
# never add to it (each test also doubles the flags and compares).
BUDGETS = {
    "home": 15,
    "flag list": 19,
    "flag list search": 19,
    "flag page": 32,
    "event list": 11,
    "event page": 4,
    "import / export": 8,
}


@pytest.fixture(autouse=True)
def _maintenance_row_read_once(settings):
    """The maintenance state re-reads its row about once a second (3 queries) whatever the
    page; counted pages must not depend on the clock."""
    settings.UNLEASH_DATABASE_CHECK_INTERVAL = 3600


def add_flags(count: int, start: int, actor) -> None:
    """Flags as a team has them: strategies with a constraint and a segment, tags, on/off."""
    segment = Segment.objects.first() or services.segment_create(name="beta", actor=actor)
    environments = list(Environment.objects.all())
    project = Project.objects.get(pk="default")
    for i in range(start, start + count):
        feature = services.feature_create(
            project=project, name=f"flag-{i:03d}", actor=actor, description=f"Flag {i}"
        )
        services.feature_tag_add(feature=feature, type="simple", value=f"team-{i % 3}", actor=actor)
        for env in environments:
            services.strategy_add(
                feature=feature,
                environment=env,
                actor=actor,
                name="flexibleRollout",
                parameters={"rollout": "50", "stickiness": "userId", "groupId": feature.name},
                constraints=[{"contextName": "userId", "operator": "IN", "values": ["1"]}],
                segments=[segment.pk],
            )
        services.feature_set_enabled(
            feature=feature, environment=environments[0], enabled=True, actor=actor
        )


def pages() -> dict[str, str]:
    flag = Feature.objects.order_by("name").first()
    flags = reverse("admin:flags_feature_changelist")
    return {
        "home": reverse("admin:index"),
        "flag list": flags,
        "flag list search": flags + "?q=flag+project:default+tag:simple:team-1+on:development",
        "flag page": reverse("admin:flags_feature_change", args=[flag.pk]),
        "event list": reverse("admin:core_event_changelist"),
        "event page": reverse(
            "admin:core_event_change", args=[Event.objects.order_by("id").first().pk]
        ),
        "import / export": reverse("admin:batch-import-export"),
    }


def count_queries(client, url: str) -> int:
    client.get(url)  # sessions, caches and lazy settings settle on the first request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page", list(BUDGETS))
def test_admin_page__more_flags__same_queries_within_budget(
    admin_client, actor, page, django_assert_max_num_queries
):
    add_flags(3, 0, actor)
    few = count_queries(admin_client, pages()[page])
    add_flags(6, 3, actor)
    url = pages()[page]
    assert count_queries(admin_client, url) == few
    with django_assert_max_num_queries(BUDGETS[page]):
        admin_client.get(url)
