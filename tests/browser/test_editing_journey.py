"""Issue 12's "done when", the editing part, clicked through with no URL typed and no JSON written.

A new admin creates a project, a segment and a flag; gives it a 50% rollout sticky on userId with
a date constraint, the segment and two variants with a JSON payload; turns it on in development;
switches maintenance on, meets a clear refusal that keeps what was typed, and switches it off.
"""

import json

import pytest
from playwright.sync_api import expect

from flags.models import Feature, FeatureEnvironment, Segment
from maintenance import state
from tests.support.browser import admin_login, browser_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _nav(page, name):
    page.locator("#nav-sidebar").get_by_role("link", name=name, exact=True).click()


def _create_project(page):
    page.get_by_role("link", name="Projects", exact=True).first.click()
    page.locator(".object-tools a.addlink").click()
    page.fill("#id_id", "shop")
    page.fill("#id_name", "Shop")
    page.check("#id_environments_0")
    page.check("#id_environments_1")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")


def _create_segment(page):
    _nav(page, "Segments")
    page.locator(".object-tools a.addlink").click()
    page.fill("#id_name", "beta-testers")
    page.locator(".field-constraints .ce-add").click()
    row = page.locator(".field-constraints .ce-row").nth(0)
    row.locator(".ce-context").select_option("userId")
    row.locator(".chips-input").fill("7, 8")
    row.locator(".chips-input").press("Enter")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")


def _create_flag(page):
    _nav(page, "Flags")
    page.locator(".object-tools a.addlink").click()
    page.fill("#id_name", "new-checkout")
    page.select_option("#id_project", "shop")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    page.locator("#result_list").get_by_role("link", name="new-checkout", exact=True).click()


def _add_rollout(page):
    page.locator("#env-development .env-edit-link").click()
    page.click(".strategy-inline .add-row a")
    form = page.locator("#strategies-0")
    form.locator(".se-percent").fill("50")
    form.locator(".se-stickiness").select_option("userId")
    form.locator(".ce-add").click()
    date = form.locator(".ce-row").nth(0)
    date.locator(".ce-context").select_option("currentTime")
    date.locator(".ce-operator").select_option("DATE_AFTER")
    date.locator(".ce-date").fill("2026-01-15")
    form.locator(".field-segments label", has_text="beta-testers").locator("input").check()
    variants = form.locator(".field-variants .ve")
    for index, (name, payload) in enumerate([("blue", '{"color": "blue"}'), ("green", "")]):
        variants.locator(".ve-add").click()
        row = variants.locator(".ve-row").nth(index)
        row.locator(".ve-name").fill(name)
        if payload:
            row.locator(".ve-payload-type").select_option("json")
            row.locator(".ve-payload").fill(payload)
    screenshot(page, "journey-strategy.png")
    page.click("input[name=_save]")  # back to the flag page
    page.wait_for_selector("#env-development .strategy-card")


def _refusal_keeps_typing(page, second):
    # The second tab opened the flag page before maintenance went on.
    second.fill("#id_description", "Typed while maintenance was switched on")
    _nav(page, "Maintenance")
    page.check("#id_enabled")
    page.fill("#id_message", "Database upgrade")
    page.click("input[name=_save]")
    page.wait_for_selector("#maintenance-banner")
    second.click("input[name=_continue]")
    second.wait_for_selector(".maintenance-refusal")
    expect(second.locator("#id_description")).to_have_value(
        "Typed while maintenance was switched on"
    )
    expect(second.locator("input[name=_save]")).to_be_disabled()
    expect(second.locator("#env-development button.flag-toggle")).to_be_disabled()
    screenshot(second, "journey-maintenance-refusal.png")


def test_new_admin__project_segment_flag_strategy_switch_maintenance__all_by_clicking(
    live_server, django_user_model
):
    django_user_model.objects.create_superuser("admin", "a@example.com", "pw-admin-1")
    base = live_server.url
    with browser_page() as page:
        admin_login(page, base, "admin", "pw-admin-1")
        _create_project(page)
        _create_segment(page)
        _create_flag(page)
        flag_page = page.url
        _add_rollout(page)
        summary = page.inner_text("#env-development")
        assert "50% of userId" in summary and "beta-testers" in summary
        page.locator("#env-development button.flag-toggle").click()
        page.wait_for_selector("#toast-region li.success")

        second = page.context.new_page()
        second.goto(flag_page)  # a tab opened earlier, as a person would have it
        _refusal_keeps_typing(page, second)

        page.uncheck("#id_enabled")
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")
        assert page.locator("#maintenance-banner").count() == 0

    flag = Feature.objects.get(name="new-checkout")
    assert flag.project_id == "shop" and flag.description == ""
    state_row = FeatureEnvironment.objects.get(feature=flag, environment="development")
    assert state_row.enabled
    strategy = state_row.strategies.get()
    assert strategy.parameters == {
        "rollout": "50",
        "stickiness": "userId",
        "groupId": "new-checkout",
    }
    assert strategy.constraints[0]["value"] == "2026-01-15T00:00:00.000Z"
    assert list(strategy.segments.all()) == [Segment.objects.get(name="beta-testers")]
    blue, green = strategy.variants
    assert json.loads(blue["payload"]["value"]) == {"color": "blue"}
    assert (blue["weight"], green["weight"]) == (500, 500)
    assert not state.current().active()
