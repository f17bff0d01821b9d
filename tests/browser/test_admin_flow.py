"""The admin in a real browser: create a flag, turn it on from the list, see the event."""

import pytest

from flags.models import Event, FeatureEnvironment
from tests.support.browser import admin_login, browser_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
        assert toggle.get_attribute("aria-pressed") == "false"
        toggle.click()
        page.wait_for_selector(".messagelist .success")
        on = page.locator(
            "button.flag-toggle[data-flag='new-checkout'][data-environment='development']"
        )
        assert on.get_attribute("aria-pressed") == "true"
        assert "new-checkout is now on in development" in page.inner_text(".messagelist")
        screenshot(page, "admin-flow.png")

        page.goto(f"{base}/admin/flags/event/?feature_name=new-checkout")
        rows = page.inner_text("#result_list")
        assert "feature-environment-enabled" in rows
        assert "feature-created" in rows
        screenshot(page, "admin-flow-events.png")

    assert FeatureEnvironment.objects.get(
        feature__name="new-checkout", environment="development"
    ).enabled
    assert Event.objects.filter(type="feature-environment-enabled", source="admin").exists()
