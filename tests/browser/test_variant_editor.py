"""Item 8: variants as rows with typed payloads and the split shown; no escaped JSON typed."""

import json

import pytest
from playwright.sync_api import expect

from flags.models import FeatureEnvironment, Strategy
from tests.browser.editor_pages import environment_url, make_flag
from tests.support.browser import admin_login, browser_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _add_variant(editor, name):
    editor.locator(".ve-add").first.click()
    index = editor.locator(".ve-row").count() - 1
    row = editor.locator(".ve-row").nth(index)  # .last would follow later rows
    row.locator(".ve-name").fill(name)
    return row


def test_feature_variants__json_payload_and_fixed_weight__split_shown_and_stored(
    live_server, django_user_model
):
    flag, _ = make_flag(django_user_model)
    with browser_page() as page:
        admin_login(page, live_server.url, "admin", "pw-admin-1")
        page.goto(environment_url(live_server.url, flag))
        editor = page.locator(".field-variants .ve")
        blue = _add_variant(editor, "blue")
        blue.locator(".ve-payload-type").select_option("json")
        blue.locator(".ve-payload").fill('{"color": "blue",')
        assert "Not valid JSON yet" in blue.inner_text()  # checked as it is typed
        blue.locator(".ve-payload").fill('{"color": "blue", "size": 2}')
        assert "Not valid JSON" not in blue.inner_text()
        green = _add_variant(editor, "green")
        assert editor.locator(".ve-legend").inner_text().split("\n") == ["blue 50%", "green 50%"]
        green.locator(".ve-weight-type").select_option("fix")
        green.locator(".ve-weight").fill("20")
        expect(blue.locator(".ve-weight")).to_have_value("80")
        assert editor.locator(".ve-legend").inner_text().split("\n") == ["blue 80%", "green 20%"]
        green.locator(".ve-stickiness").select_option("userId")
        screenshot(page, "variant-editor.png")
        page.click("input[name=_continue]")
        page.wait_for_selector(".messagelist .success")
        # Shown again as JSON to edit, not as an escaped string.
        shown = page.locator(".field-variants .ve-row").first.locator(".ve-payload")
        assert json.loads(shown.input_value()) == {"color": "blue", "size": 2}

    variants = FeatureEnvironment.objects.get(feature=flag, environment="development").variants
    blue_stored, green_stored = variants
    assert (blue_stored["weight"], green_stored["weight"]) == (800, 200)
    assert json.loads(blue_stored["payload"]["value"]) == {"color": "blue", "size": 2}
    assert green_stored["stickiness"] == "userId" and "payload" not in green_stored


def test_strategy_variants__duplicate_names__refused_and_said_plainly(
    live_server, django_user_model
):
    flag, _ = make_flag(django_user_model)
    with browser_page() as page:
        admin_login(page, live_server.url, "admin", "pw-admin-1")
        page.goto(environment_url(live_server.url, flag))
        page.click(".strategy-inline .add-row a")
        editor = page.locator("#strategies-0 .field-variants .ve")
        for name in ("a", "a"):
            _add_variant(editor, name)
        page.click("input[name=_continue]")
        errors = page.locator("#strategies-0 .field-variants .errorlist")
        expect(errors).to_contain_text("Variant names must be unique")
        editor = page.locator("#strategies-0 .field-variants .ve")
        editor.locator(".ve-row").nth(1).locator(".ve-name").fill("b")
        editor.locator(".ve-row").nth(1).locator(".ve-payload-type").select_option("number")
        editor.locator(".ve-row").nth(1).locator(".ve-payload").fill("7")
        page.click("input[name=_continue]")
        page.wait_for_selector(".messagelist .success")
    variants = Strategy.objects.get().variants
    assert [v["name"] for v in variants] == ["a", "b"]
    assert variants[1]["payload"] == {"type": "number", "value": "7"}
