"""The configuration revision: newest event id, published to Redis on commit only."""

import socket

import pytest
from django.db import transaction

from flags import revision, services
from flags.models import Event
from unleash_site import redis_client


def _redis_revision():
    value = redis_client.get_client().get(revision.REDIS_KEY)
    return None if value is None else int(value)


def test_revision__write_committed__redis_and_database_agree(
    default_project, actor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.feature_create(project=default_project, name="a", actor=actor)
    newest = Event.objects.order_by("-id").first().id
    assert _redis_revision() == revision.database_revision() == newest
    assert revision.current_revision() == newest


def test_revision__each_committed_write__moves_forward(
    default_project, development, actor, django_capture_on_commit_callbacks
):
    seen = []
    with django_capture_on_commit_callbacks(execute=True):
        feature = services.feature_create(project=default_project, name="a", actor=actor)
    seen.append(_redis_revision())
    with django_capture_on_commit_callbacks(execute=True):
        services.feature_set_enabled(
            feature=feature, environment=development, enabled=True, actor=actor
        )
    seen.append(_redis_revision())
    with django_capture_on_commit_callbacks(execute=True):
        services.feature_update(feature=feature, actor=actor, description="d")
    seen.append(_redis_revision())
    assert seen == sorted(set(seen))
    assert seen[-1] == revision.database_revision()


def test_revision__write_rolled_back__not_published(
    default_project, actor, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.feature_create(project=default_project, name="a", actor=actor)
        raise RuntimeError("abort")
    assert callbacks == []
    assert _redis_revision() is None
    assert not Event.objects.filter(feature_name="a").exists()


def test_publish__older_revision__never_moves_back(db):
    revision.publish(10)
    revision.publish(5)
    assert _redis_revision() == 10


def test_current_revision__redis_empty__database_value_published(default_project, actor):
    services.feature_create(project=default_project, name="a", actor=actor)
    expected = revision.database_revision()
    assert _redis_revision() is None
    assert revision.current_revision() == expected
    assert _redis_revision() == expected


def test_current_revision__redis_unreachable__falls_back_to_database(
    default_project, actor, settings
):
    services.feature_create(project=default_project, name="a", actor=actor)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    redis_client._client_for.cache_clear()
    try:
        assert revision.current_revision() == Event.objects.order_by("-id").first().id
    finally:
        redis_client._client_for.cache_clear()


def test_current_revision__no_redis_configured__database(default_project, actor, settings):
    services.feature_create(project=default_project, name="a", actor=actor)
    settings.REDIS_URL = ""
    assert revision.current_revision() == revision.database_revision()
