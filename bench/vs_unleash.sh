#!/usr/bin/env bash
# Side by side with a live Unleash 8.2 on this machine: the same wrk scenarios against our
# server (`manage.py serve`, the production launch) and Unleash, alternating per scenario and
# round (ours, Unleash, ours, Unleash ...) so both see the same machine load; prints
# requests/s, p50, p99 per run and the median ratio per scenario.
#
#   bench/vs_unleash.sh
#
# Unleash is (re)started first with ../shared/unleash-ref/run_unleash.sh --restart and raised
# rate limits (UNLEASH_HIGH_RATE_LIMITS=1; its README: restart before a load run), its 100
# benchmark flags created by bench_setup.py; ours serves the same 100 flags
# (features-100.json, Unleash's own body for them). Metrics posts run last (Unleash slows for
# minutes after them). Rate limits are off on our side too (wrk sends from one IP).
#
# Environment (all optional): BENCH_SCENARIOS (default "features_200 features_304
# frontend_post metrics_post"), BENCH_ROUNDS (2), BENCH_DURATION (15s), BENCH_THREADS (2),
# BENCH_CONNECTIONS (50), BENCH_WORKERS (2), BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_PORT
# (8771), UNLEASH_REF (../shared/unleash-ref), BENCH_KEEP_UNLEASH=1 to skip its restart.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
PY="$REPO/.venv/bin/python"
REF="${UNLEASH_REF:-$REPO/../shared/unleash-ref}"
[ -d "$REF" ] || REF="$REPO/../../shared/unleash-ref"
FEATURES_JSON="$REF/../bench/features-100.json"
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
sdk_bench_environment
PORT="${BENCH_PORT:-8771}"
URL="http://127.0.0.1:$PORT"
ROUNDS="${BENCH_ROUNDS:-2}" DURATION="${BENCH_DURATION:-15s}"
THREADS="${BENCH_THREADS:-2}" CONNECTIONS="${BENCH_CONNECTIONS:-50}"
WORKERS="${BENCH_WORKERS:-2}"
SCENARIOS=(${BENCH_SCENARIOS:-features_200 features_304 frontend_post metrics_post})
SPEC="Unleash-Client-Spec: 6.1.0"

# Each side: base URL, backend token, frontend token.
declare -A BASE=([ours]="$URL" [unleash]="http://127.0.0.1:4242")
declare -A BACKEND=([ours]="*:development.bench0000000000000000000000000000000000000000000000000000"
  [unleash]="default:development.unleash-insecure-api-token")
declare -A FRONTEND=([ours]="*:development.benchfrontend000000000000000000000000000000000000000"
  [unleash]="default:development.unleash-insecure-frontend-api-token")

require_wrk_and_features
export_metrics_body
prepare_database backend bench-backend "${BACKEND[ours]}" frontend bench-frontend "${FRONTEND[ours]}"

if [ -z "${BENCH_KEEP_UNLEASH:-}" ]; then
  bash "$REF/run_unleash.sh" >/tmp/unleash-ref-start.log 2>&1
  UNLEASH_HIGH_RATE_LIMITS=1 bash "$REF/run_unleash.sh" --restart >>/tmp/unleash-ref-start.log 2>&1
fi
for _ in $(seq 1 150); do
  curl -fs "${BASE[unleash]}/health" >/dev/null 2>&1 && break
  sleep 0.2
done
python3 "$REF/bench_setup.py" >/dev/null

start_server_with /tmp/unleash-vs-ours.log "$PY" manage.py serve --no-scheduler \
  --host 127.0.0.1 --port "$PORT" --workers "$WORKERS"

etag() {  # side
  curl -s -D - -o /dev/null -H "Authorization: ${BACKEND[$1]}" -H "$SPEC" \
    "${BASE[$1]}/api/client/features" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p'
}
declare -A ETAG=([ours]="$(etag ours)" [unleash]="$(etag unleash)")

scenario_features_200() {  # side
  printf '%s\n' -H "Authorization: ${BACKEND[$1]}" -H "$SPEC" "${BASE[$1]}/api/client/features"
}
scenario_features_304() {
  printf '%s\n' -H "Authorization: ${BACKEND[$1]}" -H "$SPEC" -H "If-None-Match: ${ETAG[$1]}" \
    "${BASE[$1]}/api/client/features"
}
scenario_frontend_post() {
  printf '%s\n' -s "$HERE/frontend_post.lua" "${BASE[$1]}/api/frontend"
}
scenario_metrics_post() {
  printf '%s\n' -s "$HERE/metrics_post.lua" "${BASE[$1]}/api/client/metrics"
}

for side in ours unleash; do
  bytes=$(curl -s -H "Authorization: ${BACKEND[$side]}" -H "$SPEC" "${BASE[$side]}/api/client/features" | wc -c)
  echo "$side: ${BASE[$side]}, features body $bytes bytes, etag ${ETAG[$side]}"
done
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS rounds alternating; $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-14s %5s %-8s %11s %8s %8s %7s\n' scenario round side requests/s p50_ms p99_ms errors
declare -A RUNS
for name in "${SCENARIOS[@]}"; do
  for round in $(seq 1 "$ROUNDS"); do
    for side in ours unleash; do
      mapfile -t args < <("scenario_$name" "$side")
      line=$(BENCH_TOKEN="${BACKEND[$side]}" BENCH_FRONTEND_TOKEN="${FRONTEND[$side]}" \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$HERE/report.lua" "${args[@]}" \
        | grep '^RESULT')
      rps=$(sed -n 's/.* rps=\([0-9]*\).*/\1/p' <<<"$line")
      p50=$(sed -n 's/.* p50_ms=\([0-9.]*\).*/\1/p' <<<"$line")
      p99=$(sed -n 's/.* p99_ms=\([0-9.]*\).*/\1/p' <<<"$line")
      errs=$(sed -n 's/.*socket_errors=\([0-9]*\) status_errors=\([0-9]*\).*/\1+\2/p' <<<"$line")
      RUNS[$name$side]="${RUNS[$name$side]:-} $rps"
      printf '%-14s %5s %-8s %11s %8s %8s %7s\n' "$name" "$round" "$side" "$rps" "$p50" "$p99" "$errs"
    done
  done
done
echo "median requests/s over $ROUNDS rounds:"
for name in "${SCENARIOS[@]}"; do
  o=$(median <<<"${RUNS[${name}ours]}") u=$(median <<<"${RUNS[${name}unleash]}")
  printf '  %-14s ours %7s  unleash %7s  %s\n' "$name" "$o" "$u" \
    "$(awk -v a="$o" -v b="$u" 'BEGIN { printf "%.1fx", a / b }')"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
