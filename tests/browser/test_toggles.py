"""The flag list's pill and the flag page's switch behave alike: save at once, confirm."""

import pytest
from playwright.sync_api import expect

from core.actors import Actor
from flags import services
from flags.models import FeatureEnvironment, Project
from tests.support.browser import admin_login, browser_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def flag(django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "pw-admin-1")
    return services.feature_create(
        project=Project.objects.get(pk="default"),
        name="dark-mode",
        actor=Actor.from_user(admin, source="test"),
    )


def _enabled(environment: str) -> bool:
    return FeatureEnvironment.objects.get(
        feature__name="dark-mode", environment=environment
    ).enabled


def test_list_pill__keyboard_only__saved_at_once_and_confirmed(live_server, flag):
    base = live_server.url
    with browser_page() as page:
        admin_login(page, base, "admin", "pw-admin-1")
        page.goto(f"{base}/admin/flags/feature/")
        switch = page.locator("button.flag-toggle[data-environment='production']")
        switch.focus()
        page.keyboard.press("Space")
        page.wait_for_selector("#toast-region li.success")
        assert "Turned on dark-mode in production." in page.inner_text("#toast-region")
        assert switch.get_attribute("aria-checked") == "true"
        assert page.url == f"{base}/admin/flags/feature/"  # no reload, no redirect
        assert _enabled("production")
        page.keyboard.press("Enter")  # focus stays on the switch: Enter turns it off again
        expect(switch).to_have_attribute("aria-checked", "false")
    assert not _enabled("production")


def test_flag_page_switch__clicked_then_left__saved_without_the_form(live_server, flag):
    base = live_server.url
    url = f"{base}/admin/flags/feature/{flag.pk}/change/"
    with browser_page() as page:
        admin_login(page, base, "admin", "pw-admin-1")
        page.goto(url)
        switch = page.locator("#env-development button.flag-toggle")
        assert switch.get_attribute("role") == "switch"
        switch.click()
        page.wait_for_selector("#toast-region li.success")
        assert "Turned on dark-mode in development." in page.inner_text("#toast-region")
        assert "is-enabled" in page.get_attribute("#env-development", "class")
        page.goto(f"{base}/admin/flags/feature/")  # leave without saving the page
        on_list = page.locator("button.flag-toggle[data-environment='development']")
        assert on_list.get_attribute("aria-checked") == "true"
    assert _enabled("development")
