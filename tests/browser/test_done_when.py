"""Issue 12's "done when", end to end in Chromium: a new admin, no URL typed after signing in.

Creates a project and a segment; creates a flag with a 50 % rollout sticky on userId, a date
constraint, the segment and two variants with a JSON payload; turns it on in development; sees
its usage once an SDK has reported; finds it by search and by the command menu; exports and
imports it; switches maintenance on, meets a clear refusal and switches it off.

The strategy editing steps sit in small helpers (`add_rollout_strategy`), so that they follow
the strategy, constraint and variant editors as those change.
"""

import json
import urllib.request
from datetime import UTC, datetime

import pytest

from core.models import Event
from flags.models import FeatureEnvironment, Strategy
from maintenance import state
from metrics import services as metrics_services
from tests.support.browser import admin_login, browser_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FLAG, PROJECT, SEGMENT = "checkout-v2", "web-shop", "beta-users"
VARIANTS = [
    {"name": "blue", "weight": 500, "weightType": "variable", "stickiness": "userId",
     "payload": {"type": "json", "value": '{"color": "blue"}'}},
    {"name": "green", "weight": 500, "weightType": "variable", "stickiness": "userId",
     "payload": {"type": "json", "value": '{"color": "green"}'}},
]  # fmt: skip


def nav(page, text: str) -> None:
    """Follow a link of the navigation: the sidebar, or the home's list of pages."""
    page.click(f":is(#nav-sidebar, .home-pages) a:text-is('{text}')")


def create_project(page) -> None:
    nav(page, "Projects")
    page.click(".object-tools a.addlink")
    page.fill("#id_id", PROJECT)
    page.fill("#id_name", "Web shop")
    for box in page.locator("input[name=environments]").all():
        box.check()
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")


def create_segment(page) -> None:
    nav(page, "Segments")
    page.click(".object-tools a.addlink")
    page.fill("#id_name", SEGMENT)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")


def create_flag(page) -> None:
    nav(page, "Flags")
    page.click(".object-tools a.addlink")
    page.fill("#id_name", FLAG)
    page.select_option("#id_project", PROJECT)
    page.click("input[name=_continue]")
    page.wait_for_selector("#env-development")


def add_rollout_strategy(page) -> None:
    """development: flexibleRollout 50 % on userId, currentTime after a date, the segment and
    two variants with JSON payloads (through the strategy editor on the flag page)."""
    page.click("#env-development [data-add-strategy]")
    form = page.locator("#strategies-development-0")
    form.locator("select[name$='-name']").select_option("flexibleRollout")
    form.locator(".se-percent").fill("50")
    form.locator(".se-stickiness").select_option("userId")  # group id defaults to the flag
    form.locator(".ce-add").click()
    row = form.locator(".ce-row").first
    row.locator(".ce-context").select_option("currentTime")
    row.locator(".ce-operator").select_option("DATE_AFTER")
    row.locator(".ce-date").fill("2024-01-01")  # a plain date is midnight UTC
    form.get_by_label(SEGMENT).check()
    variants = form.locator(".field-variants .ve")
    for index, variant in enumerate(VARIANTS):
        variants.locator(".ve-add").click()
        line = variants.locator(".ve-row").nth(index)
        line.locator(".ve-name").fill(variant["name"])
        line.locator(".ve-stickiness").select_option(variant["stickiness"])
        line.locator(".ve-payload-type").select_option(variant["payload"]["type"])
        line.locator(".ve-payload").fill(variant["payload"]["value"])
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")


def turn_on_in_development(page) -> None:
    nav(page, "Flags")
    toggle = f"[data-flag='{FLAG}'][data-environment='development']"
    page.click(toggle)
    page.wait_for_selector(f"{toggle}:is([aria-pressed='true'], [aria-checked='true'])")


def create_backend_token(page) -> str:
    nav(page, "API tokens")
    page.click(".object-tools a.addlink")
    page.fill("#id_name", "checkout-service")
    page.select_option("#id_type", "backend")
    page.select_option("#id_environment", "development")
    page.click("input[name=_save]")
    return page.inner_text(".token-secret code").strip()


