"""The admin in a real browser: create a flag, turn it on from the list, see the event."""

import pytest

from core.actors import Actor
from core.models import Event
from flags import services
from flags.models import FeatureEnvironment, Project, Strategy
from tests.support.browser import admin_login, browser_page, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_admin_flow__create_and_toggle__event_logged(live_server, django_user_model):
    django_user_model.objects.create_superuser("admin", "admin@example.com", "pw-admin-1")
    base = live_server.url
    with browser_page() as page:
        admin_login(page, base, "admin", "pw-admin-1")
        assert page.locator(".app-configuration").count() == 1

        page.goto(f"{base}/admin/flags/feature/add/")
        page.fill("#id_name", "new-checkout")
        page.fill("#id_description", "The redesigned checkout page")
        page.click("input[name=_save]")
        page.wait_for_url(f"{base}/admin/flags/feature/")

        toggle = page.locator(
            "button.flag-toggle[data-flag='new-checkout'][data-environment='development']"
        )
        assert toggle.get_attribute("aria-checked") == "false"
        toggle.click()
        page.wait_for_selector("#toast-region .success")
        on = page.locator(
            "button.flag-toggle[data-flag='new-checkout'][data-environment='development']"
        )
        assert on.get_attribute("aria-checked") == "true"
        assert "Turned on new-checkout in development" in page.inner_text("#toast-region")
        screenshot(page, "admin-flow.png")

        page.goto(f"{base}/admin/core/event/?feature_name=new-checkout")
        rows = page.inner_text("#result_list")
        assert "feature-environment-enabled" in rows
        assert "feature-created" in rows
        screenshot(page, "admin-flow-events.png")

    assert FeatureEnvironment.objects.get(
        feature__name="new-checkout", environment="development"
    ).enabled
    assert Event.objects.filter(type="feature-environment-enabled", source="admin").exists()


def test_strategy_editor__constraint_rows__saved_as_validated_json(live_server, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "pw-admin-1")
    feature = services.feature_create(
        project=Project.objects.get(pk="default"),
        name="beta-banner",
        actor=Actor.from_user(admin, source="test"),
    )
    state = feature.env_states.get(environment="development")
    base = live_server.url
    with browser_page() as page:
        admin_login(page, base, "admin", "pw-admin-1")
        page.goto(f"{base}/admin/flags/featureenvironment/{state.pk}/change/")
        page.click(".strategy-inline .add-row a")
        form = page.locator("#strategies-0")
        assert page.input_value("#id_strategies-0-name") == "flexibleRollout"
        form.locator(".se-percent").fill("25")
        form.locator(".ce-add").click()
        form.locator(".ce-row .ce-context").select_option("userId")
        form.locator(".ce-row .ce-operator").select_option("IN")
        form.locator(".ce-row .chips-input").fill("7, 8")
        form.locator(".ce-row .chips-input").press("Enter")
        screenshot(page, "admin-strategy-editor.png")
        page.click("input[name=_continue]")
        page.wait_for_selector(".messagelist .success")

    strategy = Strategy.objects.get(feature_environment=state)
    assert strategy.parameters == {
        "rollout": "25",
        "stickiness": "default",
        "groupId": "beta-banner",
    }
    assert strategy.constraints[0]["contextName"] == "userId"
    assert strategy.constraints[0]["values"] == ["7", "8"]


def test_flag_page__two_environments__strategy_panels_and_inline_add(
    live_server, django_user_model
):
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "pw-admin-1")
    actor = Actor.from_user(admin, source="test")
    feature = services.feature_create(
        project=Project.objects.get(pk="default"),
        name="new-checkout",
        description="The redesigned checkout page",
        actor=actor,
    )
    development, production = (s.environment for s in feature.env_states.all())
    services.strategy_add(
        feature=feature,
        environment=development,
        actor=actor,
        name="flexibleRollout",
        title="Internal rollout",
        parameters={"rollout": "50", "stickiness": "userId", "groupId": "new-checkout"},
        constraints=[{"contextName": "userId", "operator": "IN", "values": ["1", "2"]}],
    )
    services.strategy_add(
        feature=feature,
        environment=production,
        actor=actor,
        name="userWithId",
        parameters={"userIds": "alice,bob"},
        disabled=True,
    )
    services.feature_set_enabled(
        feature=feature, environment=development, enabled=True, actor=actor
    )
    base = live_server.url
    with browser_page() as page:
        admin_login(page, base, "admin", "pw-admin-1")
        page.goto(f"{base}/admin/flags/feature/{feature.pk}/change/")
        assert "50% of userId" in page.inner_text("#env-development")
        assert "userId IN [1, 2]" in page.inner_text("#env-development")
        assert "disabled" in page.inner_text("#env-production")
        screenshot(page, "admin-flag-page.png")

        page.click("#env-production [data-add-strategy]")
        page.select_option("#id_strategies-production-1-name", "default")
        screenshot(page, "admin-flag-page-inline-editor.png")
        page.click("input[name=_continue]")
        page.wait_for_selector(".messagelist .success")
        assert "everyone" in page.inner_text("#env-production")

    assert Strategy.objects.filter(
        feature_environment__environment=production, name="default"
    ).exists()
    assert Event.objects.filter(type="feature-strategy-add", source="admin").exists()
