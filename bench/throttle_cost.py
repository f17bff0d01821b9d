"""CPU and Redis cost per request of a per-IP throttle: DRF's own against core.api.throttling's.

DRF's ScopedRateThrottle (a SimpleRateThrottle) keeps every request's timestamp in the Django
cache (Redis here) and reads, trims and writes the whole list back on each request; our
IpRateThrottle counts in core.ratelimit's shared fixed window (INCRBY, batched per 100 ms).
Both limit one IP at the SDK default of 6,000 requests a minute; each side is timed over
N requests from one address (the list grows to N entries, as from one busy NAT address),
alternating sides for 5 rounds.

    REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python bench/throttle_cost.py [N]

Prints microseconds per request (median of the rounds) per side, and the ratio.
"""

import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unleash_site.settings")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from rest_framework.throttling import ScopedRateThrottle  # noqa: E402

from core import ratelimit  # noqa: E402
from core.api.throttling import IpRateThrottle  # noqa: E402

LIMIT = 6000


class View:
    throttle_scope = "bench"


class DrfThrottle(ScopedRateThrottle):
    THROTTLE_RATES = {"bench": f"{LIMIT}/min"}


def _time(make, n: int, ip: str) -> float:
    request = RequestFactory().post("/", REMOTE_ADDR=ip)
    request.user = None  # anonymous: DRF keys by the address
    view = View()
    start = time.perf_counter()
    for _ in range(n):
        make().allow_request(request, view)
    return (time.perf_counter() - start) / n * 1e6


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    from django.conf import settings

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "bench": LIMIT}
    backend = settings.CACHES["default"]["BACKEND"]
    print(f"cache: {backend}; {n} requests per run, limit {LIMIT}/min")
    drf, ours = [], []
    for round_ in range(5):
        cache.clear()
        ratelimit.reset_local()
        drf.append(_time(DrfThrottle, n, f"10.1.0.{round_}"))
        ours.append(_time(IpRateThrottle, n, f"10.2.0.{round_}"))
    a, b = statistics.median(drf), statistics.median(ours)
    print(f"DRF ScopedRateThrottle  {a:8.1f} us/request")
    print(f"IpRateThrottle          {b:8.1f} us/request   ({a / b:.1f}x cheaper)")


if __name__ == "__main__":
    main()
