"""Run the web server (granian, several workers) and the scheduler in the foreground, supervised.

A child that dies is restarted with exponential backoff; one that keeps dying makes serve exit
non-zero (see unleash_site.supervision), so the instance is never silently down.
"""

import os
import signal
import sys

from django.core.management.base import BaseCommand

from unleash_site.supervision import Child, Policy, supervise


def default_workers() -> int:
    return max(2, os.cpu_count() or 2)


def _env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


class Command(BaseCommand):
    help = "Serve HTTP with granian and run the Celery worker with beat, until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_WORKERS", default_workers()))
        )
        parser.add_argument(
            "--blocking-threads",
            type=int,
            default=int(os.environ.get("WEB_BLOCKING_THREADS", "4")),
        )
        parser.add_argument("--no-scheduler", action="store_true")
        self._add_supervision_arguments(parser)

    def _add_supervision_arguments(self, parser):
        defaults = Policy()
        parser.add_argument(
            "--max-restarts",
            type=int,
            default=int(os.environ.get("SERVE_MAX_RESTARTS", defaults.max_restarts)),
            help="consecutive restarts of one child before serve exits non-zero",
        )
        parser.add_argument(
            "--restart-backoff",
            type=float,
            default=_env_float("SERVE_RESTART_BACKOFF", defaults.backoff),
            help="seconds before the first restart; doubled for each further one",
        )
        parser.add_argument(
            "--restart-backoff-max",
            type=float,
            default=_env_float("SERVE_RESTART_BACKOFF_MAX", defaults.backoff_max),
        )
        parser.add_argument(
            "--stable-after",
            type=float,
            default=_env_float("SERVE_STABLE_AFTER", defaults.stable_after),
            help="seconds a child must stay up for its failure count to start afresh",
        )

    def handle(self, *args, **opts):
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
        code = supervise(children, policy, lambda: bool(stop_requested))
        if code:
            sys.exit(code)

    def _web(self, opts) -> list[str]:
        return [
            sys.executable, "-m", "granian",
            "--interface", "wsgi",
            "--host", opts["host"],
            "--port", str(opts["port"]),
            "--workers", str(opts["workers"]),
            # measured in bench/README.md: 4 blocking threads beat 1 on every SDK scenario
            "--blocking-threads", str(opts["blocking_threads"]),
            "--http", "1",
            "--no-ws",
            "--respawn-failed-workers",
            "unleash_site.wsgi:application",
        ]  # fmt: skip

    def _scheduler(self) -> list[str]:
        return [
            sys.executable, "-m", "celery", "-A", "unleash_site", "worker",
            "--beat", "--concurrency", "1", "--loglevel", "INFO",
            "--schedule", os.environ.get("CELERY_BEAT_SCHEDULE", "data/celerybeat-schedule"),
        ]  # fmt: skip
