"""Item 14 in the browser: token message, banner list and dialog, favicon."""

import pytest

from core.actors import Actor
from flags.models import Banner
from flags.services.banners import banner_create
from tests.support.browser import admin_login, browser_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_token_created__message_names_it_without_empty_brackets(live_server, django_user_model):
    django_user_model.objects.create_superuser("admin", "a@example.com", "pw-admin-1")
    base = live_server.url
    with browser_page() as page:
        admin_login(page, base, "admin", "pw-admin-1")
        page.goto(f"{base}/admin/flags/apitoken/add/")
        page.fill("#id_name", "ci-backend")
        page.select_option("#id_type", "backend")
        page.select_option("#id_environment", "development")
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")
        message = page.inner_text(".messagelist .success")
        assert "ci-backend (*:development." in message and "()" not in message


def test_banners__list_shows_whole_message_dialog_styled__favicon_linked(
    live_server, django_user_model
):
    django_user_model.objects.create_superuser("admin", "a@example.com", "pw-admin-1")
    message = (
        "Maintenance window on **Friday 18:00 UTC**: read [the plan](https://example.com/plan)"
    )
    banner_create(
        actor=Actor.system("test"),
        message=message,
        variant="warning",
        link="dialog",
        link_text="Details",
        dialog_title="The plan",
        dialog="Flags keep being served.\n\nThe admin is read-only for `10` minutes.",
    )
    base = live_server.url
    with browser_page() as page:
        admin_login(page, base, "admin", "pw-admin-1")
        assert page.locator("link[rel=icon]").get_attribute("href").endswith("favicon.svg")
        assert page.request.get(f"{base}/static/favicon.svg").ok
        page.goto(f"{base}/admin/flags/banner/")
        cell = page.locator(
            "#result_list td.field-shown_message, #result_list th.field-shown_message"
        )
        assert cell.inner_text() == "Maintenance window on Friday 18:00 UTC: read the plan"
        assert cell.locator("strong").inner_text() == "Friday 18:00 UTC"
        assert cell.locator("a").count() == 1  # the row's own link; no link nested in it
        page.click(".site-banner__link")
        dialog = page.locator("dialog.site-banner__dialog[open]")
        dialog.wait_for()
        assert dialog.locator("h2").inner_text() == "The plan"
        radius = dialog.evaluate("d => getComputedStyle(d).borderTopLeftRadius")
        assert radius == "10px"  # the admin stylesheet's dialog, not the browser's bare box
        screenshot(page, "banner-dialog-styled.png")
        dialog.locator(".site-banner__dialog-foot button").click()
        assert page.locator("dialog.site-banner__dialog[open]").count() == 0
    assert Banner.objects.count() == 1
