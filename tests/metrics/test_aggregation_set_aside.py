"""One bad batch never blocks aggregation: it is set aside, counted and logged once.

The poisoned data is written straight into the buffer, as an older version (which accepted a
NUL in a name) left it there; PostgreSQL refuses it with a DataError on every flush.
"""

import json
import logging
import re
from datetime import UTC, datetime

import psycopg
import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.utils import timezone

from core import redis_client
from metrics import buffer, prometheus, services, tasks
from metrics.aggregates import ClientInstance, FeatureHourlyMetric
from metrics.models import BufferedMetric
from metrics.validation import ToggleCounts
from tests.metrics.conftest import metrics_body

pytestmark = pytest.mark.django_db

HOUR = datetime(2026, 11, 26, 6, tzinfo=UTC)
POISON_APP = "old\x00app"


@pytest.fixture(autouse=True)
def _fresh_tally():
    prometheus.reset_local()


def _poison(store=None) -> None:
    """A NUL app name in counts and a heartbeat, buffered without the ingest check."""
    counts = buffer.count_entries(
        "production", POISON_APP, HOUR.isoformat(), {"checkout": ToggleCounts(7, 7, {"x": 7})}
    )
    beat = {"appName": POISON_APP, "instanceId": "i-9", "environment": "production"}
    (store or buffer.RedisBuffer(redis_client.get_client())).add(counts, [], [beat])


def _yes(app="my-app") -> int:
    rows = FeatureHourlyMetric.objects.filter(feature_name="checkout", app_name=app, hour=HOUR)
    return sum(row.yes for row in rows)


def _scraped(client, series: str) -> float:
    text = client.get("/internal-backstage/prometheus").content.decode()
    match = re.search(rf"^{re.escape(series)} (\S+)$", text, re.MULTILINE)
    assert match, f"{series} not in scrape"
    return float(match.group(1))


def _set_aside_logs(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if "set aside (" in r.getMessage()]


def test_flush_task__poisoned_batch_between_good_ones__good_exact_bad_set_aside_counted_once(
    client, post, backend_token, checkout, caplog
):
    post("/api/client/metrics", metrics_body(), backend_token)
    buffer.take_batches()  # good batch claimed by a flush that died
    _poison()
    buffer.take_batches()  # the poisoned batch, claimed and failing since
    post("/api/client/metrics", metrics_body(), backend_token)  # good, still live

    with caplog.at_level(logging.WARNING, logger="metrics.services"):
        tasks.flush_metrics.apply()

    assert _yes() == 6
    assert not FeatureHourlyMetric.objects.exclude(app_name="my-app").exists()
    assert buffer.take_batches() == []
    (record,) = buffer.set_aside_records()
    assert {entry["kind"] for entry in record["content"]} == {"count", "heartbeat"}
    assert all(entry["error"].startswith("DataError") for entry in record["content"])
    assert _scraped(client, "unleash_metrics_batches_set_aside_total") == 1
    assert len(_set_aside_logs(caplog)) == 1
    assert all(r.exc_info is None for r in caplog.records)


def test_flush__after_a_set_aside__next_flush_not_blocked_and_not_logged_again(
    client, post, backend_token, checkout, caplog
):
    _poison()
    services.flush()
    post("/api/client/metrics", metrics_body(), backend_token)
    caplog.clear()

    with caplog.at_level(logging.WARNING, logger="metrics.services"):
        result = services.flush()

    assert (result.applied, result.set_aside) == (1, 0)
    assert _yes() == 3
    assert _set_aside_logs(caplog) == []
    assert _scraped(client, "unleash_metrics_batches_set_aside_total") == 1


def test_flush__poison_and_good_entries_in_one_batch__only_poisoned_entries_refused(
    post, backend_token, checkout
):
    _poison()
    post("/api/client/metrics", metrics_body(), backend_token)  # same live keys: one batch

    result = services.flush()

    assert (result.batches, result.applied, result.set_aside) == (1, 1, 1)
    assert _yes() == 3
    assert ClientInstance.objects.filter(app_name="my-app").exists()
    (record,) = buffer.set_aside_records()
    refused_apps = {
        entry["entry"][0]["key"]["app_name"]
        if entry["kind"] == "count"
        else entry["entry"]["appName"]
        for entry in record["content"]
    }
    assert refused_apps == {POISON_APP}


def test_flush__unreadable_batch__set_aside_whole_with_its_raw_data(
    client, post, backend_token, checkout
):
    redis_client.get_client().hset(buffer.PREFIX + "counts", "not json", 5)
    buffer.take_batches()
    post("/api/client/metrics", metrics_body(), backend_token)

    result = services.flush()

    assert (result.applied, result.set_aside) == (1, 1)
    assert _yes() == 3
    (record,) = buffer.set_aside_records()
    assert record["whole"] is True
    assert record["content"]["counts"] == {"not json": "5"}
    assert record["reason"].startswith("JSONDecodeError")
    assert _scraped(client, "unleash_metrics_entries_set_aside_total") == 1


