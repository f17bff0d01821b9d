"""Live-server helpers: record the status of every response the live server sends."""

from __future__ import annotations

import threading
from collections import Counter
from contextlib import contextmanager


class StatusRecorder:
    """Counts (path, status) of responses, wrapped around the live server's WSGI app."""

    def __init__(self, app):
        self.app = app
        self.counts: Counter = Counter()
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")

        def recording_start_response(status, headers, exc_info=None):
            with self._lock:
                self.counts[(path, int(status.split(" ", 1)[0]))] += 1
            return start_response(status, headers, exc_info)

        return self.app(environ, recording_start_response)

    def count(self, path: str, status: int) -> int:
        with self._lock:
            return self.counts[(path, status)]


@contextmanager
def recording_statuses(live_server):
    """Wrap pytest-django's live server app for the duration of the block."""
    httpd = live_server.thread.httpd
    original = httpd.get_app()
    recorder = StatusRecorder(original)
    httpd.set_app(recorder)
    try:
        yield recorder
    finally:
        httpd.set_app(original)
