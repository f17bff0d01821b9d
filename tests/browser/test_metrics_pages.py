"""Metrics pages in a real browser: the flag's usage chart and the applications list."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from flags.services import feature_create
from metrics.aggregates import ClientApplication, ClientInstance, FeatureHourlyMetric
from tests.support.browser import admin_login, browser_page, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _two_days_of_usage(name: str) -> None:
    """A plausible daily rhythm in two environments (seeded: the screenshot is stable)."""
    rng = random.Random(7)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    rows = []
    for hours_ago in range(48):
        hour = now - timedelta(hours=hours_ago)
        traffic = 400 + 300 * (8 <= hour.hour <= 18)
        for environment, share in (("production", 1.0), ("development", 0.1)):
            yes = int(traffic * share * rng.uniform(0.55, 0.65))
            no = int(traffic * share * rng.uniform(0.3, 0.4))
            rows.append(
                FeatureHourlyMetric(
                    feature_name=name,
                    app_name="checkout-web",
                    environment=environment,
                    hour=hour,
                    yes=yes,
                    no=no,
                )
            )
    FeatureHourlyMetric.objects.bulk_create(rows)


def _applications() -> None:
    now = timezone.now()
    for app, sdk, instances in (
        ("checkout-web", "unleash-python-sdk:6.9.1", 3),
        ("billing-worker", "unleash-client-node:6.1.0", 2),
    ):
        ClientApplication.objects.create(
            app_name=app, description=f"The {app} service", sdk_versions=[sdk], last_seen_at=now
        )
        for i in range(instances):
            ClientInstance.objects.create(
                app_name=app,
                instance_id=f"{app}-{i}",
                environment="production",
                sdk_version=sdk,
                client_ip=f"10.0.0.{i + 1}",
                last_seen_at=now,
            )


def test_metrics_pages__chart_and_applications__rendered_and_captured(
    live_server, django_user_model, default_project, system_actor
):
    django_user_model.objects.create_superuser("admin", "admin@example.com", "pw-admin-1")
    flag = feature_create(project=default_project, name="new-checkout", actor=system_actor)
    _two_days_of_usage("new-checkout")
    _applications()
    base = live_server.url
    with browser_page() as page:
        admin_login(page, base, "admin", "pw-admin-1")

        page.goto(f"{base}/admin/flags/feature/{flag.pk}/change/")
        chart = page.locator("#flag-usage svg")
        assert chart.count() == 1
        box = chart.bounding_box()
        assert box["width"] > 500 and box["height"] > 300
        assert "production" in chart.text_content()
        screenshot(page, "metrics-flag-page.png")

        page.goto(f"{base}/admin/metrics/featurehourlymetric/usage/new-checkout/?period=7d")
        assert "over the last 7 days" in page.locator("#flag-usage svg").text_content()
        screenshot(page, "metrics-flag-usage-7d.png")

        page.goto(f"{base}/admin/metrics/clientapplication/")
        table = page.inner_text("#result_list")
        assert "checkout-web" in table and "unleash-client-node:6.1.0" in table
        screenshot(page, "metrics-applications.png")
