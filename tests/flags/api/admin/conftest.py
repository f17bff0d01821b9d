"""Fixtures for the admin API tests: tokens of each kind, role users, a JSON client."""

import pytest
from django.test import Client

from flags import services
from tests.support.admin_api import ACTOR, Api, editor, make_token, viewer  # noqa: F401  (fixtures)


@pytest.fixture
def admin_token(db) -> str:
    return make_token("admin")


@pytest.fixture
def api(db, admin_token) -> Api:
    return Api(Client(), admin_token)


@pytest.fixture
def flag(default_project, development):
    """A flag in the default project, on in development with one strategy."""
    feature = services.feature_create(project=default_project, name="my-flag", actor=ACTOR)
    services.feature_set_enabled(
        feature=feature, environment=development, enabled=True, actor=ACTOR
    )
    return feature
