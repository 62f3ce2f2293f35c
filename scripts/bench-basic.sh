#!/usr/bin/env bash
# Benchmark the edge of a bi-platform service on this machine and print the numbers (README "Benchmarks"). Four
# sides, measured the same way, one after the other, each alone on the machine:
#   bare     a bare Helidon SE endpoint, no kit (scripts/bench/BareServer.java)
#   edge     the same trivial endpoint behind the service kit's edge: JWT check, SERVER span, per-route metrics,
#            access log (scripts/bench/EdgeServer.java)
#   api      bi-basic's authenticated, database-backed GET /api/basic/v1/shops/{id}
#   pgbench  PostgreSQL's own single-row select rate on the same server: pgbench -S -c 10 (the ceiling of an
#            uncached DB read on this box)
# In each round every side starts fresh (start-to-ready and idle RSS are taken), then runs a first window that is
# discarded (JIT, pool warm-up), a warm-up and a measured window; the table gives the medians over the rounds, and
# the ratios are medians of each round's ratio. wrk 2 threads; the load average (uptime) is printed next to every
# measured window, because the machine is shared.
#
# Usage: scripts/bench-basic.sh [rounds, default 3] [connections, default 64]
# Environment:
#   BENCH_FIRST, BENCH_WARMUP, BENCH_MEASURE  seconds of the three windows (default 10, 30, 10)
#   BENCH_APP        a directory with bi-basic.jar and libs/ (default modules/bi-basic/target): compare two builds
#   BENCH_JAVA_OPTS  JVM flags for every Java server (default none, as the JVM chooses)
#   BENCH_JFR_DIR    record every Java server with JFR (profile settings) into this directory
#   BENCH_SIDES      the sides to run (default "bare edge api pgbench")
# PostgreSQL: a throwaway cluster from the machine's PostgreSQL binaries (apt package postgresql), trust auth on
# 127.0.0.1, shared by bi-basic and pgbench. bi-tenant does not run: the kit's tenant-status check is off
# (BI_TENANT_STATUS_CHECK=false) for the kit sides, and with it the per-tenant rate limit.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=ci/lib.sh
source ci/lib.sh
JAVA_HOME=$(find_java_home); export JAVA_HOME
java="$JAVA_HOME/bin/java"
rounds=${1:-3}
connections=${2:-64}
first=${BENCH_FIRST:-10}
warmup=${BENCH_WARMUP:-30}
measure=${BENCH_MEASURE:-10}
sides=${BENCH_SIDES:-bare edge api pgbench}
app=${BENCH_APP:-modules/bi-basic/target}
read -r -a java_opts <<<"${BENCH_JAVA_OPTS:-}"
apt_install wrk procps curl postgresql postgresql-contrib >/dev/null

if [ -z "${BENCH_APP:-}" ] && [ ! -f "$app/bi-basic.jar" ]; then
  ./mvnw -q -ntp -pl modules/bi-basic -am install -DskipTests
fi
[ -f "$app/bi-basic.jar" ] || { echo "no $app/bi-basic.jar" >&2; exit 1; }
app=$(cd "$app" && pwd)
classpath="$app/libs/*:$app/bi-basic.jar"

work=$(mktemp -d /tmp/bench-basic.XXXXXX)
chmod 755 "$work"
server_pid=""
pg_bin=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d | sort -V | tail -1)
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -f "$work/pg/data/postmaster.pid" ] && as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { # a port nothing listens on now
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    (: </dev/tcp/127.0.0.1/"$port") 2>/dev/null || { echo "$port"; return; }
  done
}
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# --- PostgreSQL ------------------------------------------------------------------------------------------------------
pg_port=$(free_port)
mkdir -p "$work/pg" && chown -R "$(id -u postgres 2>/dev/null || id -u)" "$work/pg"
as_postgres "$pg_bin/initdb" -D "$work/pg/data" --auth=trust -U postgres >/dev/null
as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w \
  -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1" start >/dev/null
