"""The configuration revision: newest event (id and time), published on commit, checked against
the database so a Redis copy that is behind, or from before a restore, is replaced."""

import contextlib
import socket

import psycopg
import pytest
from django.conf import settings as settings_module
from django.db import connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from core import cache_reset, redis_client, revision
from core.models import Event
from core.revision import Revision
from flags import services


def _redis_revision():
    value = redis_client.get_client().get(revision.REDIS_KEY)
    return None if value is None else Revision.parse(value)


def _newest() -> Revision:
    return revision.of_event(Event.objects.order_by("-id").first())


@pytest.fixture
def checks(settings):
    """Every call re-reads Redis; the database only when something calls for it."""
    settings.UNLEASH_REVISION_CHECK_INTERVAL = 0
    settings.UNLEASH_DATABASE_CHECK_INTERVAL = 3600
    return settings


def test_revision__write_committed__redis_and_database_agree(
    default_project, actor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.feature_create(project=default_project, name="a", actor=actor)
    assert _redis_revision() == revision.database_revision() == _newest()
    assert revision.current() == _newest()


def test_revision__each_committed_write__moves_forward(
    default_project, development, actor, django_capture_on_commit_callbacks
):
    seen = []
    with django_capture_on_commit_callbacks(execute=True):
        feature = services.feature_create(project=default_project, name="a", actor=actor)
    seen.append(_redis_revision().id)
    with django_capture_on_commit_callbacks(execute=True):
        services.feature_set_enabled(
            feature=feature, environment=development, enabled=True, actor=actor
        )
    seen.append(_redis_revision().id)
    with django_capture_on_commit_callbacks(execute=True):
        services.feature_update(feature=feature, actor=actor, description="d")
    seen.append(_redis_revision().id)
    assert seen == sorted(set(seen))
    assert seen[-1] == revision.database_revision().id


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
    revision.publish(Revision(10, 7))
    revision.publish(Revision(5, 9))
    assert _redis_revision() == Revision(10, 7)


def test_current__redis_empty__database_value_served_and_published(default_project, actor):
    services.feature_create(project=default_project, name="a", actor=actor)
    assert _redis_revision() is None
    assert revision.current() == _newest()
    assert _redis_revision() == _newest()


def test_current__redis_unreachable__falls_back_to_database(default_project, actor, settings):
    services.feature_create(project=default_project, name="a", actor=actor)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    redis_client._client_for.cache_clear()
    try:
        assert revision.current() == _newest()
    finally:
        redis_client._client_for.cache_clear()


def test_current__no_redis_configured__database(default_project, actor, settings):
    services.feature_create(project=default_project, name="a", actor=actor)
    settings.REDIS_URL = ""
    assert revision.current() == revision.database_revision()


def test_current__redis_back_with_older_revision__database_served_and_redis_repaired(
    default_project, actor, checks
):
    services.feature_create(project=default_project, name="a", actor=actor)
    older = _newest()
    services.feature_create(project=default_project, name="b", actor=actor)
    assert revision.current() == _newest()
    # Redis restarted from its append-only file: it holds what it had before the write.
    redis_client.get_client().set(revision.REDIS_KEY, older.token)

    assert revision.current() == _newest()
    assert _redis_revision() == _newest()


def test_current__redis_ahead_of_restored_database__database_wins_and_redis_replaced(
    default_project, actor, checks
):
    services.feature_create(project=default_project, name="a", actor=actor)
    truth = _newest()
    assert revision.current() == truth
    # What the dump was taken after: a newer revision the restored database never had.
    redis_client.get_client().set(revision.REDIS_KEY, Revision(truth.id + 50, 1).token)
    checks.UNLEASH_DATABASE_CHECK_INTERVAL = 0

    assert revision.current() == truth
    assert _redis_revision() == truth


def test_current__same_number_other_content__database_wins(default_project, actor, checks):
    services.feature_create(project=default_project, name="a", actor=actor)
    truth = _newest()
    revision.current()
    impostor = Revision(truth.id, truth.stamp + 1)  # the id re-used after a restore
    redis_client.get_client().set(revision.REDIS_KEY, impostor.token)

    assert revision.current() == truth
    assert _redis_revision() == truth


def test_current__redis_failed_since_last_check__database_checked_at_once(
    default_project, actor, checks
):
    services.feature_create(project=default_project, name="a", actor=actor)
    truth = _newest()
    revision.current()
    stale = Revision(truth.id + 1, 5)  # looks newer: trusted while Redis has not failed
    redis_client.get_client().set(revision.REDIS_KEY, stale.token)
    assert revision.current() == stale

    redis_client.note_failure()  # e.g. a publish that timed out, or a reconnect

    assert revision.current() == truth
    assert _redis_revision() == truth


def test_current__older_release_wrote_a_bare_number__replaced(default_project, actor, checks):
    services.feature_create(project=default_project, name="a", actor=actor)
    cache_reset.reset_process_caches()
    redis_client.get_client().set(revision.REDIS_KEY, str(_newest().id + 9))

    assert revision.current() == _newest()
    assert _redis_revision() == _newest()


@given(st.integers(min_value=0, max_value=2**63), st.integers(min_value=0, max_value=2**63))
def test_revision_token__any_revision__parses_back_to_itself(number, stamp):
    assert Revision.parse(Revision(number, stamp).token) == Revision(number, stamp)


@given(st.one_of(st.text(), st.binary()))
def test_revision_parse__arbitrary_value__revision_or_none_never_raises(raw):
    parsed = Revision.parse(raw)
    assert parsed is None or isinstance(parsed, Revision)


def test_current__database_timed_out_a_moment_ago__served_from_redis_without_waiting(
    transactional_db, settings, django_assert_num_queries
):
    settings.UNLEASH_REVISION_CHECK_INTERVAL = 0
    Event.objects.create(type="test", created_by="test")  # committed: another session may lock
    truth = _newest()
    redis_client.get_client().set(revision.REDIS_KEY, truth.token)
    cache_reset.reset_process_caches()
    with _audit_log_locked_elsewhere(), transaction.atomic():
        with connection.cursor() as cursor:  # PostgreSQL answers, but only after a timeout
            cursor.execute("SET LOCAL lock_timeout = '200ms'")
        first = revision.current()
        with django_assert_num_queries(0):
            again = [revision.current() for _ in range(5)]

    assert first == truth and again == [truth] * 5


@contextlib.contextmanager
def _audit_log_locked_elsewhere():
    db = settings_module.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"], autocommit=False
    ) as other:
        other.execute("SET lock_timeout = '5s'")  # never hang the suite
        other.execute("LOCK TABLE flags_event IN ACCESS EXCLUSIVE MODE")
        yield
        other.rollback()


def test_database_state__token_then_flag_write__newest_token_event_reported(default_project, actor):
    services.token_create(name="t", type="admin", actor=actor)
    token_event = Event.objects.filter(type="api-token-created").get().id
    services.feature_create(project=default_project, name="later", actor=actor)

    newest, tokens = revision.database_state()

    assert newest == _newest() and newest.id > token_event
    assert tokens == token_event
