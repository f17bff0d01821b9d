"""Check that every metrics post a bench run had answered 202 reached PostgreSQL.

    python bench/metrics_verify.py APP ACCEPTED SENT

Run after the server has stopped (a normal stop writes what its processes still held): it
aggregates everything buffered (the job Celery would run), then compares the totals stored
for APP with the bench body's counts per post (bench-001 yes 3 / no 1, bench-002 no 4,
bench-003 yes 2 / no 2 / blue 2). The server accepted between ACCEPTED (202s read) and SENT
(posts sent; wrk stops with some in flight) posts: fewer stored is a loss, more a double.
Prints one line and exits 1 on a loss, a double or totals that are not whole posts.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unleash_site.settings")

import django  # noqa: E402

django.setup()

from metrics import buffer, services  # noqa: E402
from metrics.aggregates import FeatureHourlyMetric  # noqa: E402

PER_POST = {("bench-001", "yes"): 3, ("bench-001", "no"): 1, ("bench-002", "no"): 4}
PER_POST |= {("bench-003", "yes"): 2, ("bench-003", "no"): 2, ("bench-003", "blue"): 2}


def totals(app: str) -> dict[tuple[str, str], int]:
    found = dict.fromkeys(PER_POST, 0)
    for row in FeatureHourlyMetric.objects.filter(app_name=app):
        for kind in ("yes", "no"):
            if (row.feature_name, kind) in found:
                found[(row.feature_name, kind)] += getattr(row, kind)
        if row.feature_name == "bench-003":
            found[("bench-003", "blue")] += (row.variants or {}).get("blue", 0)
    return found


def main(app: str, accepted: int, sent: int) -> int:
    for _ in range(10):  # a batch the first pass missed (a late write) comes in the next
        services.flush()
        if not buffer.take_batches():
            break
    found = totals(app)
    stored = found[("bench-001", "yes")] // 3
    whole = all(found[key] == stored * n for key, n in PER_POST.items())
    lost = max(0, accepted - stored)
    doubled = max(0, stored - sent)
    print(
        f"verified {app}: answered 202: {accepted}, sent: {sent}, stored: {stored} posts; "
        f"lost: {lost}, doubled: {doubled}, totals whole posts: {'yes' if whole else 'no'}"
    )
    return 0 if lost == 0 and doubled == 0 and whole else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