psql_() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres "$@"; }
psql_ -c 'CREATE DATABASE pgbench' postgres
pgbench -i -s 1 -q -h 127.0.0.1 -p "$pg_port" -U postgres pgbench >/dev/null 2>&1

export BI_JWT_SECRET="bench-secret-0123456789abcdefghijklmnop"
export BI_TENANT_STATUS_CHECK=false BI_LOG_LEVEL=INFO
token=$(BI_JWT_SECRET=$BI_JWT_SECRET "$java" -cp "$classpath" com.bi.common.security.DevToken bench-tenant bench-user ADMIN 600)
auth="Authorization: Bearer $token"

# --- one server: start, wait for ready, note start-to-ready and RSS ----------------------------------------------------
start_server() { # side ready-url java-args...
  local side=$1 url=$2; shift 2
  local jfr=()
  [ -n "${BENCH_JFR_DIR:-}" ] && mkdir -p "$BENCH_JFR_DIR" \
    && jfr=("-XX:StartFlightRecording:filename=$BENCH_JFR_DIR/$side-$round.jfr,settings=profile,dumponexit=true")
  local t0; t0=$(date +%s%N)
  "$java" "${java_opts[@]}" "${jfr[@]}" "$@" >"$work/$side.log" 2>&1 &
  server_pid=$!
  until curl -fs -o /dev/null "$url"; do
    sleep 0.02
    kill -0 "$server_pid" 2>/dev/null || { tail -50 "$work/$side.log"; exit 1; }
  done
  echo $(( ($(date +%s%N) - t0) / 1000000 )) >>"$work/$side.ready_ms"
  echo $(( $(ps -o rss= -p "$server_pid") / 1024 )) >>"$work/$side.rss_idle_mb"
}

stop_server() { # side
  echo $(( $(ps -o rss= -p "$server_pid") / 1024 )) >>"$work/$1.rss_load_mb"
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
  rm -f "$work/$1.log" # the access log of a run is large
}

# wrk for $1 seconds; prints "req/s p50-ms p99-ms non-2xx socket-errors"
wrk_run() { # seconds url [header]
  local out
  out=$(wrk -t2 -c"$connections" -d"$1s" --latency ${3:+-H "$3"} "$2")
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; return v * 1000 }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx/ { non2xx = $5 }
    /Socket errors/ { gsub(",", ""); errors = $4 + $6 + $8 + $10 }
    END { printf "%.0f %.2f %.2f %d %d\n", rps, p50, p99, non2xx, errors }' <<<"$out"
}

bench_http() { # side url [header]
  local side=$1 url=$2 header=${3:-} cold rps p50 p99 non2xx errors load
  read -r cold _ <<<"$(wrk_run "$first" "$url" "$header")"
  wrk_run "$warmup" "$url" "$header" >/dev/null
  load=$(loadavg)
  read -r rps p50 p99 non2xx errors <<<"$(wrk_run "$measure" "$url" "$header")"
  echo "$rps" >>"$work/$side.rps"; echo "$p50" >>"$work/$side.p50"; echo "$p99" >>"$work/$side.p99"
  printf '  %-8s %8s req/s  p50 %7s ms  p99 %7s ms  non-2xx %s  socket errors %s  (first %ss: %s req/s)  load %s\n' \
    "$side" "$rps" "$p50" "$p99" "$non2xx" "$errors" "$first" "$cold" "$load"
}

side_pgbench() {
  local args=(-S -n -c 10 -j 2 -h 127.0.0.1 -p "$pg_port" -U postgres pgbench) cold tps lat load
  cold=$(pgbench "${args[@]}" -T "$first" 2>/dev/null | awk '/^tps/ {printf "%.0f", $3}')
  pgbench "${args[@]}" -T "$warmup" >/dev/null 2>&1
  load=$(loadavg)
  read -r tps lat <<<"$(pgbench "${args[@]}" -T "$measure" 2>/dev/null \
    | awk '/^latency average/ {lat = $4} /^tps/ {tps = $3} END {printf "%.0f %.2f\n", tps, lat}')"
  echo "$tps" >>"$work/pgbench.rps"
  printf '  %-8s %8s tps    latency avg %s ms (-S -c 10 -j 2)  (first %ss: %s tps)  load %s\n' \
    pgbench "$tps" "$lat" "$first" "$cold" "$load"
}

