"""Maintenance in the browser: refusals end on a page with the banner; writes look disabled."""

import time

import pytest
from playwright.sync_api import expect

from core.actors import Actor
from flags import services
from flags.models import FeatureEnvironment, Project
from maintenance import services as maintenance
from maintenance import state
from tests.support.browser import admin_login, browser_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MESSAGE = "Database upgrade until 18:00 UTC"


@pytest.fixture
def actor(django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "pw-admin-1")
    return Actor.from_user(admin, source="test")


def _switch(on: bool, actor):
    maintenance.set_maintenance(enabled=on, message=MESSAGE, actor=actor)
    deadline = time.monotonic() + 5
    while state.current().active() != on and time.monotonic() < deadline:
        time.sleep(0.1)


def test_stale_pages__maintenance_switched_on__refusals_keep_page_and_typed_values(
    live_server, actor
):
    flag = services.feature_create(
        project=Project.objects.get(pk="default"), name="checkout", actor=actor
    )
    base = live_server.url
    with browser_page() as page:
        admin_login(page, base, "admin", "pw-admin-1")
        page.goto(f"{base}/admin/flags/feature/")
        _switch(True, actor)
        page.click("button.flag-toggle[data-environment='development']")  # a stale list
        page.wait_for_selector("#toast-region li.error")
        assert "Not saved: maintenance mode is on." in page.inner_text("#toast-region")
        assert page.url == f"{base}/admin/flags/feature/"

        _switch(False, actor)
        page.goto(f"{base}/admin/flags/project/default/change/")
        page.fill("#id_description", "Typed before maintenance")
        _switch(True, actor)
        page.click("input[name=_save]")
        page.wait_for_selector(".maintenance-refusal")
        assert page.input_value("#id_description") == "Typed before maintenance"
        assert MESSAGE in page.inner_text("#maintenance-banner")
        assert page.locator("p.errornote").is_hidden()  # nothing for the admin to correct
        expect(page.locator("input[name=_save]")).to_be_disabled()
        screenshot(page, "maintenance-stale-edit.png")
    assert not FeatureEnvironment.objects.filter(feature=flag, enabled=True).exists()
    assert Project.objects.get(pk="default").description != "Typed before maintenance"


def test_maintenance_on__every_write_control_disabled_add_page_explained(live_server, actor):
    flag = services.feature_create(
        project=Project.objects.get(pk="default"), name="search", actor=actor
    )
    _switch(True, actor)
    base = live_server.url
    with browser_page() as page:
        admin_login(page, base, "admin", "pw-admin-1")
        page.goto(f"{base}/admin/flags/feature/")
        switches = page.locator("button.flag-toggle")
        assert switches.count() == 2
        for index in range(2):
            expect(switches.nth(index)).to_be_disabled()
        assert page.locator("#nav-sidebar a.addlink").count() == 0
        assert page.locator("select[name=action]").count() == 0

        page.goto(f"{base}/admin/flags/feature/{flag.pk}/change/")
        expect(page.locator("#env-development button.flag-toggle")).to_be_disabled()

        page.goto(f"{base}/admin/flags/tagtype/add/")
        assert "Nothing can be added: maintenance mode is on." in page.inner_text(".messagelist")
        expect(page.locator("input[name=_save]")).to_be_disabled()
        assert page.locator("#maintenance-banner").is_visible()
        screenshot(page, "maintenance-add-page.png")
