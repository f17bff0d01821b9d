"""A raw server-sent-events reader (what SDKs send, nothing more): events, ids, heartbeats."""

from __future__ import annotations

import json
import queue
import threading
from dataclasses import dataclass

import requests


@dataclass
class SseEvent:
    event: str
    id: str | None
    data: dict


class SseReader:
    """GET a stream with the SDK headers (and Last-Event-ID); events arrive on a queue."""

    def __init__(self, url: str, token: str, last_event_id: str | None = None):
        headers = {"Authorization": token, "Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = last_event_id
        self.response = requests.get(url, headers=headers, stream=True, timeout=(5, 30))
        assert self.response.status_code == 200, (self.response.status_code, self.response.text)
        self.events: queue.Queue = queue.Queue()
        self.heartbeats = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        fields: dict = {}
        try:
            for raw in self.response.iter_lines(decode_unicode=True):
                if raw.startswith(":"):
                    self.heartbeats += 1
                elif raw == "" and fields:
                    data = _data(fields.get("data", "null"))
                    self.events.put(
                        SseEvent(fields.get("event", "message"), fields.get("id"), data)
                    )
                    fields = {}
                elif ":" in raw:
                    name, _, value = raw.partition(":")
                    fields[name] = value[1:] if value.startswith(" ") else value
        except (requests.RequestException, AttributeError, ValueError):
            pass  # closed by the test
        self.events.put(None)

    def next_event(self, timeout: float = 15.0, allow_heartbeat_only: bool = False):
        """The next event; with allow_heartbeat_only, None when none came within `timeout`."""
        try:
            event = self.events.get(timeout=timeout)
        except queue.Empty:
            if allow_heartbeat_only:
                return None
            raise AssertionError(f"no event within {timeout} s") from None
        assert event is not None, "the server closed the stream"
        return event

    def wait_closed(self, timeout: float = 15.0) -> bool:
        """True once the server has ended the stream (events before the end are skipped)."""
        try:
            while self.events.get(timeout=timeout) is not None:
                pass
        except queue.Empty:
            return False
        return True

    def close(self) -> None:
        self.response.close()

    def __enter__(self) -> SseReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _data(raw: str):
    """JSON data (Unleash's events), or the text itself (`fetch-mode: polling`)."""
    try:
        return json.loads(raw)
    except ValueError:
        return raw
