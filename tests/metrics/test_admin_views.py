"""Admin pages: flag usage chart, applications with instances, unknown flags."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.errors import ValidationFailed
from core.models import Event
from metrics import services
from metrics.aggregates import ClientApplication, FeatureHourlyMetric
from tests.metrics.conftest import metrics_body, register_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(post, backend_token, checkout):
    post("/api/client/register", register_body(), backend_token)
    post("/api/client/metrics", metrics_body(), backend_token)
    services.flush()


def _recent_rows():
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for hours_ago, yes in ((0, 40), (3, 25), (30, 10)):
        FeatureHourlyMetric.objects.create(
            feature_name="checkout",
            app_name="web",
            environment="production",
            hour=now - timedelta(hours=hours_ago),
            yes=yes,
            no=5,
        )


def test_usage_page__rows_in_48h__chart_panel_per_environment_with_totals(admin_client, checkout):
    _recent_rows()

    response = admin_client.get("/admin/metrics/featurehourlymetric/usage/checkout/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html
    assert "production — 75 yes, 15 no" in html
    assert "evaluations over the last 48 hours (per hour, UTC)" in html


def test_usage_page__30_days__daily_bars(admin_client, checkout):
    _recent_rows()

    response = admin_client.get("/admin/metrics/featurehourlymetric/usage/checkout/?period=30d")

    assert "over the last 30 days (per day, UTC)" in response.content.decode()


def test_chart_svg__no_reports__svg_with_empty_message(admin_client, checkout):
    response = admin_client.get("/admin/metrics/featurehourlymetric/usage/checkout/chart.svg")

    assert response["Content-Type"] == "image/svg+xml"
    assert b"No SDK has reported this flag" in response.content


def test_usage_page__unknown_flag__404(admin_client, db):
    response = admin_client.get("/admin/metrics/featurehourlymetric/usage/nope/")

    assert response.status_code == 404


def test_usage_page__anonymous__redirected_to_login(client, checkout):
    response = client.get("/admin/metrics/featurehourlymetric/usage/checkout/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_applications_list__reported_app__instances_and_sdk_versions(admin_client, reported):
    html = admin_client.get("/admin/metrics/clientapplication/").content.decode()

    assert "my-app" in html
    assert "unleash-python-sdk:6.9.1" in html
    assert '<td class="field-instance_count">1</td>' in html


def test_application_page__reported_app__instances_table_and_flags(admin_client, reported):
    app = ClientApplication.objects.get(app_name="my-app")

    html = admin_client.get(f"/admin/metrics/clientapplication/{app.pk}/change/").content.decode()

    assert '<table class="metrics-instances">' in html
    assert "i-1" in html
    assert "/admin/metrics/featurehourlymetric/usage/checkout/" in html


def test_application_page__description_saved__through_service_with_event(admin_client, reported):
    app = ClientApplication.objects.get(app_name="my-app")

    admin_client.post(
        f"/admin/metrics/clientapplication/{app.pk}/change/",
        {"description": "Checkout web", "url": "https://example.com", "color": "", "icon": ""},
    )

    app.refresh_from_db()
    assert app.description == "Checkout web"
    assert Event.objects.filter(type="application-updated").count() == 1


def test_application_page__description_changed__event_carries_stored_before(admin_client, reported):
    app = ClientApplication.objects.get(app_name="my-app")
    url = f"/admin/metrics/clientapplication/{app.pk}/change/"
    fields = {"url": "", "color": "", "icon": ""}
    admin_client.post(url, {"description": "Checkout web", **fields})

    admin_client.post(url, {"description": "Checkout API", **fields})

    event = Event.objects.filter(type="application-updated").latest("id")
    assert event.pre_data["description"] == "Checkout web"
    assert event.data["description"] == "Checkout API"


def test_application_page__saved_unchanged__no_event(admin_client, reported):
    app = ClientApplication.objects.get(app_name="my-app")

    admin_client.post(
        f"/admin/metrics/clientapplication/{app.pk}/change/",
        {"description": "", "url": "", "color": "", "icon": ""},
    )

    assert not Event.objects.filter(type="application-updated").exists()


def test_application_page__maintenance_on__description_not_saved(admin_client, reported, settings):
    settings.UNLEASH_MAINTENANCE_MODE = "true"
    app = ClientApplication.objects.get(app_name="my-app")

    admin_client.post(
        f"/admin/metrics/clientapplication/{app.pk}/change/",
        {"description": "Checkout web", "url": "", "color": "", "icon": ""},
    )

    app.refresh_from_db()
    assert app.description == ""


def test_unknown_flags_list__reported_unknown__listed(admin_client, reported):
    html = admin_client.get("/admin/metrics/unknownflag/").content.decode()

    assert "other" in html
    assert "my-app" in html


def test_flag_change_page__reported_flag__usage_chart_embedded(admin_client, reported, checkout):
    html = admin_client.get(f"/admin/flags/feature/{checkout.pk}/change/").content.decode()

    assert "Usage (SDK metrics)" in html
    assert "<svg" in html
    assert "?usage=7d#flag-usage" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("description", "a\ud800b", "lone surrogate"),
        ("url", "https://x/\x00", "NUL"),
        ("color", "c" * 51, "at most 50"),
    ],
)
def test_application_update__unstorable_text__refused_naming_field_nothing_saved(
    reported, actor, field, value, message
):
    app = ClientApplication.objects.get(app_name="my-app")

    with pytest.raises(ValidationFailed) as refused:
        services.application_update(application=app, actor=actor, **{field: value})

    assert refused.value.details[0]["path"] == field
    assert message in refused.value.details[0]["message"]
    app.refresh_from_db()
    assert getattr(app, field) == ""
    assert not Event.objects.filter(type="application-updated").exists()
