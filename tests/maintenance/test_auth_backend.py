"""Logins during maintenance leave the user row alone, even when Django would re-hash."""

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def stale_hash_user(django_user_model):
    """A user whose hash has fewer iterations than Django wants, as after a Django upgrade."""
    user = django_user_model.objects.create_superuser("old", "old@example.com", "unused")
    encoded = PBKDF2PasswordHasher().encode("pw-old-1", "somesalt1234", iterations=1000)
    django_user_model.objects.filter(pk=user.pk).update(password=encoded)
    return user, encoded


def test_login__on_with_stale_hash__logged_in_and_hash_untouched(
    client, stale_hash_user, maintenance_on
):
    user, encoded = stale_hash_user
    response = client.post(LOGIN, {"username": "old", "password": "pw-old-1"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password == encoded


def test_login__off_with_stale_hash__rehashed_as_django_does(client, stale_hash_user, db):
    user, encoded = stale_hash_user
    response = client.post(LOGIN, {"username": "old", "password": "pw-old-1"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password != encoded


def test_login__on_wrong_password__refused(client, stale_hash_user, maintenance_on):
    response = client.post(LOGIN, {"username": "old", "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_login__on_unknown_user__refused(client, maintenance_on):
    response = client.post(LOGIN, {"username": "nobody", "password": "whatever"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_user_password_save__on__refused(stale_hash_user, maintenance_on):
    from maintenance.errors import MaintenanceActive

    user, _ = stale_hash_user
    user.set_password("pw-new-1")
    with pytest.raises(MaintenanceActive):
        user.save(update_fields=["password"])
