"""A banner in a real browser: created in the admin, shown on every page, its dialog opens."""

import pytest

from flags.models import Banner
from tests.support.browser import admin_login, browser_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_banner__created_in_admin__shown_with_markdown_and_dialog(live_server, django_user_model):
    django_user_model.objects.create_superuser("admin", "a@example.com", "pw-admin-1")
    base = live_server.url
    with browser_page() as page:
        admin_login(page, base, "admin", "pw-admin-1")
        page.goto(f"{base}/admin/flags/banner/add/")
        page.select_option("#id_variant", "warning")
        page.fill("#id_message", "Upgrade on **Friday** <script>window.hacked=1</script>")
        page.fill("#id_link", "dialog")
        page.fill("#id_link_text", "What changes?")
        page.fill("#id_dialog_title", "The upgrade")
        page.fill("#id_dialog", "Flags stay *on*; the admin is read-only for 10 minutes.")
        page.check("#id_sticky")
        page.click("input[name=_save]")
        page.wait_for_url(f"{base}/admin/flags/banner/")

        page.goto(f"{base}/admin/flags/feature/")
        banner = page.locator(".site-banner--warning")
        assert banner.count() == 1
        assert banner.locator("strong").inner_text() == "Friday"
        assert page.evaluate("window.hacked") is None
        banner.locator("button.site-banner__link").click()
        dialog = page.locator("dialog.site-banner__dialog[open]")
        dialog.wait_for()
        assert "read-only for 10 minutes" in dialog.inner_text()
        assert dialog.locator("em").inner_text() == "on"
        screenshot(page, "banner-dialog.png")

    assert Banner.objects.get().sticky is True
