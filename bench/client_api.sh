#!/usr/bin/env bash
# Benchmark every SDK endpoint with wrk against ONE production-profile server (granian, 2
# workers, PostgreSQL, Redis, DEBUG off): features 200, 304, gzip, metrics POST, frontend POST.
# Prints requests/s, p50 and p99 per scenario and the ratio to Unleash 8.2's figures.
#
#   bench/client_api.sh [FEATURES_JSON]
#
# Environment (all optional):
#   BENCH_DATABASE_URL  default postgres://postgres@127.0.0.1:5432/unleash_bench (created if missing)
#   BENCH_REDIS_URL     default redis://127.0.0.1:6379/14 (no test suite uses or flushes it)
#   BENCH_URL           a server that is already running (then none is started)
#   BENCH_PORT          port of the server started here (default 8731)
#   BENCH_WORKERS       granian workers (default 2)
#   BENCH_DURATION      wrk duration (default 15s); BENCH_THREADS (2), BENCH_CONNECTIONS (50)
#   BENCH_SCENARIOS     space-separated subset of the scenarios below
#   BENCH_GRANIAN_ARGS  extra granian options (e.g. "--backpressure 64")
#   BENCH_INTERFACES    entry points measured one after the other (default "wsgi asgi": granian's
#                       WSGI, then the ASGI app `manage.py serve` runs, whose non-stream requests
#                       run the same WSGI app in a thread pool); the ratio asgi/wsgi is printed
#   BENCH_ROUNDS        rounds of all interfaces, alternating (default 1): on a shared machine
#                       the load moves within minutes, so compare ratios of the same round
#   METRICS_BUFFER_WINDOW_MS  passed to the server (settings.py): 0 writes each metrics post
#                       to Redis before its 202, N > 0 holds posts up to N ms per process
#
# metrics_post is verified: after the server stops, bench/metrics_verify.py aggregates the
# buffer and checks that the posts answered 202 are all in PostgreSQL (the run fails if not).
#
# Adding a scenario: define `scenario_<name>` that prints the wrk arguments (method, headers,
# body script, path) on one line per argument, and append <name> to SCENARIOS.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
PY="$REPO/.venv/bin/python"
FEATURES_JSON="${1:-$REPO/../shared/bench/features-100.json}"
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
sdk_bench_environment  # DATABASE_URL, REDIS_URL, DEBUG off, rate limits off (wrk: one IP)
PORT="${BENCH_PORT:-8731}"
URL="${BENCH_URL:-http://127.0.0.1:$PORT}"
WORKERS="${BENCH_WORKERS:-2}"
DURATION="${BENCH_DURATION:-15s}"
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-50}"
TOKEN="*:development.bench0000000000000000000000000000000000000000000000000000"
export BENCH_TOKEN="$TOKEN"
export BENCH_FRONTEND_TOKEN="*:development.benchfrontend000000000000000000000000000000000000000"
SPEC="Unleash-Client-Spec: 6.1.0"
# Each server started posts under its own appName (export_metrics_body "$APP" below), so
# bench/metrics_verify.py can check that run's totals: every post answered 202 must reach
# PostgreSQL.
RUN_ID="$(date +%s)"
# granian: one process per core; 4 blocking threads each (measured faster than 1: a thread
# waiting on Redis or the socket lets another run Python),
# HTTP/1 only and no websockets (SDKs speak neither h2c nor ws), crashed workers respawned.
BLOCKING="${BENCH_BLOCKING_THREADS:-4}"
COMMON_ARGS=(--host 127.0.0.1 --port "$PORT" --workers "$WORKERS" --http 1 --no-ws
  --respawn-failed-workers --no-access-log ${BENCH_GRANIAN_ARGS:-})
INTERFACES=(${BENCH_INTERFACES:-wsgi asgi})

SCENARIOS=(${BENCH_SCENARIOS:-features_200 features_304 features_gzip metrics_post frontend_post})
# Unleash 8.2 live on this kind of 2-core machine (bench/vs_unleash.sh, 2026-11-30, medians of
# 2 rounds at load 0.5-4.4; the earlier 2,450/4,600/3,200 came from a faster machine kind, and
# ../shared/unleash-ref/README.md says speeds differ 2-3x between kinds), and the target ratio.
# For a ratio that means something, run bench/vs_unleash.sh: both servers, the same run.
declare -A UNLEASH=([features_200]=1234 [features_304]=2246 [metrics_post]=1975 [frontend_post]=1096)
declare -A TARGET=([features_200]=4 [features_304]=2.5 [metrics_post]=1.5)

scenario_features_200() {
  printf '%s\n' -H "Authorization: $TOKEN" -H "$SPEC" "$URL/api/client/features"
}
scenario_features_304() {
  printf '%s\n' -H "Authorization: $TOKEN" -H "$SPEC" -H "If-None-Match: $ETAG" \
    "$URL/api/client/features"
}
scenario_features_gzip() {
  printf '%s\n' -H "Authorization: $TOKEN" -H "$SPEC" -H "Accept-Encoding: gzip" \
    "$URL/api/client/features"
}
scenario_metrics_post() {  # metrics_post.lua: the body above, counts 202 answers
  printf '%s\n' -s "$HERE/metrics_post.lua" "$URL/api/client/metrics"
}
scenario_frontend_post() {  # frontend_post.lua: a proxy-client context, server-side evaluation
  printf '%s\n' -s "$HERE/frontend_post.lua" "$URL/api/frontend"
}

require_wrk_and_features
export_metrics_body

