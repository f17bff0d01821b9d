"""The Ctrl/Cmd+K command menu in a real browser: opens objects, announces, remembers once."""

import pytest
from playwright.sync_api import expect

from core.actors import Actor
from flags import services
from flags.models import Project
from tests.support.browser import admin_login, browser_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "pw-admin-1")
    actor = Actor.from_user(admin, source="test")
    feature = services.feature_create(
        project=Project.objects.get(pk="default"), name="checkout-redesign", actor=actor
    )
    services.segment_create(actor=actor, name="checkout-beta", constraints=[])
    return feature


def test_command_menu__search_and_enter__opens_the_flag_page(live_server, seeded):
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
        status = page.locator(".command-menu [role=status]")
        assert status.get_attribute("aria-live") == "polite"
        assert status.inner_text() == f"{len(labels)} results for “checkout”"
        screenshot(page, "command-menu-search.png")

        page.keyboard.press("Enter")
        page.wait_for_url(f"**/admin/flags/feature/{seeded.pk}/change/")
        assert page.inner_text("h1") == "checkout-redesign"


def test_command_menu__no_match__announced_on_screen(live_server, seeded):
    with browser_page() as page:
        admin_login(page, live_server.url, "admin", "pw-admin-1")
        page.click("#header [data-command-menu-open]")  # the visible trigger, no shortcut needed
        page.fill(".command-menu__input", "zzz-nothing")
        expect(page.locator(".command-menu [role=status]")).to_have_text(
            "No matches for “zzz-nothing”"
        )
        page.keyboard.press("Escape")
        assert page.locator(".command-menu").is_hidden()


def test_command_menu__pages_visited_twice__recent_lists_each_once(live_server, seeded):
    base = live_server.url
    with browser_page() as page:
        admin_login(page, base, "admin", "pw-admin-1")
        for path in [
            "/admin/flags/feature/",
            "/admin/flags/feature/?q=checkout",
            f"/admin/flags/feature/{seeded.pk}/change/",
            "/admin/flags/feature/",
            f"/admin/flags/feature/{seeded.pk}/change/",
        ]:
            page.goto(base + path)
        page.keyboard.press("Control+k")  # empty query: recently visited pages
        page.wait_for_selector(".command-menu__item .command-menu__kind:has-text('Recent')")
        recent = [
            text.split("\n")[0] for text in page.locator(".command-menu__item").all_inner_texts()
        ]
        assert recent[:3] == ["checkout-redesign · Flag", "Flags", "Home"]
        assert len(recent) == len(set(recent))
        screenshot(page, "command-menu-recent.png")
