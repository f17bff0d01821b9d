"""The metrics buffer: Redis layout, take aside / ack, crash recovery and the database fallback."""

import json
import socket

import pytest
import redis

from core import redis_client
from metrics import buffer
from metrics.buffer import CountKey
from metrics.models import BufferedMetric
from metrics.validation import ToggleCounts

pytestmark = pytest.mark.django_db

HOUR = "2026-11-26T06:00:00+00:00"


@pytest.fixture(autouse=True)
def _no_window(settings):
    """These tests name the store each ``add()`` writes to before it returns; with the window
    (the default, test_buffer_window.py) the same stores are written by its thread, merged."""
    settings.METRICS_BUFFER_WINDOW_MS = 0


def _counts(yes=1, no=2, variants=None):
    toggles = {"checkout": ToggleCounts(yes, no, variants or {"blue": 1})}
    return buffer.count_entries("production", "app", HOUR, toggles)


def _dead_redis_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def test_add__redis_up__hash_fields_name_hour_environment_app_feature_kind():
    assert buffer.add(_counts()) == "redis"

    raw = redis_client.get_client().hgetall("unleash:metrics:counts")
    fields = {tuple(json.loads(k)): int(v) for k, v in raw.items()}
    assert fields == {
        (HOUR, "production", "app", "checkout", "yes"): 1,
        (HOUR, "production", "app", "checkout", "no"): 2,
        (HOUR, "production", "app", "checkout", "v:blue"): 1,
    }


def test_count_entries__zero_counts__left_out():
    assert buffer.count_entries("e", "a", HOUR, {"f": ToggleCounts(0, 0, {"v": 0})}) == {}


def test_take_batches__then_new_adds__go_to_a_fresh_live_key():
    buffer.add(_counts())
    (batch,) = buffer.take_batches()
    buffer.add(_counts(yes=5))

    assert batch.counts[CountKey(HOUR, "production", "app", "checkout")].yes == 1
    buffer.ack(batch)
    (second,) = buffer.take_batches()
    assert second.id != batch.id
    assert second.counts[CountKey(HOUR, "production", "app", "checkout")].yes == 5


def test_take_batches__not_acked__returned_again_with_same_id():
    buffer.add(_counts())
    (first,) = buffer.take_batches()

    (again,) = buffer.take_batches()

    assert again.id == first.id
    assert again.counts == first.counts


def test_ack__batch__removed_from_redis():
    buffer.add(_counts(), registrations=[{"appName": "a", "instanceId": "i", "environment": "e"}])
    (batch,) = buffer.take_batches()

    buffer.ack(batch)

    assert buffer.take_batches() == []
    assert redis_client.get_client().keys("unleash:metrics:*") == []


def test_registrations__same_instance_twice__latest_record_kept():
    first = {"appName": "a", "instanceId": "i", "environment": "e", "interval": 1}
    buffer.add(registrations=[first])
    buffer.add(registrations=[{**first, "interval": 2}])

    (batch,) = buffer.take_batches()

    assert batch.registrations == [{**first, "interval": 2}]


def test_add__redis_unreachable__lands_in_database_and_drains(settings):
    settings.REDIS_URL = _dead_redis_url()

    assert (
        buffer.add(_counts(), heartbeats=[{"appName": "a", "instanceId": "i", "environment": "e"}])
        == "database"
    )

    (batch,) = buffer.take_batches()
    assert batch.backend == "database"
    assert batch.counts[CountKey(HOUR, "production", "app", "checkout")].no == 2
    assert batch.heartbeats[0]["instanceId"] == "i"
    buffer.ack(batch)
    assert not BufferedMetric.objects.exists()


def test_add__embedded_profile_without_redis__database_buffer(settings):
    settings.REDIS_URL = ""

    assert buffer.add(_counts()) == "database"
    assert BufferedMetric.objects.filter(kind="count").count() == 3


def test_take_batches__database_batch_not_acked__returned_again(settings):
    settings.REDIS_URL = ""
    buffer.add(_counts())
    (first,) = buffer.take_batches()
    buffer.add(_counts(yes=7))

    batches = buffer.take_batches()

    assert first.id in [b.id for b in batches]
    assert len(batches) == 2


def test_take_batches__both_stores_hold_data__both_returned(settings):
    buffer.add(_counts())
    url = settings.REDIS_URL
    settings.REDIS_URL = _dead_redis_url()
    buffer.add(_counts())
    settings.REDIS_URL = url

    assert sorted(b.backend for b in buffer.take_batches()) == ["database", "redis"]


def test_add__redis_refuses_the_commands__falls_back_to_database():
    client = redis_client.get_client()
    client.set("unleash:metrics:counts", "not a hash")

    # WRONGTYPE on every command of the MULTI: the data goes to the database instead
    assert buffer.add(_counts()) == "database"
    with pytest.raises(redis.ResponseError):
        client.hgetall("unleash:metrics:counts")
