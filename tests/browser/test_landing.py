"""`/` and the admin's "View site" link lead somewhere useful instead of a 404."""

import pytest

from tests.support.browser import admin_login, browser_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_view_site__clicked_from_admin__landing_page_leads_back(live_server, django_user_model):
    django_user_model.objects.create_superuser("admin", "a@example.com", "pw-admin-1")
    base = live_server.url
    with browser_page() as page:
        admin_login(page, base, "admin", "pw-admin-1")
        page.click("text=View site")
        page.wait_for_url(f"{base}/")
        assert page.inner_text("h1") == "Feature flags"
        assert page.inner_text("#sdk-url") == f"{base}/api"
        page.click("text=Open the admin")
        page.wait_for_url(f"{base}/admin/")
