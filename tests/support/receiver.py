"""A real local HTTP receiver for webhook deliveries: records each request, answers as told."""

import functools
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    method: str
    path: str
    headers: dict
    body: bytes


@dataclass
class Receiver:
    """``statuses``: the answer to each request in turn; the last one repeats."""

    statuses: list[int] = field(default_factory=lambda: [200])
    delay: float = 0.0
    requests: list[Received] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def wait(self, count: int = 1, timeout: float = 20.0) -> bool:
        """Until ``count`` requests arrived (or ``timeout`` seconds passed)."""
        import time

        deadline = time.monotonic() + timeout
        while len(self.requests) < count and time.monotonic() < deadline:
            self.arrived.wait(0.05)
            self.arrived.clear()
        return len(self.requests) >= count


def _handler(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802  (http.server's name)
            import time

            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            index = len(receiver.requests)
            receiver.requests.append(Received("POST", self.path, dict(self.headers), body))
            receiver.arrived.set()
            if receiver.delay:
                time.sleep(receiver.delay)
            status = receiver.statuses[min(index, len(receiver.statuses) - 1)]
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    return Handler


class running_receiver:
    """Context manager: a Receiver served on 127.0.0.1 in a thread."""

    def __init__(self, **kwargs):
        self.receiver = Receiver(**kwargs)

    def __enter__(self) -> Receiver:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.receiver))
        self.server.daemon_threads = True
        self.receiver.port = self.server.server_address[1]
        # shutdown() waits for the serving loop's next poll: 0.5 s by default, per test
        serve = functools.partial(self.server.serve_forever, poll_interval=0.02)
        self.thread = threading.Thread(target=serve, daemon=True)
        self.thread.start()
        return self.receiver

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
