"""Finding things in a real browser: the home, the flag search and the flag page's first screen."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.actors import Actor
from flags import services
from flags.models import Feature, Project
from tests.support.browser import admin_login, browser_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team(django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "pw-admin-1")
    actor = Actor.from_user(admin, source="test")
    web = services.project_create(id="web", name="Web shop", actor=actor)
    default = Project.objects.get(pk="default")
    checkout = services.feature_create(project=default, name="new-checkout", actor=actor)
    banner = services.feature_create(project=web, name="promo-banner", actor=actor)
    services.feature_tag_add(feature=banner, type="simple", value="payments", actor=actor)
    development = checkout.env_states.get(environment="development").environment
    services.strategy_add(
        feature=checkout,
        environment=development,
        actor=actor,
        name="flexibleRollout",
        parameters={"rollout": "50", "stickiness": "userId", "groupId": "new-checkout"},
    )
    services.feature_set_enabled(
        feature=checkout, environment=development, enabled=True, actor=actor
    )
    services.feature_update(feature=checkout, description="One-page checkout", actor=actor)
    Feature.objects.filter(pk=banner.pk).update(created_at=timezone.now() - timedelta(days=50))
    return {"checkout": checkout, "banner": banner}


def test_home__click_through__environment_and_potentially_stale(live_server, team):
    base = live_server.url
    with browser_page() as page:
        admin_login(page, base, "admin", "pw-admin-1")
        assert page.inner_text("h1") == "Home"
        env = page.locator(".home-env", has_text="development")
        assert "1 of 2 on" in env.inner_text()
        screenshot(page, "home.png")
        env.locator("a").click()
        page.wait_for_url("**/admin/flags/feature/?q=on*development")
        assert page.locator("#result_list .flag-name").all_inner_texts() == ["new-checkout"]

        page.goto(f"{base}/admin/")
        page.click("text=Potentially stale: 1")
        page.wait_for_url("**/admin/flags/feature/?state=potentially-stale")
        assert page.locator("#result_list .flag-name").all_inner_texts() == ["promo-banner"]


def test_flag_search__project_and_tag__found_and_syntax_shown(live_server, team):
    base = live_server.url
    with browser_page() as page:
        admin_login(page, base, "admin", "pw-admin-1")
        page.goto(f"{base}/admin/flags/feature/")
        page.click(".search-syntax summary")
        assert "tag:team:payments" in page.inner_text(".search-syntax")
        page.fill("#searchbar", "shop tag:simple:payments")  # a word of the project's name
        page.keyboard.press("Enter")
        page.wait_for_url("**q=shop*")
        assert page.locator("#result_list .flag-name").all_inner_texts() == ["promo-banner"]
        page.fill("#searchbar", "-project:web")
        page.keyboard.press("Enter")
        page.wait_for_url("**q=-project*")
        assert page.locator("#result_list .flag-name").all_inner_texts() == ["new-checkout"]
        screenshot(page, "flag-search.png")


def test_flag_page__1366x768__environments_and_changes_above_the_fold(live_server, team):
    base = live_server.url
    with browser_page(viewport=(1366, 768)) as page:
        admin_login(page, base, "admin", "pw-admin-1")
        page.goto(f"{base}/admin/flags/feature/{team['checkout'].pk}/change/")
        for env in ("development", "production"):
            panel = page.locator(f"#env-{env}")
            head = f"#env-{env} .env-panel-head"
            toggle = f"{head} :is(input[type=checkbox], button, [role=switch])"
            for part in (f"{head} h3", toggle, f"#env-{env} .env-usage"):
                box = page.locator(part).first.bounding_box()
                assert box and box["y"] + box["height"] <= 768, part
            summary = "50% of userId" if env == "development" else "No strategies"
            assert summary in panel.inner_text()
            strategy = page.locator(f"#env-{env} .strategy-card, #env-{env} .strategy-empty")
            box = strategy.first.bounding_box()
            assert box["y"] + box["height"] <= 768
        changes = page.locator(".flag-events > li").first
        assert "feature-metadata-updated" in changes.inner_text()
        added = changes.locator(".diff-add").first
        assert "One-page checkout" in added.inner_text()
        assert added.bounding_box()["y"] + added.bounding_box()["height"] <= 768
        screenshot(page, "flag-page-1366.png")
