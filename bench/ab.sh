#!/usr/bin/env bash
# A/B benchmark: the same wrk scenarios against two source trees served side by side, runs
# alternating (A, B, A, B ...) so that load from other processes on the machine hits both.
# A is a git revision exported to a temporary folder (default: main); B is this checkout.
# Both servers are `manage.py serve --no-scheduler` (the production launch: granian, its
# workers, Prometheus' multiprocess folder) on the same bench database and Redis.
#
#   bench/ab.sh [REVISION]
#
# Environment (all optional): BENCH_SCENARIOS (default "frontend_get_origin frontend_post_origin
# features_304"; also features_200, metrics_post), BENCH_ROUNDS (3), BENCH_DURATION (10s), BENCH_THREADS (2), BENCH_CONNECTIONS
# (50), BENCH_WORKERS (2), BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_PORT_A/B (8741, 8742).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
PY="$REPO/.venv/bin/python"
REVISION="${1:-main}"
FEATURES_JSON="$REPO/../shared/bench/features-100.json"
[ -f "$FEATURES_JSON" ] || FEATURES_JSON="$REPO/../../shared/bench/features-100.json"
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
sdk_bench_environment
PORT_A="${BENCH_PORT_A:-8741}" PORT_B="${BENCH_PORT_B:-8742}"
ROUNDS="${BENCH_ROUNDS:-3}" DURATION="${BENCH_DURATION:-10s}"
THREADS="${BENCH_THREADS:-2}" CONNECTIONS="${BENCH_CONNECTIONS:-50}"
WORKERS="${BENCH_WORKERS:-2}"
TOKEN="*:development.bench0000000000000000000000000000000000000000000000000000"
export BENCH_TOKEN="$TOKEN"
export BENCH_FRONTEND_TOKEN="*:development.benchfrontend000000000000000000000000000000000000000"
export BENCH_ORIGIN="https://app.example.com"
SPEC="Unleash-Client-Spec: 6.1.0"
SCENARIOS=(${BENCH_SCENARIOS:-frontend_get_origin frontend_post_origin features_304})

scenario_frontend_get_origin() {  # $1: base URL
  printf '%s\n' -H "Authorization: $BENCH_FRONTEND_TOKEN" -H "Origin: $BENCH_ORIGIN" \
    "$1/api/frontend?userId=1001&sessionId=4242"
}
scenario_frontend_post_origin() {  # frontend_post.lua sends Origin when BENCH_ORIGIN is set
  printf '%s\n' -s "$HERE/frontend_post.lua" "$1/api/frontend"
}
scenario_features_200() {
  printf '%s\n' -H "Authorization: $TOKEN" -H "$SPEC" "$1/api/client/features"
}
scenario_metrics_post() {  # metrics_post.lua posts BENCH_BODY (bench/lib.sh)
  printf '%s\n' -s "$HERE/metrics_post.lua" "$1/api/client/metrics"
}
scenario_features_304() {
  printf '%s\n' -H "Authorization: $TOKEN" -H "$SPEC" -H "If-None-Match: $ETAG" \
    "$1/api/client/features"
}

require_wrk_and_features
export_metrics_body
prepare_database backend bench-backend "$TOKEN" frontend bench-frontend "$BENCH_FRONTEND_TOKEN"

TREE_A="$(mktemp -d /tmp/unleash-ab-XXXXXX)"
git -C "$REPO" archive "$REVISION" | tar -x -C "$TREE_A"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$TREE_A"
}
trap cleanup EXIT

start() {  # tree, port, log
  (cd "$1" && DATA_DIR="$1/data" exec "$PY" manage.py serve --no-scheduler --host 127.0.0.1 \
     --port "$2" --workers "$WORKERS" >"$3" 2>&1) &
  PIDS+=($!)
  for _ in $(seq 1 150); do
    curl -fs "http://127.0.0.1:$2/health" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "server in $1 did not start; see $3" >&2
  exit 1
}
start "$TREE_A" "$PORT_A" /tmp/unleash-ab-a.log
start "$REPO" "$PORT_B" /tmp/unleash-ab-b.log
URL_A="http://127.0.0.1:$PORT_A" URL_B="http://127.0.0.1:$PORT_B"
ETAG=$(curl -s -D - -o /dev/null -H "Authorization: $TOKEN" -H "$SPEC" "$URL_B/api/client/features" \
  | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')

echo "A = $REVISION ($(git -C "$REPO" rev-parse --short "$REVISION")), B = this checkout ($(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet HEAD || echo '+changes'))"
echo "serve --workers $WORKERS; wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS rounds A/B alternating; $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-22s %5s %-4s %11s %8s %8s %7s\n' scenario round side requests/s p50_ms p99_ms errors
declare -A SUM RUNS
for name in "${SCENARIOS[@]}"; do
  for round in $(seq 1 "$ROUNDS"); do
    for side in A B; do
      url="URL_$side"
      mapfile -t args < <("scenario_$name" "${!url}")
      line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$HERE/report.lua" "${args[@]}" \
        | grep '^RESULT')
      rps=$(sed -n 's/.* rps=\([0-9]*\).*/\1/p' <<<"$line")
      p50=$(sed -n 's/.* p50_ms=\([0-9.]*\).*/\1/p' <<<"$line")
      p99=$(sed -n 's/.* p99_ms=\([0-9.]*\).*/\1/p' <<<"$line")
      errs=$(sed -n 's/.*socket_errors=\([0-9]*\) status_errors=\([0-9]*\).*/\1+\2/p' <<<"$line")
      SUM[$name$side]=$(( ${SUM[$name$side]:-0} + rps ))
      RUNS[$name$side]="${RUNS[$name$side]:-} $rps"
      printf '%-22s %5s %-4s %11s %8s %8s %7s\n' "$name" "$round" "$side" "$rps" "$p50" "$p99" "$errs"
    done
  done
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f %%", (b - a) * 100 / a }'; }
echo "requests/s over $ROUNDS rounds, mean and median (one stalled run moves the mean):"
for name in "${SCENARIOS[@]}"; do
  a=$(( SUM[${name}A] / ROUNDS )) b=$(( SUM[${name}B] / ROUNDS ))
  ma=$(median <<<"${RUNS[${name}A]}") mb=$(median <<<"${RUNS[${name}B]}")
  printf '  %-22s mean A %7s B %7s %9s   median A %7s B %7s %9s\n' \
    "$name" "$a" "$b" "$(ratio "$a" "$b")" "$ma" "$mb" "$(ratio "$ma" "$mb")"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
