"""Item 6: strategies are picked from the defined types and edited as their parameters say."""

import pytest
from playwright.sync_api import expect

from flags.models import Strategy, StrategyDefinition
from tests.browser.editor_pages import environment_url, make_flag
from tests.support.browser import admin_login, browser_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _new_strategy(page):
    page.click(".strategy-inline .add-row a")
    return page.locator("#strategies-0")


def test_flexible_rollout__slider_stickiness_group_id__saved_as_typed(
    live_server, django_user_model
):
    flag, _ = make_flag(django_user_model)
    with browser_page() as page:
        admin_login(page, live_server.url, "admin", "pw-admin-1")
        page.goto(environment_url(live_server.url, flag))
        form = _new_strategy(page)
        assert page.input_value("#id_strategies-0-name") == "flexibleRollout"
        expect(form.locator(".se-percent")).to_have_value("100")
        expect(form.locator("input[aria-label='Group id']")).to_have_value("checkout")
        form.locator(".se-slider").fill("50")  # the slider moves the number with it
        expect(form.locator(".se-percent")).to_have_value("50")
        options = form.locator(".se-stickiness option").all_inner_texts()
        assert options == ["default", "userId", "sessionId", "random"]
        form.locator(".se-stickiness").select_option("userId")
        page.fill("#id_strategies-0-title", "Half of the users")
        screenshot(page, "strategy-editor-rollout.png")
        page.click("input[name=_continue]")
        page.wait_for_selector(".messagelist .success")
    strategy = Strategy.objects.get(feature_environment__feature=flag)
    assert strategy.title == "Half of the users" and not strategy.disabled
    assert strategy.parameters == {"rollout": "50", "stickiness": "userId", "groupId": "checkout"}


def test_ip_list__bad_entry_marked_then_fixed__only_valid_ips_saved(live_server, django_user_model):
    flag, _ = make_flag(django_user_model)
    with browser_page() as page:
        admin_login(page, live_server.url, "admin", "pw-admin-1")
        page.goto(environment_url(live_server.url, flag))
        form = _new_strategy(page)
        page.select_option("#id_strategies-0-name", "remoteAddress")
        chips = form.locator(".se-param[data-param='IPs'] .chips-input")
        chips.fill("10.0.0.1")
        chips.press("Enter")
        chips.fill("10.0.0.300")
        chips.press("Enter")
        assert form.locator(".chip.is-invalid").inner_text().startswith("10.0.0.300")
        assert "is not an IP address" in form.locator(".se-param[data-param='IPs']").inner_text()
        page.click("input[name=_continue]")  # the server refuses it too, on that parameter
        param = page.locator("#strategies-0 .se-param[data-param='IPs']")
        expect(param).to_have_class("se-param has-error")
        assert "“10.0.0.300” is not an IP address" in param.inner_text()
        param.locator(".chip.is-invalid .chip-remove").click()
        page.click("input[name=_continue]")
        page.wait_for_selector(".messagelist .success")
    assert Strategy.objects.get().parameters == {"IPs": "10.0.0.1"}


def test_custom_type__declared_parameters_offered__disabled_and_order_saved(
    live_server, django_user_model
):
    StrategyDefinition.objects.create(
        name="byPlan",
        display_name="By plan",
        description="Customers on the listed plans",
        parameters=[
            {"name": "plans", "type": "list", "description": "Plan ids", "required": True},
            {"name": "limit", "type": "number", "description": "", "required": False},
            {"name": "beta", "type": "boolean", "description": "", "required": False},
        ],
    )
    flag, _ = make_flag(django_user_model)
    with browser_page() as page:
        admin_login(page, live_server.url, "admin", "pw-admin-1")
        page.goto(environment_url(live_server.url, flag))
        form = _new_strategy(page)
        page.select_option("#id_strategies-0-name", "byPlan")
        assert "Customers on the listed plans" in form.locator(".se").inner_text()
        plans = form.locator(".se-param[data-param='plans'] .chips-input")
        plans.fill("gold, silver")
        plans.press("Enter")
        form.locator(".se-param[data-param='limit'] input").fill("5")
        form.locator(".se-param[data-param='beta'] input").check()
        page.uncheck("#id_strategies-0-active")
        page.fill("#id_strategies-0-sort_order", "3")
        page.click("input[name=_continue]")
        page.wait_for_selector(".messagelist .success")
    strategy = Strategy.objects.get()
    assert strategy.name == "byPlan" and strategy.disabled and strategy.sort_order == 3
    assert strategy.parameters == {"plans": "gold,silver", "limit": "5", "beta": "true"}
