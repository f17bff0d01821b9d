"""Item 7: each constraint's input fits its operator; only the wrong row is marked."""

import pytest
from playwright.sync_api import expect

from flags import services
from flags.models import ContextField, Segment, Strategy
from tests.browser.editor_pages import environment_url, make_flag
from tests.support.browser import admin_login, browser_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _add_constraint(form, context, operator):
    form.locator(".ce-add").click()
    row = form.locator(".ce-row").nth(form.locator(".ce-row").count() - 1)
    row.locator(".ce-context").select_option(context)
    row.locator(".ce-operator").select_option(operator)
    return row


def test_date_number_legal_values__inputs_fit_operator__stored_canonical(
    live_server, django_user_model
):
    ContextField.objects.create(
        name="plan",
        legal_values=[{"value": "free", "description": ""}, {"value": "pro", "description": ""}],
    )
    flag, _ = make_flag(django_user_model)
    with browser_page() as page:
        admin_login(page, live_server.url, "admin", "pw-admin-1")
        page.goto(environment_url(live_server.url, flag))
        page.click(".strategy-inline .add-row a")
        form = page.locator("#strategies-0")

        date = _add_constraint(form, "currentTime", "DATE_AFTER")
        date.locator(".ce-date").fill("2030-05-01")  # a plain date: no time typed
        expect(date.locator(".ce-zone")).to_have_value("UTC")
        assert "Stored as 2030-05-01T00:00:00.000Z" in date.inner_text()

        number = _add_constraint(form, "userId", "NUM_GT")
        assert number.locator(".ce-value").get_attribute("type") == "number"
        number.locator(".ce-value").fill("42")

        plan = _add_constraint(form, "plan", "IN")
        assert plan.locator(".ce-legal input").count() == 2  # offered, not typed
        plan.locator(".ce-legal-item", has_text="pro").locator("input").check()

        words = _add_constraint(form, "appName", "STR_STARTS_WITH")
        expect(words.locator(".ce-flag", has_text="ignore case")).to_be_visible()
        words.locator(".chips-input").fill("web-")
        words.locator(".chips-input").press("Enter")
        words.locator(".chips-input").fill("api-")
        words.locator(".chips-input").press("Enter")
        assert words.locator(".chip").count() == 2
        screenshot(page, "constraint-editor.png")
        page.click("input[name=_continue]")
        page.wait_for_selector(".messagelist .success")

    constraints = Strategy.objects.get().constraints
    assert [(c["contextName"], c["operator"]) for c in constraints] == [
        ("currentTime", "DATE_AFTER"),
        ("userId", "NUM_GT"),
        ("plan", "IN"),
        ("appName", "STR_STARTS_WITH"),
    ]
    assert constraints[0]["value"] == "2030-05-01T00:00:00.000Z"
    assert constraints[1]["value"] == "42"
    assert constraints[2]["values"] == ["pro"]
    assert constraints[3]["values"] == ["web-", "api-"]


def test_bad_version__only_that_row_marked_in_plain_words__fixed_then_saved(
    live_server, django_user_model
):
    flag, actor = make_flag(django_user_model)
    development = flag.env_states.get(environment="development").environment
    services.strategy_add(
        feature=flag,
        environment=development,
        actor=actor,
        name="default",
        constraints=[{"contextName": "userId", "operator": "IN", "values": ["1"]}],
    )
    with browser_page() as page:
        admin_login(page, live_server.url, "admin", "pw-admin-1")
        page.goto(environment_url(live_server.url, flag))
        form = page.locator("#strategies-0")
        version = _add_constraint(form, "appName", "SEMVER_GT")
        version.locator(".ce-value").fill("1.2")
        assert "Use a version such as 1.2.3" in version.inner_text()  # said as you type
        page.click("input[name=_continue]")
        rows = page.locator("#strategies-0 .ce-row")
        expect(rows.nth(1)).to_have_class("ce-row has-error")
        expect(rows.nth(0)).to_have_class("ce-row")
        assert "The value must be a version such as 1.2.3" in rows.nth(1).inner_text()
        assert "Constraint 2:" in page.inner_text("#strategies-0 .field-constraints .errorlist")
        screenshot(page, "constraint-editor-error.png")
        rows.nth(1).locator(".ce-value").fill("1.2.0")
        page.click("input[name=_continue]")
        page.wait_for_selector(".messagelist .success")
    assert Strategy.objects.get().constraints[1]["value"] == "1.2.0"


def test_segment_page__same_editor__constraints_saved(live_server, django_user_model):
    make_flag(django_user_model)
    with browser_page() as page:
        admin_login(page, live_server.url, "admin", "pw-admin-1")
        page.goto(f"{live_server.url}/admin/flags/segment/add/")
        page.fill("#id_name", "beta-testers")
        row = _add_constraint(page.locator(".field-constraints"), "userId", "IN")
        row.locator(".chips-input").fill("7,8,9")
        row.locator(".chips-input").press("Enter")
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")
    assert Segment.objects.get().constraints[0]["values"] == ["7", "8", "9"]
