"""CPU cost of one middleware per request, this checkout's against a git revision's.

wrk figures on a shared 2-core machine swing by tens of percent with other processes' load;
process CPU time of the middleware alone, A and B alternating in one process, does not. Each
case wraps a view that returns a ready response in the middleware (A: the module as it is at
REVISION, B: as it is in this checkout) and calls it N times with a request built once.

    .venv/bin/python bench/middleware_cost.py {cors|prometheus} [REVISION] [N]

Prints microseconds of CPU per request (median of 7 alternating rounds) per case and side.
The prometheus case runs B in prometheus_client's multiprocess mode (a temporary folder), as
`manage.py serve` does; A pushes to Redis as it did (REDIS_URL from the environment).

With BENCH_FRONTEND_TOKEN set (and DATABASE_URL/REDIS_URL of a database prepared by
bench/client_api.sh or bench/ab.sh) it also times whole frontend requests through the SDK
gateway (token, evaluation of 100 flags, every SDK middleware) with A's or B's class in the
chain, so the middleware's share of a real request shows.
"""

import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGETS = {
    "cors": ("flags/cors.py", "FrontendCorsMiddleware"),
    "prometheus": ("metrics/prometheus.py", "SdkRequestMetricsMiddleware"),
}
ORIGIN = "https://app.example.com"


def _setup(target: str) -> None:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unleash_site.settings")
    if target == "prometheus":
        # before prometheus_client is imported: it picks its value class then
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="bench-prometheus-")
    import django

    django.setup()


def _module_at(revision: str, path: str):
    source = subprocess.run(
        ["git", "-C", str(REPO), "show", f"{revision}:{path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    spec = importlib.util.spec_from_loader(f"bench_a_{Path(path).stem}", loader=None)
    module = importlib.util.module_from_spec(spec)
    exec(compile(source, f"{revision}:{path}", "exec"), module.__dict__)  # noqa: S102
    return module


def _cases():
    from django.http import HttpResponse
    from django.test import RequestFactory

    factory = RequestFactory()
    body = HttpResponse(b'{"toggles":[]}', content_type="application/json")
    preflight = {
        "HTTP_ORIGIN": ORIGIN,
        "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "POST",
        "HTTP_ACCESS_CONTROL_REQUEST_HEADERS": "authorization,content-type",
    }
    return {
        "GET /api/frontend + Origin": (factory.get("/api/frontend", HTTP_ORIGIN=ORIGIN), body),
        "OPTIONS /api/frontend pre-flight": (factory.options("/api/frontend", **preflight), body),
        "GET /api/client/features": (factory.get("/api/client/features"), body),
    }


def _gateway_cases(module_name: str, name: str):
    """Whole frontend requests through the SDK gateway with the given class swapped in."""
    token = os.environ.get("BENCH_FRONTEND_TOKEN")
    if not token:
        return {}
    import importlib

    from django.test import RequestFactory

    from core import sdk_gateway

    module = importlib.import_module(module_name)
    factory = RequestFactory()
    headers = {
        "HTTP_AUTHORIZATION": token,
        "HTTP_ORIGIN": ORIGIN,
        "HTTP_USER_AGENT": "wrk",
        "HTTP_HOST": "127.0.0.1",
    }
    body = '{"context":{"appName":"web","userId":"1001","sessionId":"4242"}}'
    makers = {
        "gateway POST /api/frontend + Origin": lambda: factory.post(
            "/api/frontend", data=body, content_type="application/json", **headers
        ),
        "gateway GET /api/frontend + Origin": lambda: factory.get(
            "/api/frontend?userId=1001&sessionId=4242", **headers
        ),
    }

    def timed(make, cls, n: int) -> float:
        setattr(module, name, cls)
        sdk_gateway._chain.cache_clear()
        requests = [make() for _ in range(n)]
        status = sdk_gateway.handle(make()).status_code
        assert status == 200, f"{status}: is the bench database prepared, the token right?"
        started = time.process_time()
        for request in requests:
            sdk_gateway.handle(request)
        return (time.process_time() - started) / n * 1e6

    return {label: (make, timed) for label, make in makers.items()}


def _per_call_us(middleware_class, request, response, n: int) -> float:
    from django.http import HttpResponse

    def view(_request):
        # a fresh response per call: the middleware adds headers to it
        fresh = HttpResponse(response.content, content_type=response["Content-Type"])
        return fresh

    handler = middleware_class(view)
    started = time.process_time()
    for _ in range(n):
        handler(request)
    bare_started = time.process_time()
    for _ in range(n):
        view(request)
    ended = time.process_time()
    return ((bare_started - started) - (ended - bare_started)) / n * 1e6


def main() -> None:
    target = sys.argv[1] if len(sys.argv) > 1 else "cors"
    revision = sys.argv[2] if len(sys.argv) > 2 else "main"
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    path, name = TARGETS[target]
    _setup(target)
    from django.utils.module_loading import import_string

    side_a = getattr(_module_at(revision, path), name)
    side_b = import_string(f"{path[:-3].replace('/', '.')}.{name}")
    print(f"{target}: A = {revision}:{path}, B = this checkout; {n} calls x 7 rounds, CPU µs/call")
    print(f"{'case':36} {'A':>8} {'B':>8} {'B-A':>8}")
    for label, (request, response) in _cases().items():
        rounds = {"A": [], "B": []}
        for _ in range(7):
            for side, cls in (("A", side_a), ("B", side_b)):
                rounds[side].append(_per_call_us(cls, request, response, n))
        a, b = statistics.median(rounds["A"]), statistics.median(rounds["B"])
        print(f"{label:36} {a:8.2f} {b:8.2f} {b - a:+8.2f}")
    module_name = path[:-3].replace("/", ".")
    for label, (make, timed) in _gateway_cases(module_name, name).items():
        rounds = {"A": [], "B": []}
        for _ in range(7):
            for side, cls in (("A", side_a), ("B", side_b)):
                rounds[side].append(timed(make, cls, max(n // 10, 200)))
        a, b = statistics.median(rounds["A"]), statistics.median(rounds["B"])
        print(f"{label:36} {a:8.2f} {b:8.2f} {b - a:+8.2f}  ({(b - a) * 100 / a:+.1f} %)")


if __name__ == "__main__":
    main()
