"""The admin door: the Maintenance page, and every admin save refused while on."""

import pytest
from django.contrib.auth.models import Group

from core.models import Event
from flags.models import Feature
from maintenance import state
from maintenance.models import MaintenanceSetting

from .conftest import MESSAGE

PAGE = "/admin/maintenance/maintenancesetting/"
REFUSED = "Not saved: maintenance mode is on."


@pytest.fixture
def group(db):
    return Group.objects.create(name="editors")


def test_page__list__goes_straight_to_the_form(admin_client):
    response = admin_client.get(PAGE)
    assert response.status_code == 302 and response["Location"].endswith("/1/change/")


def test_page__form__warns_what_it_does(admin_client):
    response = admin_client.get(f"{PAGE}1/change/")
    assert b"nobody can change configuration" in response.content


def test_page__add_and_delete__not_offered(admin_client):
    assert admin_client.get(f"{PAGE}add/").status_code == 403
    assert admin_client.post(f"{PAGE}1/delete/", {"post": "yes"}).status_code == 403
    assert MaintenanceSetting.objects.exists()


def test_page__switch_on__audited_from_admin(admin_client, committed):
    with committed():
        admin_client.post(f"{PAGE}1/change/", {"enabled": "on", "message": "Admin says"})
    assert state.current().active() and state.current().message == "Admin says"
    assert Event.objects.get(type="setting-updated").source == "admin"


def test_page__switch_off_while_on__saved(admin_client, maintenance_on, committed):
    with committed():
        response = admin_client.post(f"{PAGE}1/change/", {"message": "done"})
    assert response.status_code == 302 and not state.is_active()


def test_group_add__on__refused_nothing_saved(admin_client, maintenance_on):
    response = admin_client.post("/admin/auth/group/add/", {"name": "new-group"}, follow=True)
    assert REFUSED.encode() in response.content and MESSAGE.encode() in response.content
    assert not Group.objects.filter(name="new-group").exists()


def test_group_change__on__refused_nothing_saved(admin_client, group, maintenance_on):
    response = admin_client.post(
        f"/admin/auth/group/{group.pk}/change/", {"name": "renamed"}, follow=True
    )
    assert REFUSED.encode() in response.content
    group.refresh_from_db()
    assert group.name == "editors"


def test_group_delete__on__refused_nothing_deleted(admin_client, group, maintenance_on):
    response = admin_client.post(
        f"/admin/auth/group/{group.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert b"Not deleted: maintenance mode is on." in response.content
    assert Group.objects.filter(pk=group.pk).exists()


def test_group_action__on__refused_nothing_deleted(admin_client, group, maintenance_on):
    admin_client.post(
        "/admin/auth/group/",
        {"action": "delete_selected", "_selected_action": [group.pk], "post": "yes"},
    )
    assert Group.objects.filter(pk=group.pk).exists()


def test_feature_add__on__refused_nothing_saved(admin_client, default_project, maintenance_on):
    response = admin_client.post(
        "/admin/flags/feature/add/",
        {"name": "maintenance-x", "project": "default", "type": "release"},
        follow=True,
    )
    assert REFUSED.encode() in response.content
    assert not Feature.objects.filter(name="maintenance-x").exists()


def test_group_change_form__on__rendered_read_only(admin_client, group, maintenance_on):
    response = admin_client.get(f"/admin/auth/group/{group.pk}/change/")
    assert response.status_code == 200
    assert b'name="name"' not in response.content and b'name="_save"' not in response.content


def test_group_add_form__on__page_with_banner_message_and_save_disabled(
    admin_client, maintenance_on
):
    response = admin_client.get("/admin/auth/group/add/")
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="maintenance-banner"' in content and MESSAGE in content
    assert "Nothing can be added: maintenance mode is on." in content
    assert 'name="_save" disabled' in content


def test_group_change_form__off__editable(admin_client, group):
    assert b'name="name"' in admin_client.get(f"/admin/auth/group/{group.pk}/change/").content


def test_login__on__works_without_last_login_write(client, admin_user, maintenance_on):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": "pw-admin-1"}
    )
    assert response.status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.last_login is None
    assert client.post("/admin/logout/").status_code == 200


def test_banner__admin_page_on__shown_then_gone(admin_client, switch):
    switch(True, message=MESSAGE)
    assert b'id="maintenance-banner"' in admin_client.get("/admin/").content
    switch(False)
    assert b'id="maintenance-banner"' not in admin_client.get("/admin/").content
