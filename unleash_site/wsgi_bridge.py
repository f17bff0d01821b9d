"""Serve the WSGI application from an ASGI server: each request in a small thread pool.

Measured against the alternatives on the SDK hot path (bench/README.md, "Serving streams"):
Django's own ASGI handler served about a tenth of granian's WSGI throughput, a2wsgi about half,
this bridge about the same as WSGI. It reads the request body first (bounded), runs the
application in a thread, and sends the collected response in one piece.
"""

from __future__ import annotations

import asyncio
import io
import sys
from concurrent.futures import ThreadPoolExecutor

# Bodies above this are refused before the application runs (the largest legitimate one is a
# features-batch import; SDK bodies are limited far lower by their views).
MAX_BODY = 64 * 1024 * 1024


class WsgiBridge:
    """An ASGI callable for `http` scopes that runs `app` (WSGI) in `threads` threads."""

    def __init__(self, app, threads: int) -> None:
        self.app = app
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="wsgi")

    async def __call__(self, scope, receive, send) -> None:
        body = await _read_body(receive)
        if body is None:
            await _send(send, 413, [(b"content-type", b"application/json")],
                        b'{"message":"Request body too large."}')  # fmt: skip
            return
        loop = asyncio.get_running_loop()
        status, headers, content = await loop.run_in_executor(
            self.pool, self._call, environ(scope, body)
        )
        await _send(send, status, headers, content)

    def _call(self, env: dict):
        out = {}

        def start_response(status, headers, exc_info=None):
            out["status"] = int(status.split(" ", 1)[0])
            out["headers"] = [(k.lower().encode("latin1"), v.encode("latin1")) for k, v in headers]

        result = self.app(env, start_response)
        try:
            content = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        return out["status"], out["headers"], content


async def _read_body(receive) -> bytes | None:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            break
    return b"".join(chunks)


async def _send(send, status: int, headers: list, content: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": content})


def environ(scope, body: bytes) -> dict:
    """The WSGI environ (PEP 3333) of an ASGI http scope."""
    server = scope.get("server") or ("localhost", 80)
    client = scope.get("client") or ("", 0)
    env = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", ""),
        "PATH_INFO": scope["path"],
        "QUERY_STRING": scope.get("query_string", b"").decode("latin1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1]),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "REMOTE_ADDR": client[0],
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for raw_name, raw_value in scope["headers"]:
        name = raw_name.decode("latin1").upper().replace("-", "_")
        value = raw_value.decode("latin1")
        if name in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            env[name] = value
            continue
        key = f"HTTP_{name}"
        env[key] = f"{env[key]},{value}" if key in env else value
    return env
