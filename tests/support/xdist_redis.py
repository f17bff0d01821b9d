"""Gives each pytest-xdist worker a Redis database of its own (`make test-fast` loads it with -p).

Every test flushes its Redis database (tests/conftest.py), so two workers sharing one would
wipe each other's state mid-test. Settings read REDIS_URL once, when pytest-django sets Django
up, which is before any conftest is imported: this plugin is imported earlier still (``-p``), and
rewrites REDIS_URL in the environment, which subprocesses the tests start inherit too. Worker
gwN takes REDIS_URL's database + N, or - N when counting up would pass database 15 (Redis's
default count). PostgreSQL needs nothing: pytest-django names each worker's test database.
"""

import os
from urllib.parse import urlsplit, urlunsplit

LAST_DB = 15
APPLIED = "UNLEASH_TEST_REDIS_PER_WORKER"  # tests/conftest.py checks for it (by name)


def worker_redis_url(url: str, worker: str, workers: int) -> str:
    """REDIS_URL for xdist worker `worker` ("gw0", "gw1" ...) of `workers`."""
    index = int(worker.removeprefix("gw"))
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    db = base + index if base + workers - 1 <= LAST_DB else base - index
    if not 0 <= db <= LAST_DB:
        raise ValueError(f"{workers} workers do not fit Redis databases 0-{LAST_DB} from {url}")
    return urlunsplit(parts._replace(path=f"/{db}"))


def _apply() -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or os.environ.get(APPLIED) == worker or not os.environ.get("REDIS_URL"):
        return
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    os.environ["REDIS_URL"] = worker_redis_url(os.environ["REDIS_URL"], worker, workers)
    os.environ[APPLIED] = worker


_apply()