def test_flush__batch_key_of_the_wrong_redis_type__set_aside_other_batches_applied(
    post, backend_token, checkout
):
    client = redis_client.get_client()
    client.set(buffer.PREFIX + "batch:broken:counts", "not a hash")
    client.sadd(buffer.BATCHES, "broken")
    post("/api/client/metrics", metrics_body(), backend_token)

    result = services.flush()

    assert (result.applied, result.set_aside) == (1, 1)
    assert _yes() == 3
    (record,) = buffer.set_aside_records()
    assert record["reason"].startswith("ResponseError")
    assert buffer.take_batches() == []


def test_flush__poison_in_database_fallback_buffer__refused_entry_kept_as_dead_row(checkout):
    # The fallback's columns cannot hold NUL either; a name too long for the table can be there.
    store = buffer.DatabaseBuffer()
    toggles = {"checkout": ToggleCounts(2, 0, {})}
    store.add(buffer.count_entries("production", "a" * 300, HOUR.isoformat(), toggles), [], [])
    store.add(buffer.count_entries("production", "my-app", HOUR.isoformat(), toggles), [], [])

    first = services.flush()
    store.add(buffer.count_entries("production", "my-app", HOUR.isoformat(), toggles), [], [])
    second = services.flush()

    assert (first.set_aside, second.set_aside) == (1, 0)
    assert _yes() == 4
    assert list(BufferedMetric.objects.values_list("kind", flat=True)) == [buffer.DEAD_KIND]
    (record,) = buffer.set_aside_records()
    assert record["batch"].startswith("database:")
    assert record["content"][0]["entry"][0]["key"]["app_name"] == "a" * 300
    assert buffer.take_batches() == []


def test_set_aside__same_batch_by_two_flushers__recorded_once():
    _poison()
    (batch,) = buffer.take_batches()

    assert buffer.set_aside(batch, "first") is True
    assert buffer.set_aside(batch, "second") is False
    assert [r["reason"] for r in buffer.set_aside_records()] == ["first"]


def test_set_aside__more_than_the_bound__oldest_records_dropped(monkeypatch):
    monkeypatch.setattr(buffer, "MAX_SET_ASIDE", 3)
    client = redis_client.get_client()
    for n in range(5):
        client.hset(buffer.PREFIX + "counts", f"bad {n}", 1)
        buffer.take_batches()
        services.flush()

    records = buffer.set_aside_records()
    assert [list(r["content"]["counts"]) for r in records] == [["bad 4"], ["bad 3"], ["bad 2"]]


def _test_database_conninfo() -> dict:
    db = connection.settings_dict
    return {
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
        "user": db["USER"],
        "password": db.get("PASSWORD") or None,
        "dbname": db["NAME"],
    }


def _hold_writers_lock(other) -> None:
    """Another session holds the writers' lock; ours gives up waiting: an OperationalError."""
    other.execute("SELECT pg_advisory_lock(%s)", [services._LOCK_ID])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL lock_timeout = '100ms'")


def test_flush_task__store_unavailable_for_several_runs__one_warning_then_resumes_exactly(
    post, backend_token, checkout, caplog, monkeypatch
):
    monkeypatch.setitem(tasks._outage, "since", None)
    post("/api/client/metrics", metrics_body(), backend_token)

    with caplog.at_level(logging.WARNING, logger="metrics.tasks"):
        with psycopg.connect(**_test_database_conninfo(), autocommit=True) as other:
            _hold_writers_lock(other)
            paused = [tasks.flush_metrics.apply().result for _ in range(3)]
        resumed = tasks.flush_metrics.apply().result

    assert all("unavailable" in run for run in paused)
    assert resumed["applied"] == 1
    assert _yes() == 3
    messages = [r.getMessage() for r in caplog.records if r.name == "metrics.tasks"]
    assert [m.split(",")[0].split(" after")[0] for m in messages] == [
        "metrics flush paused",
        "metrics flush resumed",
    ]
    assert all(r.exc_info is None for r in caplog.records)
    assert buffer.set_aside_records() == []


def test_flush__database_error_of_the_store_not_the_batch__batch_kept_not_set_aside(
    post, backend_token, checkout
):
    post("/api/client/metrics", metrics_body(), backend_token)
    with psycopg.connect(**_test_database_conninfo(), autocommit=True) as other:
        _hold_writers_lock(other)
        with pytest.raises(OperationalError):
            services.flush()

    assert buffer.set_aside_records() == []
    (batch,) = buffer.take_batches()
    assert (
        services.apply_batch(batch, timezone.now())[0] == 1
    )  # "checkout"; "other" is an unknown flag
    assert _yes() == 3


def test_metrics_set_aside_command__records_printed_then_cleared(capsys):
    _poison()
    services.flush()

    call_command("metrics_set_aside", "--clear")

    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["content"][0]["error"].startswith("DataError")
    assert buffer.set_aside_records() == []
