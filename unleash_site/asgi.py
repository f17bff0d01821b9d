"""ASGI entry point served by granian (manage.py serve, make run, the Dockerfile).

One port for everything: SDK routes the route table marks `asgi` (the SSE stream) run on the
event loop; every other request goes to the WSGI application (lean SDK gateway, then Django)
in a thread pool, so the polling hot path stays what it is under WSGI.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unleash_site.settings")

import django  # noqa: E402

django.setup()  # before the imports below, which reach models

from django.conf import settings  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from core import sdk_routes  # noqa: E402
from flags.streaming import hub as streaming_hub  # noqa: E402
from unleash_site.wsgi import application as wsgi_application  # noqa: E402
from unleash_site.wsgi_bridge import WsgiBridge  # noqa: E402

ASYNC_ROUTES = {r.path: import_string(r.asgi) for r in sdk_routes.ROUTES if r.asgi}
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
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
