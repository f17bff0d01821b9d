"""Every admin list fits a 1366x768 screen: no sideways scrolling of the page or the table."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from core.actors import Actor
from flags import services
from flags.models import Project
from metrics.aggregates import ClientApplication, ClientInstance, FeatureHourlyMetric
from tests.support.browser import admin_login, browser_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "a-rather-long-flag-name-for-the-new-checkout-experience-in-the-web-shop"


def _seed(actor):
    for name, kind in [("staging", "test"), ("qa", "test"), ("canary", "preproduction")]:
        services.environment_create(name=name, type=kind, sort_order=150, actor=actor)
    project = Project.objects.get(pk="default")
    for env in ("staging", "qa", "canary"):
        services.project_environment_add(
            project=project, environment=project.environments.model.objects.get(pk=env), actor=actor
        )
    feature = services.feature_create(
        project=project, name=LONG, actor=actor, description="A long description " * 8
    )
    services.feature_tag_add(feature=feature, type="simple", value="checkout-team", actor=actor)
    services.feature_update(feature=feature, description="Changed " * 12, actor=actor)
    services.segment_create(name="beta-testers-in-europe", actor=actor)
    services.token_create(name="ci-backend", type="backend", environment="development", actor=actor)
    ClientApplication.objects.create(app_name="web-shop-frontend-application")
    ClientInstance.objects.create(
        app_name="web-shop-frontend-application",
        instance_id="instance-with-a-long-identifier-0001",
        environment="development",
        sdk_version="unleash-client-node:3.2.0",
        last_seen_at=timezone.now(),
    )
    FeatureHourlyMetric.objects.create(
        feature_name=LONG,
        app_name="web-shop-frontend-application",
        environment="development",
        hour=timezone.now().replace(minute=0, second=0, microsecond=0),
        yes=3,
        no=1,
    )


def list_urls() -> list[str]:
    urls = []
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    return urls


def test_every_list__1366x768__no_horizontal_overflow(live_server, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "a@example.com", "pw-admin-1")
    _seed(Actor.from_user(user, source="test"))
    too_wide = {}
    with browser_page(viewport=(1366, 768)) as page:
        admin_login(page, live_server.url, "admin", "pw-admin-1")
        for url in list_urls():
            page.goto(live_server.url + url)
            widths = page.evaluate(
                """() => {
                    const table = document.querySelector("#changelist .results");
                    return {
                        page: document.documentElement.scrollWidth,
                        table: table ? table.scrollWidth - table.clientWidth : 0,
                    };
                }"""
            )
            if widths["page"] > 1366 or widths["table"] > 0:
                too_wide[url] = widths
                screenshot(page, "too-wide-" + url.strip("/").replace("/", "-") + ".png")
    assert not too_wide, too_wide
