"""The page an invite link's url opens: a form that signs a Viewer up, or why it cannot."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from invites import services
from maintenance import services as maintenance_services
from tests.support.admin_api import ACTOR

STRONG = "Aic-Str0ng!Passw0rd"


@pytest.fixture
def secret(db) -> str:
    _link, value = services.invite_link_create(
        name="page", expires_at=timezone.now() + timedelta(days=3), actor=ACTOR
    )
    return value


def form(**overrides) -> dict:
    return {
        "email": "new@example.com",
        "name": "New",
        "password": STRONG,
        "confirm": STRONG,
        **overrides,
    }


def test_page__valid_link__form_then_account_and_sign_in(secret):
    client = Client(enforce_csrf_checks=True)
    page = client.get(f"/new-user?invite={secret}")
    assert page.status_code == 200 and b'name="password"' in page.content
    token = page.context["csrf_token"]
    response = client.post(
        f"/new-user?invite={secret}", {**form(), "csrfmiddlewaretoken": str(token)}
    )
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    user = get_user_model().objects.get(email="new@example.com")
    assert user.groups.filter(name="Viewer").exists()
    assert Client().login(username="new@example.com", password=STRONG)


@pytest.mark.parametrize("link", ["unknown", "expired"])
def test_page__link_not_valid__400_says_why_no_form(secret, link):
    if link == "expired":
        from invites.models import InviteLink

        InviteLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    value = secret if link == "expired" else "nope"
    page = Client().get(f"/new-user?invite={value}")
    assert page.status_code == 400 and b"not valid" in page.content
    assert Client().post(f"/new-user?invite={value}", form()).status_code == 400
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"confirm": STRONG + "x"}, "confirm"),
        ({"password": "abc", "confirm": "abc"}, "password"),
        ({"email": "not-an-email"}, "email"),
        ({"name": "a\x00b"}, "name"),
    ],
)
def test_page__bad_form__400_field_error_nothing_created(secret, overrides, field):
    response = Client().post(f"/new-user?invite={secret}", form(**overrides))
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert not get_user_model().objects.exists()


def test_page__maintenance_on__form_error_nothing_created(
    secret, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        maintenance_services.set_maintenance(enabled=True, message="Upgrading", actor=ACTOR)
    response = Client().post(f"/new-user?invite={secret}", form())
    assert response.status_code == 400 and b"Upgrading" in response.content
    assert not get_user_model().objects.exists()
