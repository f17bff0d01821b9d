"""Benchmark: server time of every admin page with 1,000 flags, 5 projects and 5 environments.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/unleash_admin_bench \\
    BENCH_REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python bench/admin_pages.py

Creates the database if missing, migrates, seeds the data set through the services (once; a
few minutes), then requests every page in-process (Django's test client: the whole middleware
stack and template rendering, no network) --repeat times as a logged-in superuser and prints
the slowest pages by median server time (CPU time of the web process plus time spent in SQL,
which other load on the machine barely inflates) beside the wall time, with their query
counts. Pages over --budget ms are marked; the exit status is 1 when any is.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/unleash_admin_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"


def _environment() -> None:
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unleash_site.settings")
    base, _, name = os.environ["DATABASE_URL"].rpartition("/")
    found = subprocess.run(
        ["psql", f"{base}/postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
        capture_output=True,
        text=True,
        check=True,
    )
    if found.stdout.strip() != "1":
        subprocess.run(["psql", f"{base}/postgres", "-qc", f'CREATE DATABASE "{name}"'], check=True)


def admin_pages() -> list[tuple[str, str]]:
    """(label, url) for the home, every list, add and change page, and the custom pages."""
    from django.contrib import admin
    from django.urls import NoReverseMatch, reverse

    from flags.models import Feature, FeatureEnvironment

    pages = [("home", reverse("admin:index"))]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        label = f"{opts.app_label}.{opts.model_name}"
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        pages.append((f"{label} list", reverse(f"{prefix}_changelist")))
        if model_admin.has_add_permission(_FakeRequest()):
            with contextlib.suppress(NoReverseMatch):
                pages.append((f"{label} add", reverse(f"{prefix}_add")))
        first = model_admin.get_queryset(_FakeRequest()).order_by("pk").first()
        if first is not None:
            pages.append((f"{label} change", reverse(f"{prefix}_change", args=[first.pk])))
    flag = Feature.objects.order_by("name").first()
    state = FeatureEnvironment.objects.filter(feature=flag).first()
    flags_list = reverse("admin:flags_feature_changelist")
    return pages + [
        ("flag list search", flags_list + "?q=checkout+project:web+tag:team:checkout"),
        ("flag list on:production", flags_list + "?q=on:production+state:potentially-stale"),
        ("flag list page 10", flags_list + "?p=10"),
        (
            "flag environment page",
            reverse("admin:flags_featureenvironment_change", args=[state.pk]),
        ),
        ("flag usage", reverse("admin:metrics_flag_usage", args=[flag.name])),
        ("import / export", reverse("admin:batch-import-export")),
        ("event list, 2nd page", reverse("admin:core_event_changelist") + "?p=2"),
    ]


class _FakeRequest:
    """ModelAdmin.get_queryset only reads the user for permissions; a superuser sees all."""

    class user:  # noqa: N801
        is_superuser = True
        is_active = True

        @staticmethod
        def has_perm(*_args):
            return True


@dataclass
class Sample:
    wall: list[float] = field(default_factory=list)  # ms per request, as a client waits
    work: list[float] = field(default_factory=list)  # ms of this process's CPU + SQL time
    queries: int = 0
    status: int = 0


def measure(client, url: str, repeat: int) -> Sample:
    """Each request's wall time and its work: CPU time of this process plus time in SQL.

    On a machine others load too, wall time includes waiting for a core; the work figure
    does not (much), so it is what the page costs.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sample, in_sql = Sample(), [0.0]

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            in_sql[0] += time.perf_counter() - start

    with connection.execute_wrapper(timed):
        for _ in range(repeat):
            in_sql[0] = 0.0
            cpu, start = time.thread_time(), time.perf_counter()
            response = client.get(url)
            sample.wall.append((time.perf_counter() - start) * 1000)
            sample.work.append((time.thread_time() - cpu + in_sql[0]) * 1000)
            sample.status = response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    sample.queries = len(queries)
    return sample


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flags", type=int, default=1000)
    parser.add_argument("--projects", type=int, default=5)
    parser.add_argument("--environments", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--budget", type=float, default=200.0, help="ms of server time")
    parser.add_argument("--top", type=int, default=15, help="pages to print")
    args = parser.parse_args()

    _environment()
    import django

    django.setup()
    import admin_data
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    print(f"seeding {args.flags} flags, {args.projects} projects, {args.environments} environments")
    admin_data.seed(flags=args.flags, projects=args.projects, environments=args.environments)
    user, _ = get_user_model().objects.get_or_create(
        username="admin-bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)

    rows = []
    for label, url in admin_pages():
        client.get(url)  # warm: template loading, caches
        sample = measure(client, url, args.repeat)
        work, wall = statistics.median(sample.work), statistics.median(sample.wall)
        rows.append((work, wall, min(sample.wall), sample.queries, sample.status, label, url))
    rows.sort(reverse=True)
    load = os.getloadavg()[0]
    print(f"{len(rows)} pages, {args.repeat} requests each, load average {load:.2f}")
    print("server ms = CPU time of the web process + time in SQL (median); wall ms as waited")
    print(f"{'server ms':>9} {'wall ms':>8} {'best':>6} {'queries':>7} status  page")
    for work, wall, best, queries, status, label, url in rows[: args.top]:
        mark = "  OVER BUDGET" if work > args.budget else ""
        print(
            f"{work:9.1f} {wall:8.1f} {best:6.1f} {queries:7d} {status:>6}  {label} ({url}){mark}"
        )
    over = [r for r in rows if r[0] > args.budget]
    bad = [r for r in rows if r[4] >= 400]
    slowest = rows[0]
    print(f"slowest: {slowest[5]} {slowest[0]:.1f} ms; over {args.budget:.0f} ms: {len(over)}")
    if bad:
        print("errors: " + ", ".join(f"{r[5]} {r[4]}" for r in bad))
    return 1 if over or bad else 0


if __name__ == "__main__":
    sys.exit(main())
