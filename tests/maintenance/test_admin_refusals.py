"""Every admin refusal while maintenance is on ends on a page with the banner and a message."""

import logging

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from flags import services
from flags.models import Feature, Project
from tests.factories import UserFactory

from .conftest import MESSAGE

ADD_PAGES = [
    "flags/feature",
    "flags/segment",
    "flags/apitoken",
    "flags/banner",
    "flags/contextfield",
    "flags/environment",
    "flags/project",
    "flags/tagtype",
    "auth/group",
    "auth/user",
]


@pytest.fixture
def flag(default_project, actor):
    return services.feature_create(project=default_project, name="checkout", actor=actor)


def _toggle_url(flag):
    return reverse("admin:flags_feature_toggle", args=[flag.pk, "development"])


def test_list_pill_post__on__back_on_the_list_with_message_not_405(
    admin_client, flag, maintenance_on
):
    changelist = reverse("admin:flags_feature_changelist")
    response = admin_client.post(
        _toggle_url(flag), {"enabled": "1", "next": changelist}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain == [(changelist, 302)]
    content = response.content.decode()
    assert 'id="maintenance-banner"' in content
    assert "Not saved: maintenance mode is on." in content
    assert not flag.env_states.filter(enabled=True).exists()


def test_list_pill_background_post__on__503_json_with_message(admin_client, flag, maintenance_on):
    response = admin_client.post(
        _toggle_url(flag), {"enabled": "1"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 503
    assert response.json()["message"].startswith("Not saved: maintenance mode is on.")
    assert int(response["Retry-After"]) > 0


def test_flag_list__on__switches_disabled_and_no_actions(admin_client, flag, maintenance_on):
    response = admin_client.get(reverse("admin:flags_feature_changelist"))
    content = response.content.decode()
    assert content.count('class="flag-toggle') == 2
    assert content.count(" disabled>") >= 2
    assert 'name="action"' not in content


@pytest.mark.parametrize("model", ADD_PAGES)
def test_add_page__on__banner_message_and_disabled_save_not_403(
    admin_client, maintenance_on, model, caplog
):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = admin_client.get(f"/admin/{model}/add/")
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="maintenance-banner"' in content and MESSAGE in content
    assert "Nothing can be added: maintenance mode is on." in content
    assert 'name="_save" disabled' in content
    assert not [r for r in caplog.records if r.name == "django.request"]


def test_navigation__on_every_page_even_maintenance__no_add_links(admin_client, maintenance_on):
    for url in (
        "/admin/",
        "/admin/maintenance/maintenancesetting/1/change/",
        "/admin/flags/project/add/",
    ):
        assert b'class="addlink"' not in admin_client.get(url).content, url


def test_stale_edit__on__typed_values_kept_nothing_saved(admin_client, maintenance_on):
    url = reverse("admin:flags_project_change", args=["default"])
    data = {
        "name": "Renamed",
        "description": "Typed before maintenance",
        "environments": ["development"],
    }
    response = admin_client.post(url, data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Typed before maintenance</textarea>" in content
    assert 'value="Renamed"' in content
    assert "What you typed is kept below" in content and 'id="maintenance-banner"' in content
    assert Project.objects.get(pk="default").name == "Default"


def test_stale_flag_edit__on__description_kept_nothing_saved(admin_client, flag, maintenance_on):
    url = reverse("admin:flags_feature_change", args=[flag.pk])
    data = {"type": "release", "description": "Typed late", "env_states-TOTAL_FORMS": "0"}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Typed late</textarea>" in response.content.decode()
    assert Feature.objects.get(pk=flag.pk).description == ""


def test_delete_page__on__back_on_the_object_with_message_not_403(
    admin_client, flag, maintenance_on
):
    response = admin_client.get(reverse("admin:flags_feature_delete", args=[flag.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:flags_feature_change", args=[flag.pk])
    assert "Not deleted: maintenance mode is on." in response.content.decode()
    assert Feature.objects.filter(pk=flag.pk).exists()


@pytest.fixture
def viewer(db):
    user = UserFactory(username="viewer-user", is_staff=True)
    user.groups.add(Group.objects.get(name="Viewer"))
    return user


def test_permission_denied__viewer_on_add_page__403_page_with_banner(
    client, viewer, maintenance_on
):
    client.force_login(viewer)
    response = client.get("/admin/flags/tagtype/add/")
    assert response.status_code == 403
    assert b'id="maintenance-banner"' in response.content
    assert b"Back to the admin" in response.content
