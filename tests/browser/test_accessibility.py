"""axe-core on the main admin pages: no serious or critical WCAG 2 A/AA violation."""

import pytest

from core.actors import Actor
from core.models import Event
from flags import services
from flags.models import Project
from tests.support.axe import describe, violations
from tests.support.browser import admin_login, browser_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "pw-admin-1")
    actor = Actor.from_user(admin, source="test")
    project = Project.objects.get(pk="default")
    feature = services.feature_create(project=project, name="new-checkout", actor=actor)
    development = feature.env_states.get(environment="development").environment
    services.strategy_add(
        feature=feature,
        environment=development,
        actor=actor,
        name="flexibleRollout",
        parameters={"rollout": "50", "stickiness": "userId", "groupId": "new-checkout"},
        constraints=[{"contextName": "userId", "operator": "IN", "values": ["1", "2"]}],
    )
    services.feature_set_enabled(
        feature=feature, environment=development, enabled=True, actor=actor
    )
    services.feature_update(feature=feature, description="Faster checkout", actor=actor)
    services.segment_create(name="beta", actor=actor)
    return {
        "flag": feature.pk,
        "event": Event.objects.filter(type="feature-metadata-updated").get().pk,
    }


def pages(seeded) -> list[str]:
    return [
        "/admin/",
        "/admin/flags/feature/",
        "/admin/flags/feature/?q=project:default",
        "/admin/flags/feature/add/",
        f"/admin/flags/feature/{seeded['flag']}/change/",
        "/admin/flags/import-export/",
        "/admin/core/event/",
        f"/admin/core/event/{seeded['event']}/change/",
        "/admin/flags/segment/",
        "/admin/flags/project/",
        "/admin/flags/apitoken/",
        "/admin/maintenance/maintenancesetting/1/change/",
    ]


def test_main_pages__axe__no_serious_or_critical_violation(live_server, seeded):
    found = {}
    with browser_page(bypass_csp=True) as page:
        page.goto(f"{live_server.url}/admin/login/")
        login_problems = violations(page)
        if login_problems:
            found["/admin/login/"] = login_problems
        admin_login(page, live_server.url, "admin", "pw-admin-1")
        for path in pages(seeded):
            page.goto(live_server.url + path)
            problems = violations(page)
            if problems:
                found[path] = problems
    assert not found, "\n".join(f"{path}:\n{describe(v)}" for path, v in found.items())
