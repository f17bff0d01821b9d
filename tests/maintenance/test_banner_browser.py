"""The banner in headless Chromium: on the flag list while on, gone after."""

import pytest

from core.actors import Actor
from flags.models import Project
from flags.services import feature_create
from maintenance import services
from tests.support.browser import admin_login, browser_page, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
MESSAGE = "Database upgrade in progress until 18:00 UTC"


def test_banner__flag_list_while_on__shown_then_gone_after(live_server, django_user_model):
    django_user_model.objects.create_superuser("admin", "admin@example.com", "pw-admin-1")
    actor = Actor.system("test")
    feature_create(project=Project.objects.get(pk="default"), name="checkout-v2", actor=actor)
    services.set_maintenance(enabled=True, message=MESSAGE, actor=actor)
    base = live_server.url
    with browser_page() as page:
        admin_login(page, base, "admin", "pw-admin-1")
        page.goto(f"{base}/admin/flags/feature/")
        banner = page.locator("#maintenance-banner")
        assert banner.is_visible() and MESSAGE in banner.inner_text()
        top = banner.bounding_box()["y"]
        assert top < page.locator("#header").bounding_box()["y"]  # at the very top
        screenshot(page, "maintenance-banner.png")

        services.set_maintenance(enabled=False, actor=actor)
        page.reload()
        assert page.locator("#maintenance-banner").count() == 0
        assert "checkout-v2" in page.inner_text("#result_list")
