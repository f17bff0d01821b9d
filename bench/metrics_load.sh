#!/usr/bin/env bash
# Metrics ingestion at load on the production profile (granian workers, PostgreSQL, Redis,
# the Celery worker + beat that aggregates), then the totals in PostgreSQL checked against
# the posts the server accepted (202). Prints requests/s, p99 and "lost: N, doubled: N".
#
#   bench/metrics_load.sh [FEATURES_JSON]
#
# Environment (all optional):
#   BENCH_DATABASE_URL  default postgres://postgres@127.0.0.1:5432/unleash_metrics_bench
#   BENCH_REDIS_URL     default redis://127.0.0.1:6379/13 (no test suite uses or flushes it)
#   BENCH_PORT (8732), BENCH_WORKERS (2), BENCH_DURATION (15s), BENCH_THREADS (2),
#   BENCH_CONNECTIONS (50), BENCH_DRAIN_SECONDS (120: how long aggregation may take after)
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
PY="$REPO/.venv/bin/python"
FEATURES_JSON="${1:-$REPO/../shared/bench/features-100.json}"
export DATABASE_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/unleash_metrics_bench}"
export REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379/13}"
export DEBUG=0 SECRET_KEY="${SECRET_KEY:-bench-secret-key-not-for-production}"
# The load comes from one IP: per-IP rate limits would turn most posts into 429s.
export RATE_LIMIT_CLIENT_METRICS_PER_MINUTE=0
export METRICS_FLUSH_SECONDS="${METRICS_FLUSH_SECONDS:-2}"
PORT="${BENCH_PORT:-8732}"
URL="http://127.0.0.1:$PORT"
DURATION="${BENCH_DURATION:-15s}"
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-50}"
DRAIN_SECONDS="${BENCH_DRAIN_SECONDS:-120}"
RUN_ID="$(date +%s)"
APP="bench-metrics-$RUN_ID"
export BENCH_TOKEN="*:development.benchmetrics00000000000000000000000000000000000000000000"
# A typical SDK report: three flags, bench-001 yes 3/no 1, bench-002 yes 0/no 4, bench-003 yes 2/no 2.
export BENCH_BODY="{\"appName\":\"$APP\",\"instanceId\":\"wrk\",\"bucket\":{\"start\":\"$(date -u +%Y-%m-%dT%H:%M:%S.000Z)\",\"stop\":\"$(date -u +%Y-%m-%dT%H:%M:%S.000Z)\",\"toggles\":{\"bench-001\":{\"yes\":3,\"no\":1,\"variants\":{}},\"bench-002\":{\"yes\":0,\"no\":4,\"variants\":{}},\"bench-003\":{\"yes\":2,\"no\":2,\"variants\":{\"blue\":2}}}}}"

# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
require_wrk_and_features

buffer_empty() {
  "$PY" - <<PYEOF
import redis, sys
r = redis.Redis.from_url("$REDIS_URL")
live = sum(r.exists(f"unleash:metrics:{k}") for k in ("counts", "registrations", "heartbeats"))
sys.exit(0 if live == 0 and r.scard("unleash:metrics:batches") == 0 else 1)
PYEOF
}

totals() {  # "yes001 no001 no002 yes003 blue003" for this run's app
  (cd "$REPO" && "$PY" manage.py shell -v0 -c "
from django.db.models import Sum
from metrics.aggregates import FeatureHourlyMetric as M
rows = M.objects.filter(app_name='$APP')
def s(name, field):
    return rows.filter(feature_name=name).aggregate(t=Sum(field))['t'] or 0
blue = sum(v.get('blue', 0) for v in rows.filter(feature_name='bench-003').values_list('variants', flat=True))
print(s('bench-001', 'yes'), s('bench-001', 'no'), s('bench-002', 'no'), s('bench-003', 'yes'), blue)
" | tail -n 1)  # Django's shell may print a line of its own first
}

prepare_database backend bench-metrics "$BENCH_TOKEN"
# Web workers AND the scheduler: aggregation is part of what is measured.
start_server_with /tmp/unleash-metrics-bench.log \
  "$PY" manage.py serve --workers "${BENCH_WORKERS:-2}" --port "$PORT"
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: $BENCH_TOKEN" \
  -H 'Content-Type: application/json' -d "$BENCH_BODY" "$URL/api/client/metrics")
[ "$status" = 202 ] || { echo "probe post: expected 202, got $status" >&2; exit 1; }

echo "server $URL (${BENCH_WORKERS:-2} granian workers + celery worker/beat); app $APP"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION; $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$HERE/metrics_post.lua" \
  "$URL/api/client/metrics" | grep '^RESULT')
echo "$line"
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$line"; }
# The probe post counts too. Posts in flight when wrk stopped were sent, never answered:
# the server accepted between `accepted` and `sent` posts, so lost/doubled use those bounds.
accepted=$(( $(field accepted) + 1 ))
sent=$(( $(field sent) + 1 ))

waited=0
until buffer_empty; do
  [ "$waited" -ge "$DRAIN_SECONDS" ] && { echo "buffer not drained after ${DRAIN_SECONDS}s" >&2; break; }
  sleep 1; waited=$((waited + 1))
done
sleep 1  # the last flush's transaction commits before its ack; make sure we read after it
read -r yes1 no1 no2 yes3 blue3 <<<"$(totals)"

# Each accepted post carries bench-001 yes 3: the stored total in posts, then the difference.
stored=$(( yes1 / 3 ))
lost=$(( accepted > stored ? accepted - stored : 0 ))
doubled=$(( stored > sent ? stored - sent : 0 ))
consistent=yes  # every flag's totals are the same number of whole posts
for pair in "$yes1:3" "$no1:1" "$no2:4" "$yes3:2" "$blue3:2"; do
  [ "${pair%%:*}" -eq $(( stored * ${pair##*:} )) ] || consistent=no
done
printf '%-14s %12s %10s %10s %10s\n' scenario requests/s p50_ms p99_ms accepted
printf '%-14s %12s %10s %10s %10s\n' metrics_post "$(field rps)" "$(field p50_ms)" "$(field p99_ms)" "$accepted"
echo "answered 202: $accepted, sent: $sent, stored in PostgreSQL: $stored posts"
echo "aggregated in ${waited}s after the load; all flags' totals agree: $consistent"
echo "lost: $lost, doubled: $doubled"
[ "$lost" -eq 0 ] && [ "$doubled" -eq 0 ] && [ "$consistent" = yes ]
