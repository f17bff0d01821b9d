"""ASGI entry point served by granian (manage.py serve, make run, the Dockerfile).

One port for everything: SDK routes the route table marks `asgi` (the SSE stream) run on the
event loop; every other request goes to the WSGI application (lean SDK gateway, then Django)
in a thread pool, so the polling hot path stays what it is under WSGI.
"""

import asyncio
import logging
import os
import signal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unleash_site.settings")

import django  # noqa: E402

django.setup()  # before the imports below, which reach models

from django.conf import settings  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from core import sdk_routes  # noqa: E402
from flags.streaming import hub as streaming_hub  # noqa: E402
from metrics import prometheus  # noqa: E402
from unleash_site.wsgi import application as wsgi_application  # noqa: E402
from unleash_site.wsgi_bridge import WsgiBridge  # noqa: E402

log = logging.getLogger(__name__)
# Outside Django's middleware: counted here into the same SDK request figures (route label).
ASYNC_ROUTES = {
    r.path: prometheus.counted_asgi(import_string(r.asgi), r.label)
    for r in sdk_routes.ROUTES
    if r.asgi
}
bridge = WsgiBridge(wsgi_application, threads=settings.WEB_BLOCKING_THREADS)
streaming_hub.serve_streams()  # polling SDKs may be told to switch (fetch-mode) from here on


async def application(scope, receive, send):
    if scope["type"] == "http":
        handler = ASYNC_ROUTES.get(scope["path"])
        await (handler or bridge)(scope, receive, send)
    elif scope["type"] == "lifespan":
        await _lifespan(receive, send)


async def _lifespan(receive, send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            _hand_off_before_stopping(asyncio.get_running_loop())
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await streaming_hub.hand_off_all()  # a server that never signalled us (no-op else)
            await send({"type": "lifespan.shutdown.complete"})
            return


def _hand_off_before_stopping(loop: asyncio.AbstractEventLoop) -> None:
    """On SIGTERM/SIGINT, first tell open streams to poll, then let granian stop the worker.

    granian's worker runs lifespan.shutdown only once its connections have drained, which an
    open stream never does: the SDKs would be cut off (and reconnect-loop) when the server
    kills it. So the worker's own signal handlers (on this loop) run after the hand-off.
    Reaches for asyncio's handle table (no public getter); without it, nothing changes.
    """
    handlers = getattr(loop, "_signal_handlers", None)
    if not isinstance(handlers, dict):
        return
    for sig in (signal.SIGTERM, signal.SIGINT):
        previous = handlers.get(sig)
        if previous is None:
            continue
        started: list[asyncio.Task] = []

        def on_signal(previous=previous, started=started) -> None:
            if started:
                if started[0].done():
                    previous._run()
                return  # granian's parent repeats the signal while streams are handed off
            started.append(loop.create_task(_hand_off_then(previous)))

        loop.add_signal_handler(sig, on_signal)


async def _hand_off_then(previous: asyncio.Handle) -> None:
    try:
        told = await streaming_hub.hand_off_all()
        if told:
            log.info("streaming: told %d open streams to poll before stopping", told)
    finally:
        previous._run()
