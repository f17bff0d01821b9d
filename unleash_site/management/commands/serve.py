"""Run the web server (granian, several workers) and the scheduler in the foreground, supervised.

A child that dies is restarted with exponential backoff; one that keeps dying makes serve exit
non-zero (see unleash_site.supervision), so the instance is never silently down.
"""

import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from unleash_site.supervision import Child, Policy, supervise


def prometheus_folder() -> tuple[Path, bool]:
    """A folder with no metric files for the workers' Prometheus figures, and whether it is ours.

    Files left by an earlier run would add their counts to this one's (prometheus_client's
    multiprocess mode wants the folder wiped before the workers start).
    """
    if not settings.PROMETHEUS_MULTIPROC_DIR:
        return Path(tempfile.mkdtemp(prefix="unleash-prometheus-")), True
    folder = Path(settings.PROMETHEUS_MULTIPROC_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()
    return folder, False


def default_workers() -> int:
    """settings.WEB_WORKERS, or one per CPU (at least 2) when it is 0."""
    return settings.WEB_WORKERS or max(2, os.cpu_count() or 2)


class Command(BaseCommand):
    help = "Serve HTTP with granian and run the Celery worker with beat, until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.HOST)
        parser.add_argument("--port", type=int, default=settings.PORT)
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument("--blocking-threads", type=int, default=settings.WEB_BLOCKING_THREADS)
        parser.add_argument("--no-scheduler", action="store_true")
        self._add_supervision_arguments(parser)

    def _add_supervision_arguments(self, parser):
        policy = Policy.from_settings()
        parser.add_argument(
            "--max-restarts",
            type=int,
            default=policy.max_restarts,
            help="consecutive restarts of one child before serve exits non-zero",
        )
        parser.add_argument(
            "--restart-backoff",
            type=float,
            default=policy.backoff,
            help="seconds before the first restart; doubled for each further one",
        )
        parser.add_argument("--restart-backoff-max", type=float, default=policy.backoff_max)
        parser.add_argument(
            "--stable-after",
            type=float,
            default=policy.stable_after,
            help="seconds a child must stay up for its failure count to start afresh",
        )

    def handle(self, *args, **opts):
        # the embedded profile's SQLite file, file cache and broker live there
        Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
        children = [Child("granian", self._web(opts))]
        if not opts["no_scheduler"]:
            children.append(Child("celery", self._scheduler()))
        policy = Policy(
            max_restarts=opts["max_restarts"],
            backoff=opts["restart_backoff"],
            backoff_max=opts["restart_backoff_max"],
            stable_after=opts["stable_after"],
        )
        stop_requested = []
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop_requested.append(True))
        self.stdout.write(f"Serving on http://{opts['host']}:{opts['port']}/ (Ctrl-C to stop)")
        folder, temporary = prometheus_folder()
        # inherited by the children: granian's workers count SDK requests into this folder
        # (already set only when settings took the folder from it: the same value)
        os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(folder))
        self.stdout.write(f"Prometheus figures of the workers in {folder}")
        try:
            code = supervise(children, policy, lambda: bool(stop_requested))
        finally:
            if temporary:
                shutil.rmtree(folder, ignore_errors=True)
        if code:
            sys.exit(code)

    def _web(self, opts) -> list[str]:
        return [
            # the ASGI app's WSGI thread pool reads it (granian's own option is WSGI-only)
            "env", f"WEB_BLOCKING_THREADS={opts['blocking_threads']}",
            sys.executable, "-m", "granian",
            # ASGI for long-lived SDK streams; every other request runs the WSGI app in a
            # thread pool of --blocking-threads (unleash_site/asgi.py, bench/README.md)
            "--interface", "asgi",
            "--host", opts["host"],
            "--port", str(opts["port"]),
            "--workers", str(opts["workers"]),
            "--http", "1",
            # every open stream holds one of a worker's concurrent requests (granian's default
            # is backlog/workers): room for the most streams plus the polling traffic
            "--backpressure", str(settings.UNLEASH_STREAMING_MAX_STREAMS + 512),
            "--no-ws",
            "--respawn-failed-workers",
            "unleash_site.asgi:application",
        ]  # fmt: skip

    def _scheduler(self) -> list[str]:
        return [
            sys.executable, "-m", "celery", "-A", "unleash_site", "worker",
            "--beat", "--concurrency", "1", "--loglevel", "INFO",
            "--schedule", settings.CELERY_BEAT_SCHEDULE_FILENAME,
        ]  # fmt: skip
