"""The admin home: flags per environment, attention, changes, SDKs, maintenance, first steps."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from flags import services
from flags.models import Feature
from maintenance import services as maintenance_services
from metrics.aggregates import ClientApplication, ClientInstance

HOME = "admin:index"


@pytest.fixture
def checkout(default_project, development, actor):
    feature = services.feature_create(project=default_project, name="new-checkout", actor=actor)
    services.feature_set_enabled(
        feature=feature, environment=development, enabled=True, actor=actor
    )
    return feature


def test_home__empty_install__getting_started_steps(admin_client, db):
    response = admin_client.get(reverse(HOME))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Getting started" in content
    assert [s["done"] for s in response.context["steps"]] == [False, False, False, False]
    assert reverse("admin:flags_feature_add") in content


def test_home__flag_on_and_token__steps_done_and_list_gone(
    admin_client, checkout, development, actor
):
    services.token_create(name="ci", type="backend", environment=development, actor=actor)
    response = admin_client.get(reverse(HOME))
    assert [s["done"] for s in response.context["steps"]] == [False, True, True, True]
    assert "Getting started" not in response.content.decode()


def test_home__flags_per_environment__on_of_total(admin_client, checkout, default_project, actor):
    services.feature_create(project=default_project, name="other", actor=actor)
    archived = services.feature_create(project=default_project, name="gone", actor=actor)
    services.feature_archive(feature=archived, actor=actor)
    envs = {
        e.name: (e.enabled, e.total)
        for e in admin_client.get(reverse(HOME)).context["environments"]
    }
    assert envs == {"development": (1, 2), "production": (0, 2)}


def test_home__stale_and_potentially_stale__listed(admin_client, checkout, default_project, actor):
    stale = services.feature_create(project=default_project, name="old-banner", actor=actor)
    services.feature_set_stale(feature=stale, stale=True, actor=actor)
    Feature.objects.filter(name="new-checkout").update(
        created_at=timezone.now() - timedelta(days=60)
    )
    response = admin_client.get(reverse(HOME))
    assert response.context["stale"].count == 1
    assert [row[0] for row in response.context["stale"].flags] == ["old-banner"]
    assert [row[0] for row in response.context["potentially_stale"].flags] == ["new-checkout"]
    content = response.content.decode()
    assert "?state=potentially-stale" in content


def test_home__recent_changes__newest_first_linking_the_flag(admin_client, checkout):
    response = admin_client.get(reverse(HOME))
    types = [e.type for e in response.context["recent_events"]]
    assert types[0] == "feature-environment-enabled"
    assert "feature-created" in types
    by_name = reverse("admin:flags_feature_by_name", args=["new-checkout"])
    assert by_name in response.content.decode()
    assert admin_client.get(by_name).url == reverse(
        "admin:flags_feature_change", args=[checkout.pk]
    )


def test_home__outdated_sdk__named_with_its_application(admin_client, db):
    ClientApplication.objects.create(app_name="shop")
    ClientInstance.objects.create(
        app_name="shop",
        instance_id="i-1",
        environment="development",
        sdk_version="unleash-client-node:3.0.0",
        last_seen_at=timezone.now(),
    )
    response = admin_client.get(reverse(HOME))
    assert response.context["sdk"]["live_instances"] == 1
    content = response.content.decode()
    assert "Outdated SDKs" in content
    assert "unleash-client-node:3.0.0" in content


def test_home__maintenance_on__message_and_switch_off_link(
    admin_client, actor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # its publish runs on commit
        maintenance_services.set_maintenance(enabled=True, message="DB upgrade", actor=actor)
    content = admin_client.get(reverse(HOME)).content.decode()
    assert "Maintenance mode is on" in content
    assert "DB upgrade" in content
    assert "Switch off" in content


def test_home__viewer__no_new_flag_button(client, db):
    from tests.flags.admin.conftest import _user_in

    client.force_login(_user_in("Viewer"))
    content = client.get(reverse(HOME)).content.decode()
    assert reverse("admin:flags_feature_add") not in content.split("All pages")[0]
    assert "Flags per environment" in content
