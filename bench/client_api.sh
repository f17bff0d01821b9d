#!/usr/bin/env bash
# Benchmark the SDK endpoints with wrk against a production-profile server (granian,
# PostgreSQL, Redis, DEBUG off). Prints requests/s and p99 per scenario.
#
#   bench/client_api.sh [FEATURES_JSON]
#
# Environment (all optional):
#   BENCH_DATABASE_URL  default postgres://postgres@127.0.0.1:5432/unleash_bench (created if missing)
#   BENCH_REDIS_URL     default redis://127.0.0.1:6379/4
#   BENCH_URL           a server that is already running (then none is started), e.g. http://127.0.0.1:8000
#   BENCH_PORT          port of the server started here (default 8731)
#   BENCH_WORKERS       granian workers (default 2)
#   BENCH_DURATION      wrk duration (default 15s); BENCH_THREADS (2), BENCH_CONNECTIONS (50)
#   BENCH_SCENARIOS     space-separated subset of the scenarios below
#
# Adding a scenario: define `scenario_<name>` that prints the wrk arguments (method, headers,
# body script, path) on one line per argument, and append <name> to SCENARIOS.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
PY="$REPO/.venv/bin/python"
FEATURES_JSON="${1:-$REPO/../shared/bench/features-100.json}"
export DATABASE_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/unleash_bench}"
export REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379/4}"
export DEBUG=0 SECRET_KEY="${SECRET_KEY:-bench-secret-key-not-for-production}"
PORT="${BENCH_PORT:-8731}"
URL="${BENCH_URL:-http://127.0.0.1:$PORT}"
DURATION="${BENCH_DURATION:-15s}"
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-50}"
TOKEN="*:development.bench0000000000000000000000000000000000000000000000000000"
SPEC="Unleash-Client-Spec: 6.1.0"

SCENARIOS=(${BENCH_SCENARIOS:-features_200 features_304 features_gzip})

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

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
[ -f "$FEATURES_JSON" ] || { echo "no features file at $FEATURES_JSON" >&2; exit 2; }

prepare_database() {
  local db="${DATABASE_URL##*/}"
  psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" \
    | grep -q 1 || psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE \"$db\""
  (cd "$REPO" && "$PY" manage.py migrate -v0)
  (cd "$REPO" && "$PY" manage.py import_features "$FEATURES_JSON" \
     --environment development --project default --replace)
  (cd "$REPO" && "$PY" manage.py shell -c "
from flags.models import ApiToken
from flags.tokens import hash_secret
from flags.services import token_create
from flags.actors import Actor
if not ApiToken.objects.filter(secret_hash=hash_secret('$TOKEN')).exists():
    token_create(name='bench', type='backend', environment='development', projects=['*'],
                 secret='$TOKEN', actor=Actor.command('bench'))
")
}

SERVER_PID=""
stop_server() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true; }
trap stop_server EXIT

start_server() {
  (cd "$REPO" && exec "$PY" manage.py serve --no-scheduler --workers "${BENCH_WORKERS:-2}" \
     --port "$PORT" >/tmp/unleash-bench-server.log 2>&1) &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    curl -fs "$URL/health" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "server did not start; see /tmp/unleash-bench-server.log" >&2
  exit 1
}

check() {  # name, expected status, curl args...
  local name="$1" expected="$2"; shift 2
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' "$@")
  [ "$status" = "$expected" ] || { echo "$name: expected $expected, got $status" >&2; exit 1; }
}

if [ -z "${BENCH_URL:-}" ]; then
  prepare_database
  start_server
fi

ETAG=$(curl -s -D - -o /dev/null -H "Authorization: $TOKEN" -H "$SPEC" "$URL/api/client/features" \
  | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
BYTES=$(curl -s -H "Authorization: $TOKEN" -H "$SPEC" "$URL/api/client/features" | wc -c)
GZBYTES=$(curl -s -H "Authorization: $TOKEN" -H "$SPEC" -H "Accept-Encoding: gzip" \
  "$URL/api/client/features" | wc -c)
check features_200 200 -H "Authorization: $TOKEN" "$URL/api/client/features"
check features_304 304 -H "Authorization: $TOKEN" -H "$SPEC" -H "If-None-Match: $ETAG" \
  "$URL/api/client/features"

echo "server $URL; body $BYTES bytes ($GZBYTES gzip); etag $ETAG"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION; $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-16s %12s %10s %10s %8s\n' scenario requests/s p50_ms p99_ms errors
for name in "${SCENARIOS[@]}"; do
  mapfile -t args < <("scenario_$name")
  line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$HERE/report.lua" "${args[@]}" \
    | grep '^RESULT')
  rps=$(sed -n 's/.* rps=\([0-9]*\).*/\1/p' <<<"$line")
  p50=$(sed -n 's/.* p50_ms=\([0-9.]*\).*/\1/p' <<<"$line")
  p99=$(sed -n 's/.* p99_ms=\([0-9.]*\).*/\1/p' <<<"$line")
  errs=$(sed -n 's/.*socket_errors=\([0-9]*\) status_errors=\([0-9]*\).*/\1+\2/p' <<<"$line")
  printf '%-16s %12s %10s %10s %8s\n' "$name" "$rps" "$p50" "$p99" "$errs"
done
