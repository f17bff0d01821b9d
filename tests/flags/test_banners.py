"""Banners: services (audited, validated), the /api/admin/banners routes, markdown and display."""

import pytest
from rest_framework.test import APIClient

from core.models import Event
from flags.markdown import render
from flags.models import Banner
from flags.services.banners import banner_create, banner_delete, banner_update

API = "/api/admin/banners"


@pytest.fixture
def client(admin_user):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(admin_user)
    api.get("/admin/")  # its logout form sets the CSRF cookie
    api.credentials(HTTP_X_CSRFTOKEN=api.cookies["csrftoken"].value)
    return api


def test_banner_create__valid__row_and_event(actor):
    banner = banner_create(actor=actor, message="Hello **all**", variant="warning", sticky=True)
    assert banner.enabled and banner.sticky
    event = Event.objects.get(type="banner-created")
    assert event.data["message"] == "Hello **all**"


def test_banner_create__bad_variant_and_link__400_details(actor):
    with pytest.raises(Exception) as info:
        banner_create(actor=actor, message="x", variant="loud", link="javascript:alert(1)")
    paths = {d["path"] for d in info.value.details}
    assert paths == {"variant", "link"}
    assert not Banner.objects.exists()


def test_banner_update_and_delete__audited(actor):
    banner = banner_create(actor=actor, message="one")
    banner_update(banner=banner, actor=actor, message="two", enabled=False)
    banner_delete(banner=banner, actor=actor)
    types = list(Event.objects.order_by("id").values_list("type", flat=True))
    assert types == ["banner-created", "banner-updated", "banner-deleted"]


def test_markdown__script_and_javascript_link__escaped():
    html = render("<script>alert(1)</script> [x](javascript:alert(1)) **b** [ok](https://a.io)")
    assert "<script>" not in html
    assert 'href="javascript' not in html
    assert "<strong>b</strong>" in html
    assert '<a href="https://a.io"' in html


def test_api_banners__crud_and_on_off__unleash_shapes(client):
    created = client.post(
        API,
        {"message": "Hi", "variant": "info", "link": "dialog", "dialogTitle": "T"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    banner_id = created.json()["id"]
    assert created.json()["dialogTitle"] == "T"
    listed = client.get(API).json()["banners"]
    assert [b["id"] for b in listed] == [banner_id]
    updated = client.put(f"{API}/{banner_id}", {"message": "Bye", "sticky": True}, format="json")
    assert updated.json()["message"] == "Bye" and updated.json()["sticky"] is True
    assert client.post(f"{API}/{banner_id}/off").status_code == 204
    assert Banner.objects.get().enabled is False
    assert client.post(f"{API}/{banner_id}/on").status_code == 204
    assert Banner.objects.get().enabled is True
    assert client.delete(f"{API}/{banner_id}").status_code == 204
    assert not Banner.objects.exists()


def test_api_banners__unknown_id__404(client):
    assert client.put(f"{API}/999", {"message": "x"}, format="json").status_code == 404
    assert client.post(f"{API}/999/on").status_code == 404


def test_api_banners__non_numeric_id__json_404(client):
    for response in (client.delete(f"{API}/-1"), client.post(f"{API}/x/off")):
        assert response.status_code == 404 and response.json()["name"] == "NotFoundError"


def test_api_banners__missing_message__400_names_field(client):
    response = client.post(API, {"variant": "info"}, format="json")
    assert response.status_code == 400
    assert response.json()["details"][0]["path"] == "message"


def test_api_banners__session_without_csrf__403(admin_user):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(admin_user)
    assert api.post(API, {"message": "x"}, format="json").status_code == 403
    assert not Banner.objects.exists()


def test_api_banners__viewer__can_list_not_create(db, django_user_model):
    from django.contrib.auth.models import Group

    viewer = django_user_model.objects.create_user("viewer", password="pw-viewer-1")
    viewer.groups.add(Group.objects.get(name="Viewer"))
    api = APIClient()
    api.force_login(viewer)
    assert api.get(API).status_code == 200
    assert api.post(API, {"message": "x"}, format="json").status_code == 403


def test_admin_page__enabled_banner__shown_below_maintenance_banner(client, admin_user, actor):
    banner_create(actor=actor, message="Release at **5pm**", variant="warning")
    banner_create(actor=actor, message="hidden one", enabled=False)
    page = client.get("/admin/").content.decode()
    assert "Release at <strong>5pm</strong>" in page
    assert "site-banner--warning" in page
    assert "hidden one" not in page


def test_admin_banner_add__through_service__event_recorded(admin_user):
    from django.test import Client

    browser = Client()
    browser.force_login(admin_user)
    response = browser.post(
        "/admin/flags/banner/add/",
        {
            "variant": "success",
            "message": "Shipped",
            "link": "",
            "link_text": "",
            "dialog_title": "",
            "dialog": "",
            "enabled": "on",
        },
    )
    assert response.status_code == 302
    assert Event.objects.filter(type="banner-created").count() == 1


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('{"message": "m", "linkText": "' + "x" * 256 + '"}', "linkText"),
        ('{"message": "m", "dialogTitle": "' + "x" * 256 + '"}', "dialogTitle"),
        ('{"message": "broken \\ud800 text"}', "message"),
        ('{"message": "m", "dialog": "\\udc00"}', "dialog"),
        ('{"message": "m", "link": "https://x.example/' + "p" * 1000 + '"}', "link"),
    ],
)
def test_api_banners__text_that_cannot_be_stored__400_names_field_nothing_stored(
    client, raw, field
):
    response = client.post(API, raw, content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    assert [d["path"] for d in response.json()["details"]] == [field]
    assert not Banner.objects.exists()
    assert not Event.objects.filter(type__startswith="banner").exists()


def test_banner_update__surrounding_blanks__length_counted_after_stripping(actor):
    banner = banner_create(actor=actor, message="m")
    banner = banner_update(banner=banner, actor=actor, link_text=" " + "x" * 255 + " ")
    assert banner.link_text == "x" * 255