def sdk_reports_usage(base: str, token: str) -> None:
    """What an SDK does (POST /api/client/metrics), then the worker's periodic flush."""
    now = datetime.now(UTC).isoformat()
    body = {
        "appName": "checkout-service",
        "instanceId": "i-1",
        "bucket": {"start": now, "stop": now, "toggles": {FLAG: {"yes": 30, "no": 10}}},
    }
    request = urllib.request.Request(
        f"{base}/api/client/metrics",
        data=json.dumps(body).encode(),
        headers={"Authorization": token, "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 202
    metrics_services.flush()


def find_by_search_and_command_menu(page) -> None:
    nav(page, "Flags")
    page.fill("#searchbar", f"checkout project:{PROJECT}")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/flags/feature/?q=*")
    assert page.locator("#result_list .flag-name").all_inner_texts() == [FLAG]
    page.click("#header [data-command-menu-open]")
    page.keyboard.type(FLAG)
    page.wait_for_selector(f".command-menu__item:has-text('{FLAG}')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/flags/feature/*/change/")
    assert page.inner_text("h1") == FLAG


def export_and_import(page, tmp_path) -> None:
    nav(page, "Import / export")
    with page.expect_download() as download:
        page.click("input[name=export]")
    path = tmp_path / "export.json"
    download.value.save_as(path)
    assert FLAG in [f["name"] for f in json.loads(path.read_text())["features"]]
    page.set_input_files("input[name=file]", str(path))
    page.select_option("#id_project", PROJECT)
    page.click("input[name=validate]")
    assert "overwrite it" in page.inner_text(f".batch-preview tr:has-text('{FLAG}')")
    page.click("input[name=import]")
    page.wait_for_selector(".messagelist .success")


def set_maintenance(page, on: bool) -> None:
    nav(page, "Maintenance")
    box = page.locator("#id_enabled")
    box.check() if on else box.uncheck()
    if on:
        page.fill("#id_message", "Upgrading the database")
    page.click("input[name=_save]")


def test_done_when__new_admin__whole_flag_workflow_by_clicks(
    live_server, django_user_model, tmp_path
):
    django_user_model.objects.create_superuser("admin", "a@example.com", "pw-admin-1")
    base = live_server.url
    with browser_page() as page:
        admin_login(page, base, "admin", "pw-admin-1")
        create_project(page)
        create_segment(page)
        create_flag(page)
        add_rollout_strategy(page)
        turn_on_in_development(page)

        token = create_backend_token(page)
        sdk_reports_usage(base, token)
        find_by_search_and_command_menu(page)  # ends on the flag page
        usage = page.inner_text("#env-development .env-usage")
        assert "40 requests in the last hour, 75% on" in usage
        screenshot(page, "done-when-flag-page.png")

        export_and_import(page, tmp_path)

        set_maintenance(page, True)
        page.wait_for_selector("#maintenance-banner")
        nav(page, "Import / export")
        page.set_input_files("input[name=file]", str(tmp_path / "export.json"))
        page.select_option("#id_project", PROJECT)
        page.click("input[name=validate]")
        refusal = page.locator("input[name=import]")
        assert refusal.is_disabled()
        assert "Import is off while maintenance mode is on." in page.inner_text(".batch-import")
        assert "Upgrading the database" in page.inner_text("#maintenance-banner")
        screenshot(page, "done-when-maintenance.png")
        set_maintenance(page, False)
        page.wait_for_selector(".messagelist .success")
        assert page.locator("#maintenance-banner").count() == 0

    strategy = Strategy.objects.get(feature_environment__feature__name=FLAG)
    assert strategy.parameters == {"rollout": "50", "stickiness": "userId", "groupId": FLAG}
    assert strategy.constraints[0]["operator"] == "DATE_AFTER"
    assert [s.name for s in strategy.segments.all()] == [SEGMENT]
    assert [v["payload"]["type"] for v in strategy.variants] == ["json", "json"]
    assert FeatureEnvironment.objects.get(feature__name=FLAG, environment="development").enabled
    assert Event.objects.filter(type="features-imported").exists()
    assert not state.current().active()
