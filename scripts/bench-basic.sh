#!/usr/bin/env bash
# Benchmark bi-basic on this machine and print the numbers (README "Benchmarks"):
#   start-to-ready time and RSS; req/s and latency p50/p99 under wrk for an authenticated
#   GET /api/basic/v1/shops/{id}; the same through the kit's edge without the database (JWT checked, the id refused)
#   and for a bare Helidon endpoint with no kit at all. The ratios show what the kit (and the database) cost.
# Usage: scripts/bench-basic.sh [seconds per run, default 15] [connections, default 64]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=ci/lib.sh
source ci/lib.sh
JAVA_HOME=$(find_java_home); export JAVA_HOME
java="$JAVA_HOME/bin/java"
duration=${1:-15}
connections=${2:-64}
apt_install wrk procps >/dev/null

jar=modules/bi-basic/target/bi-basic.jar
[ -f "$jar" ] || ./mvnw -q -ntp -pl modules/bi-basic -am install -DskipTests

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

export BI_JWT_SECRET="bench-secret-0123456789abcdefghijklmnop"
export BI_DB_EMBEDDED_DIR="$work/pgdata" BI_LOG_LEVEL=WARN SERVER_PORT=18003 BI_GRPC_PORT=19003
t0=$(date +%s%N)
"$java" -jar "$jar" >"$work/basic.log" 2>&1 &
pids+=($!)
until curl -fs -o /dev/null localhost:18003/observe/health/ready; do
  sleep 0.05
  kill -0 "${pids[0]}" 2>/dev/null || { cat "$work/basic.log"; exit 1; }
done
ready_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
rss_idle=$(ps -o rss= -p "${pids[0]}" | tr -d ' ')

token=$("$java" -cp "$jar" com.bi.common.security.DevToken bench-tenant bench-user ADMIN)
id=$(curl -fs -X POST localhost:18003/api/basic/v1/shops -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"name":"Flagship","platform":"TMALL","source":"JUSHUITAN","external_id":"10001"}' | sed 's/.*"id":\([0-9]*\).*/\1/')

"$java" -cp "modules/bi-basic/target/libs/*" scripts/bench/BareServer.java 18093 >"$work/bare.log" 2>&1 &
pids+=($!)
until curl -fs -o /dev/null localhost:18093/bare/shops/1; do sleep 0.1; done

run() { # name url [header]
  local name=$1 url=$2 out
  wrk -t2 -c"$connections" -d3s ${3:+-H "$3"} "$url" >/dev/null            # warm-up
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency ${3:+-H "$3"} "$url")
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out"); errors=${errors:-0}
  printf '%-28s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$name" "$rps" "$p50" "$p99" "$errors"
  echo "$rps" >"$work/${name%% *}.rps"
}

echo "bi-basic benchmark: $(nproc) cores, wrk 2 threads / $connections connections / ${duration}s per run"
echo "start to ready: ${ready_ms} ms (embedded PostgreSQL, fresh data dir); RSS idle: $((rss_idle / 1024)) MB"
run "api-shop-by-id" "http://127.0.0.1:18003/api/basic/v1/shops/$id" "Authorization: Bearer $token"
# JWT verified, metrics, tracing, access log, problem+json — but no database (the id is refused before any query)
run "kit-edge-jwt-no-db (400)" "http://127.0.0.1:18003/api/basic/v1/shops/0" "Authorization: Bearer $token"
run "bare-helidon" "http://127.0.0.1:18093/bare/shops/1"
rss_load=$(ps -o rss= -p "${pids[0]}" | tr -d ' ')
echo "RSS after load: $((rss_load / 1024)) MB"
api=$(cat "$work/api-shop-by-id.rps"); bare=$(cat "$work/bare-helidon.rps")
edge=$(cat "$work/kit-edge-jwt-no-db.rps")
awk -v a="$api" -v e="$edge" -v b="$bare" 'BEGIN {
  printf "throughput ratios: bare/kit-edge %.1fx (the kit: JWT, tracing, metrics, logs), bare/api %.1fx (plus the database)\n", b / e, b / a }'