side_bare() {
  local port; port=$(free_port)
  start_server bare "http://127.0.0.1:$port/bare/shops/1" -cp "$classpath" scripts/bench/BareServer.java "$port"
  bench_http bare "http://127.0.0.1:$port/bare/shops/1"
  stop_server bare
}

side_edge() {
  local port; port=$(free_port)
  SERVER_PORT=$port BI_GRPC_PORT=$(free_port) \
    start_server edge "http://127.0.0.1:$port/observe/health/ready" -cp "$classpath" scripts/bench/EdgeServer.java
  bench_http edge "http://127.0.0.1:$port/api/bench/v1/shops/1" "$auth"
  stop_server edge
}

side_api() {
  local port id; port=$(free_port)
  psql_ -c 'DROP DATABASE IF EXISTS basic' -c 'CREATE DATABASE basic' postgres # every start migrates a new schema
  BI_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/basic" BI_DB_USER=postgres SERVER_PORT=$port BI_GRPC_PORT=$(free_port) \
    start_server api "http://127.0.0.1:$port/observe/health/ready" -jar "$app/bi-basic.jar"
  id=$(curl -fs -X POST "http://127.0.0.1:$port/api/basic/v1/shops" -H "$auth" -H 'Content-Type: application/json' \
    -d '{"name":"Flagship","platform":"TMALL","source":"JUSHUITAN","external_id":"10001"}' | sed 's/.*"id":\([0-9]*\).*/\1/')
  bench_http api "http://127.0.0.1:$port/api/basic/v1/shops/$id" "$auth"
  stop_server api
}

median() { # file with one number a line
  if [ ! -s "$1" ]; then echo "-"; return; fi
  sort -g "$1" | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

echo "bi-basic edge benchmark, $(date -u +%FT%TZ), $(nproc) cores, $("$java" -version 2>&1 | head -1)"
echo "wrk 2 threads / $connections connections; per side and round: fresh start, ${first}s discarded, ${warmup}s warm-up," \
  "${measure}s measured; $rounds rounds; JVM flags: ${BENCH_JAVA_OPTS:-(defaults)}; app: $app"
for round in $(seq 1 "$rounds"); do
  echo "round $round (load before: $(loadavg))"
  for side in $sides; do "side_$side"; done
done

echo
echo "medians of $rounds rounds (connections $connections):"
printf '  %-8s %10s %9s %9s %12s %12s %12s\n' side "req/s" "p50 ms" "p99 ms" "ready ms" "RSS idle MB" "RSS load MB"
for side in $sides; do
  printf '  %-8s %10s %9s %9s %12s %12s %12s\n' "$side" "$(median "$work/$side.rps")" "$(median "$work/$side.p50")" \
    "$(median "$work/$side.p99")" "$(median "$work/$side.ready_ms")" "$(median "$work/$side.rss_idle_mb")" \
    "$(median "$work/$side.rss_load_mb")"
done
ratio() { # file-a file-b -> the median of a[i]/b[i]
  if [ ! -s "$1" ] || [ ! -s "$2" ]; then echo "-"; return; fi
  paste "$1" "$2" | awk '{print $1 / $2}' >"$work/ratio" && median "$work/ratio"
}
awk -v r="$(ratio "$work/bare.rps" "$work/edge.rps")" 'BEGIN { if (r != "-") printf "  bare/edge req/s: %.2fx (target: at most 1.30x)\n", r }'
awk -v r="$(ratio "$work/api.rps" "$work/pgbench.rps")" 'BEGIN { if (r != "-") printf "  api/pgbench -S -c 10: %.0f%% (target: at least 55%%)\n", r * 100 }'
awk -v p="$(median "$work/api.p99")" -v c="$connections" 'BEGIN { if (p != "-") printf "  api p99 at %d connections: %s ms (target: under 40 ms)\n", c, p }'
