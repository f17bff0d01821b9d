"""Admin test fixtures: logged-in clients per role and flags created through services."""

import pytest
from django.contrib.auth.models import Group

from flags import services
from tests.factories import UserFactory


def _user_in(role: str):
    user = UserFactory(username=f"{role.lower()}-user")
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def editor_client(client, db):
    client.force_login(_user_in("Editor"))
    return client


@pytest.fixture
def viewer_client(client, db):
    client.force_login(_user_in("Viewer"))
    return client


@pytest.fixture
def feature(default_project, actor):
    return services.feature_create(
        project=default_project, name="checkout", actor=actor, description="New checkout"
    )
