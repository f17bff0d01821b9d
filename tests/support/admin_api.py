"""The admin API as tests call it: a JSON client, tokens of each kind, role users, errors."""

import json

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from core.actors import Actor
from flags import services

ACTOR = Actor.system("test")


class Api:
    """A Django test client that speaks JSON and sends one Authorization header."""

    def __init__(self, client: Client, secret: str | None = None):
        self.client = client
        self.headers = {"HTTP_AUTHORIZATION": secret} if secret else {}

    def call(self, method: str, path: str, body=None, *, raw: str | None = None, **headers):
        kwargs = {**self.headers, **headers}
        if raw is not None or body is not None:
            kwargs["data"] = raw if raw is not None else json.dumps(body)
            kwargs.setdefault("content_type", "application/json")
        return getattr(self.client, method)(path, **kwargs)

    def get(self, path, **kw):
        return self.call("get", path, **kw)

    def post(self, path, body=None, **kw):
        return self.call("post", path, body, **kw)

    def put(self, path, body=None, **kw):
        return self.call("put", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.call("patch", path, body, **kw)

    def delete(self, path, **kw):
        return self.call("delete", path, **kw)


def make_token(kind: str, **extra) -> str:
    if kind in ("backend", "frontend"):
        extra.setdefault("environment", "development")
    _token, secret = services.token_create(name=f"{kind}-token", type=kind, actor=ACTOR, **extra)
    return secret


def role_user(django_user_model, name: str, role: str):
    user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw-user-1")
    user.groups.add(Group.objects.get(name=role))
    return django_user_model.objects.get(pk=user.pk)  # fresh: no cached permissions


@pytest.fixture
def viewer(db, django_user_model):
    return role_user(django_user_model, "viewer", "Viewer")


@pytest.fixture
def editor(db, django_user_model):
    return role_user(django_user_model, "editor", "Editor")


def personal_token(user) -> str:
    _token, secret = services.token_create(
        name=f"{user.username}-pat", type="personal", user=user, actor=ACTOR
    )
    return secret


def error(response, status: int) -> dict:
    """The Unleash-shaped error body of a response, after checking its status."""
    assert response.status_code == status, response.content[:500]
    body = response.json()
    assert set(body) >= {"id", "name", "message", "details"}, body
    return body