granian_command() {  # interface -> the server command line
  if [ "$1" = wsgi ]; then
    echo "$PY" -m granian --interface wsgi --blocking-threads "$BLOCKING" "${COMMON_ARGS[@]}" \
      unleash_site.wsgi:application
  else  # the ASGI app's WSGI thread pool takes its size from WEB_BLOCKING_THREADS
    echo env WEB_BLOCKING_THREADS="$BLOCKING" "$PY" -m granian --interface asgi "${COMMON_ARGS[@]}" \
      unleash_site.asgi:application
  fi
}
start_server() {  # interface
  # shellcheck disable=SC2046
  start_server_with /tmp/unleash-bench-server.log $(granian_command "$1")
}

check() {  # name, expected status, curl args...
  local name="$1" expected="$2"; shift 2
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' "$@")
  [ "$status" = "$expected" ] || { echo "$name: expected $expected, got $status" >&2; exit 1; }
}

if [ -z "${BENCH_URL:-}" ]; then
  prepare_database backend bench-backend "$TOKEN" frontend bench-frontend "$BENCH_FRONTEND_TOKEN"
else
  INTERFACES=(given)
fi
declare -A RPS=()
ROUNDS="${BENCH_ROUNDS:-1}"
for round in $(seq 1 "$ROUNDS"); do
for interface in "${INTERFACES[@]}"; do
APP="bench-client-api-$RUN_ID-$round-$interface"
export_metrics_body "$APP"
[ "$interface" = given ] || start_server "$interface"

ETAG=$(curl -s -D - -o /dev/null -H "Authorization: $TOKEN" -H "$SPEC" "$URL/api/client/features" \
  | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
BYTES=$(curl -s -H "Authorization: $TOKEN" -H "$SPEC" "$URL/api/client/features" | wc -c)
GZBYTES=$(curl -s -H "Authorization: $TOKEN" -H "$SPEC" -H "Accept-Encoding: gzip" \
  "$URL/api/client/features" | wc -c)
check features_200 200 -H "Authorization: $TOKEN" "$URL/api/client/features"
check features_304 304 -H "Authorization: $TOKEN" -H "$SPEC" -H "If-None-Match: $ETAG" \
  "$URL/api/client/features"
check metrics_post 202 -X POST -H "Authorization: $TOKEN" -H 'Content-Type: application/json' \
  -d "$BENCH_BODY" "$URL/api/client/metrics"
check frontend_post 200 -X POST -H "Authorization: $BENCH_FRONTEND_TOKEN" \
  -H 'Content-Type: application/json' -d '{"context":{"userId":"1001"}}' "$URL/api/frontend"

echo
echo "server $URL: ${interface}: $([ "$interface" = given ] || granian_command "$interface")"
echo "rate limits DISABLED for this run (RATE_LIMIT_*_PER_MINUTE=0): wrk sends from one IP"
echo "body $BYTES bytes ($GZBYTES gzip); etag $ETAG"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION; $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "metrics buffer window: ${METRICS_BUFFER_WINDOW_MS:-settings default} ms"
printf '%-14s %11s %8s %8s %7s %9s %8s %7s\n' \
  scenario requests/s p50_ms p99_ms errors unleash/s ratio target
for name in "${SCENARIOS[@]}"; do
  mapfile -t args < <("scenario_$name")
  line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$HERE/report.lua" "${args[@]}" \
    | grep '^RESULT')
  rps=$(sed -n 's/.* rps=\([0-9]*\).*/\1/p' <<<"$line")
  p50=$(sed -n 's/.* p50_ms=\([0-9.]*\).*/\1/p' <<<"$line")
  p99=$(sed -n 's/.* p99_ms=\([0-9.]*\).*/\1/p' <<<"$line")
  errs=$(sed -n 's/.*socket_errors=\([0-9]*\) status_errors=\([0-9]*\).*/\1+\2/p' <<<"$line")
  unleash="${UNLEASH[$name]:--}" ratio="-" target="-"
  if [ "$unleash" != "-" ]; then
    ratio=$(awk -v a="$rps" -v b="$unleash" 'BEGIN { printf "%.2fx", a / b }')
    target="${TARGET[$name]}x"
  fi
  printf '%-14s %11s %8s %8s %7s %9s %8s %7s\n' \
    "$name" "$rps" "$p50" "$p99" "$errs" "$unleash" "$ratio" "$target"
  RPS[$round.$interface.$name]="$rps"
  if [ "$name" = metrics_post ]; then  # the check's probe post above counts too
    ACCEPTED=$(( $(sed -n 's/.* accepted=\([0-9]*\).*/\1/p' <<<"$line") + 1 ))
    SENT=$(( $(sed -n 's/.* sent=\([0-9]*\).*/\1/p' <<<"$line") + 1 ))
  fi
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$interface" = given ] || stop_server
if [ -n "${ACCEPTED:-}" ]; then
  if [ "$interface" = given ]; then
    echo "metrics_post totals not verified: the given server may still hold posts"
  else
    (cd "$REPO" && "$PY" bench/metrics_verify.py "$APP" "$ACCEPTED" "$SENT") || VERIFY_FAILED=1
  fi
  ACCEPTED=""
fi
done
done
if [ -n "${RPS[1.wsgi.${SCENARIOS[0]}]:-}" ] && [ -n "${RPS[1.asgi.${SCENARIOS[0]}]:-}" ]; then
  echo
  echo "asgi / wsgi requests/s per round (same run, same database):"
  for name in "${SCENARIOS[@]}"; do
    line=$(printf '%-14s' "$name")
    for round in $(seq 1 "$ROUNDS"); do
      line+=$(awk -v a="${RPS[$round.asgi.$name]}" -v w="${RPS[$round.wsgi.$name]}" \
        'BEGIN { printf " %5.2fx (%s/%s)", a / w, a, w }')
    done
    echo "$line"
  done
fi
[ -z "${VERIFY_FAILED:-}" ] || { echo "metrics_post: posts answered 202 are missing or doubled" >&2; exit 1; }
