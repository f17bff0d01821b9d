"""Exact counts under load: threads and processes post while a real flush worker is killed."""

import os
import random
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Sum

from flags.services import feature_create, token_create
from metrics import buffer, services
from metrics.aggregates import FeatureHourlyMetric, UnknownFlag
from tests.support import post_loop

PROCESSES = 3
THREADS = 3
POSTS = 40


def _test_database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    return f"postgres://{db['USER']}{password}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


def _start(args: list[str]) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _test_database_url(), "REDIS_URL": settings.REDIS_URL}
    return subprocess.Popen(
        [sys.executable, "-m", *args], env=env, stdout=subprocess.PIPE, text=True
    )


def _kill_flushers_until(done: threading.Event, kills: list[int]) -> None:
    """Keep a flush worker running and SIGKILL it at random moments until posting ends."""
    rng = random.Random(5)
    while not done.is_set():
        worker = _start(["tests.support.flush_loop"])
        worker.stdout.readline()  # "ready": it is flushing from now on
        time.sleep(rng.uniform(0.05, 0.4))
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        kills.append(1)


@pytest.fixture
def load_flags(default_project, system_actor, production, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "client_metrics": 0}
    for name in ("load-a", "load-b"):
        feature_create(project=default_project, name=name, actor=system_actor)
    _, secret = token_create(
        name="load", type="backend", actor=system_actor, environment=production, projects=["*"]
    )
    return secret


def _drain() -> None:
    while buffer.take_batches():
        services.flush()


@pytest.mark.live
# Committed data (other processes must see it); seeded rows restored for later tests.
@pytest.mark.django_db(transaction=True)
def test_flush__concurrent_posts_and_killed_workers__totals_equal_accepted_posts(
    live_server, load_flags
):
    url = f"{live_server.url}/api/client/metrics"
    done, kills = threading.Event(), []
    killer = threading.Thread(target=_kill_flushers_until, args=(done, kills))
    killer.start()
    posters = [
        _start(["tests.support.post_loop", url, load_flags, f"app-{i}", str(THREADS), str(POSTS)])
        for i in range(PROCESSES)
    ]
    local = post_loop.run(url, load_flags, "app-local", THREADS, POSTS)
    accepted = local + sum(int(p.communicate()[0].strip()) for p in posters)
    done.set()
    killer.join()
    _drain()

    totals = FeatureHourlyMetric.objects.filter(feature_name="load-a").aggregate(
        yes=Sum("yes"), no=Sum("no")
    )
    variants = FeatureHourlyMetric.objects.filter(feature_name="load-a").values_list(
        "variants", flat=True
    )
    no_b = FeatureHourlyMetric.objects.filter(feature_name="load-b").aggregate(no=Sum("no"))
    assert accepted == (PROCESSES + 1) * THREADS * POSTS
    assert len(kills) >= 2
    assert (totals["yes"], totals["no"], no_b["no"]) == (3 * accepted, accepted, 4 * accepted)
    assert sum(v["blue"] for v in variants) == 2 * accepted
    assert FeatureHourlyMetric.objects.filter(feature_name="load-a").count() == PROCESSES + 1
    assert UnknownFlag.objects.filter(name="load-unknown").count() == PROCESSES + 1
