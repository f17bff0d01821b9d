"""Keyboard alone: create a flag from the home page and turn it on from the flag list."""

import pytest

from flags.models import FeatureEnvironment
from tests.support.browser import browser_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 150


def tab_to(page, selector: str) -> None:
    """Press Tab until the focused element matches `selector` (as a keyboard user would)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never received focus by Tab")


def test_keyboard__create_flag_and_toggle__no_mouse(live_server, django_user_model):
    django_user_model.objects.create_superuser("admin", "a@example.com", "pw-admin-1")
    base = live_server.url
    with browser_page() as page:
        page.goto(f"{base}/admin/login/?next=/admin/")
        tab_to(page, "#id_username")
        page.keyboard.type("admin")
        page.keyboard.press("Tab")
        page.keyboard.type("pw-admin-1")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/admin/")

        tab_to(page, ".home-actions a[href$='/admin/flags/feature/add/']")
        page.keyboard.press("Enter")
        page.wait_for_url("**/admin/flags/feature/add/")
        tab_to(page, "#id_name")
        page.keyboard.type("keyboard-flag")
        page.keyboard.press("Enter")  # submits with the form's first button, Save
        page.wait_for_url(f"{base}/admin/flags/feature/")
        assert "keyboard-flag" in page.inner_text(".messagelist")

        toggle = "[data-flag='keyboard-flag'][data-environment='development']"
        tab_to(page, toggle)
        screenshot(page, "keyboard-toggle-focus.png")
        page.keyboard.press("Enter")
        page.wait_for_selector(f"{toggle}:is([aria-pressed='true'], [aria-checked='true'])")
    assert FeatureEnvironment.objects.get(
        feature__name="keyboard-flag", environment="development"
    ).enabled
