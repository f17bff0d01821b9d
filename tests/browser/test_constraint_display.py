"""The flag page shows each constraint's operand where it is stored (value or values)."""

import pytest

from core.actors import Actor
from flags import services
from flags.models import Project
from tests.support.browser import admin_login, browser_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_flag_page__date_after_constraint__date_shown_not_empty_list(
    live_server, django_user_model
):
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "pw-admin-1")
    actor = Actor.from_user(admin, source="test")
    feature = services.feature_create(
        project=Project.objects.get(pk="default"), name="launch-day", actor=actor
    )
    development = feature.env_states.get(environment="development").environment
    services.strategy_add(
        feature=feature,
        environment=development,
        actor=actor,
        name="default",
        constraints=[
            {
                "contextName": "currentTime",
                "operator": "DATE_AFTER",
                "value": "2030-05-01T09:00:00Z",
            }
        ],
    )
    with browser_page() as page:
        admin_login(page, live_server.url, "admin", "pw-admin-1")
        page.goto(f"{live_server.url}/admin/flags/feature/{feature.pk}/change/")
        shown = page.inner_text("#env-development .strategy-conds")
        assert "currentTime DATE_AFTER 2030-05-01T09:00:00Z" in shown
        assert "[]" not in shown
