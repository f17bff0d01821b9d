"""A real aggregation worker for the crash tests: flushes the metrics buffer in a tight loop.

Run as ``python -m tests.support.flush_loop`` with DATABASE_URL/REDIS_URL of the test
databases; the test SIGKILLs it at arbitrary moments (mid-take, mid-transaction, pre-ack).
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unleash_site.settings")


def main() -> None:
    import django

    django.setup()
    from metrics import services

    print("ready", flush=True)
    while True:
        services.flush()


if __name__ == "__main__":
    sys.exit(main())
