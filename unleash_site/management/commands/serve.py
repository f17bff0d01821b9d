"""Run the web server (granian, several workers) and the scheduler in the foreground."""

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand


def default_workers() -> int:
    return max(2, os.cpu_count() or 2)


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

    def handle(self, *args, **opts):
        commands = [self._web(opts)]
        if not opts["no_scheduler"]:
            commands.append(self._scheduler())
        procs = [subprocess.Popen(cmd) for cmd in commands]
        self.stdout.write(f"Serving on http://{opts['host']}:{opts['port']}/ (Ctrl-C to stop)")
        signal.signal(signal.SIGTERM, lambda *_: self._stop(procs))
        try:
            while all(p.poll() is None for p in procs):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            self._stop(procs)
        failed = [p.returncode for p in procs if p.returncode not in (0, -2, -15, None)]
        if failed:
            sys.exit(failed[0])

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

    def _stop(self, procs):
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
