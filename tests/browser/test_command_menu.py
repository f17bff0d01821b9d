"""The Ctrl/Cmd+K command menu in a real browser: search a flag, open it, see recent pages."""

import pytest

from core.actors import Actor
from flags import services
from flags.models import Project
from tests.support.browser import admin_login, browser_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_command_menu__ctrl_k_search__opens_flag_and_remembers_pages(
    live_server, django_user_model
):
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "pw-admin-1")
    actor = Actor.from_user(admin, source="test")
    services.feature_create(
        project=Project.objects.get(pk="default"), name="checkout-redesign", actor=actor
    )
    services.segment_create(actor=actor, name="checkout-beta", constraints=[])
    base = live_server.url
    with browser_page() as page:
        admin_login(page, base, "admin", "pw-admin-1")
        page.keyboard.press("Control+k")
        page.wait_for_selector(".command-menu:not([hidden]) .command-menu__input")
        page.keyboard.type("checkout")
        page.wait_for_selector(".command-menu__item:has-text('checkout-redesign')")
        labels = page.locator(".command-menu__item").all_inner_texts()
        assert any("checkout-redesign" in text and "Flag" in text for text in labels)
        assert any("checkout-beta" in text and "Segment" in text for text in labels)
        screenshot(page, "command-menu-search.png")

        page.keyboard.press("Enter")
        page.wait_for_url("**/admin/flags/feature/?q=checkout-redesign")
        assert "checkout-redesign" in page.inner_text("#result_list")

        page.keyboard.press("Control+k")
        page.fill(".command-menu__input", "segm")
        page.wait_for_selector(".command-menu__item:has-text('Segments')")
        page.keyboard.press("Escape")
        assert page.locator(".command-menu").is_hidden()

        page.keyboard.press("Control+k")  # empty query: recently visited pages
        page.wait_for_selector(".command-menu__item .command-menu__kind:has-text('Recent')")
        recent = page.locator(".command-menu__item").all_inner_texts()
        assert len(recent) >= 2
        screenshot(page, "command-menu-recent.png")
