# Shared by the bench scripts (sourced, not run): prerequisites, the bench database with its
# fixed tokens, and a background server that is stopped when the script exits.
#
# The sourcing script sets REPO, PY, FEATURES_JSON, DATABASE_URL and URL first.

# The environment of a production-profile bench server on the bench database: DEBUG off, and
# per-IP rate limits off because wrk sends everything from one IP.
sdk_bench_environment() {
  export DATABASE_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/unleash_bench}"
  export REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379/14}"
  export DEBUG=0 SECRET_KEY="${SECRET_KEY:-bench-secret-key-not-for-production}"
  export RATE_LIMIT_CLIENT_REGISTER_PER_MINUTE=0 RATE_LIMIT_CLIENT_METRICS_PER_MINUTE=0
  export RATE_LIMIT_FRONTEND_REGISTER_PER_MINUTE=0 RATE_LIMIT_FRONTEND_METRICS_PER_MINUTE=0
  export RATE_LIMIT_FRONTEND_PER_MINUTE=0
}

# The median of the numbers on stdin (separated by spaces or newlines).
median() {
  tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END {
    print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

require_wrk_and_features() {
  command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
  [ -f "$FEATURES_JSON" ] || { echo "no features file at $FEATURES_JSON" >&2; exit 2; }
}

# Create the database if missing, migrate, load FEATURES_JSON into development/default, and
# create each token not there yet. Arguments: type name secret, repeated per token.
prepare_database() {
  local db="${DATABASE_URL##*/}" tokens=""
  while [ "$#" -ge 3 ]; do
    tokens+="('$1', '$2', '$3'),"
    shift 3
  done
  psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" \
    | grep -q 1 || psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE \"$db\""
  (cd "$REPO" && "$PY" manage.py migrate -v0)
  (cd "$REPO" && "$PY" manage.py import_features "$FEATURES_JSON" \
     --environment development --project default --replace >/dev/null)
  (cd "$REPO" && "$PY" manage.py shell -c "
from core.actors import Actor
from flags.models import ApiToken
from flags.services import token_create
from flags.tokens import hash_secret
for kind, name, secret in ($tokens):
    if not ApiToken.objects.filter(secret_hash=hash_secret(secret)).exists():
        token_create(name=name, type=kind, environment='development',
                     projects=['*'], secret=secret, actor=Actor.command('bench'))
")
}

# BENCH_BODY, what metrics_post.lua posts: a typical SDK report of three flags, bench-001
# yes 3/no 1, bench-002 yes 0/no 4, bench-003 yes 2/no 2, in the current hour, from the appName
# given (default bench-client-api).
export_metrics_body() {  # [appName]
  local now toggles
  now="$(date -u +%Y-%m-%dT%H:%M:%S.000Z)"
  toggles='"bench-001":{"yes":3,"no":1,"variants":{}},"bench-002":{"yes":0,"no":4,"variants":{}},'
  toggles+='"bench-003":{"yes":2,"no":2,"variants":{"blue":2}}'
  export BENCH_BODY="{\"appName\":\"${1:-bench-client-api}\",\"instanceId\":\"wrk\",\"bucket\":{\"start\":\"$now\",\"stop\":\"$now\",\"toggles\":{$toggles}}}"
}

SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
}
trap stop_server EXIT

# Run the command (from REPO, output to LOG) in the background until exit; wait for /health.
start_server_with() {  # log, command...
  local log="$1"; shift
  (cd "$REPO" && exec "$@" >"$log" 2>&1) &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    curl -fs "$URL/health" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "server did not start; see $log" >&2
  exit 1
}
