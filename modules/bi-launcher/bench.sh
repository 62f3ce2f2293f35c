#!/usr/bin/env bash
# One JVM or one process per service? Measures both on this machine, warm (schemas already migrated), 3 runs each:
# start-to-ready (wall clock until every service answers ready) and resident memory of the service JVMs.
#   one JVM:      java -jar bi-launcher.jar --no-demo (embedded PostgreSQL, counted apart)
#   per service:  java -jar modules/<service>/target/<service>.jar for each registered service, on the PostgreSQL
#                 of BI_TEST_DB_URL (default: the CI server on 5433, database bi_test_launcher)
# Prints one line per run and the medians. Needs a built tree (./mvnw -q -DskipTests install) and the catalog's ports.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=ci/lib.sh
source ci/lib.sh
JAVA_HOME=${JAVA_HOME:-$(find_java_home)}
services=(bi-sys bi-tenant bi-basic bi-api-jushuitan bi-api-leke bi-analysis)
declare -A http=([bi-sys]=8001 [bi-tenant]=8002 [bi-basic]=8003 [bi-api-jushuitan]=8004 [bi-api-leke]=8005 [bi-analysis]=8006)
db_url=${BI_TEST_DB_URL:-jdbc:postgresql://127.0.0.1:5433/bi_test_launcher}
runs=${BENCH_RUNS:-3}
data=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  sleep 5
  rm -rf "$data"
}
trap cleanup EXIT

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
now_ns() { date +%s%N; }
seconds() { awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1e9 }'; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

one_jvm() {
  local t0 pid kib pg_kib postmaster p
  t0=$(now_ns)
  "$JAVA_HOME/bin/java" -jar modules/bi-launcher/target/bi-launcher.jar --data-dir "$data/one" --port 18081 --no-demo \
    >"$data/one.log" 2>&1 &
  pid=$!
  pids=("$pid")
  until grep -q "platform ready in" "$data/one.log"; do
    kill -0 "$pid" || { tail -30 "$data/one.log"; exit 1; }
    sleep 0.2
  done
  local elapsed=$(($(now_ns) - t0))
  kib=$(rss_kib "$pid")
  postmaster=$(head -1 "$data/one/postgres/postmaster.pid")
  pg_kib=0 # proportional set size: the shared buffers every backend maps count once
  for p in "$postmaster" $(pgrep -P "$postmaster"); do
    pg_kib=$((pg_kib + $(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
  done
  kill -TERM "$pid" # stops like Ctrl-C (a job of this process substitution ignores SIGINT)
  wait "$pid" || true
  pids=()
  echo "$(seconds "$elapsed") $((kib / 1024)) $((pg_kib / 1024))"
}

per_service() {
  local t0 s kib=0 p
  t0=$(now_ns)
  pids=()
  for s in "${services[@]}"; do
    BI_DB_URL=$db_url BI_DB_USER=${BI_TEST_DB_USER:-postgres} BI_DB_PASSWORD=${BI_TEST_DB_PASSWORD:-bi-test-password} \
      BI_JWT_SECRET=bench-secret-bench-secret-bench-secret-0123 SERVER_HOST=127.0.0.1 \
      "$JAVA_HOME/bin/java" -jar "modules/$s/target/$s.jar" >"$data/$s.log" 2>&1 &
    pids+=("$!")
  done
  for s in "${services[@]}"; do
    until curl -fs "http://127.0.0.1:${http[$s]}/observe/health/ready" >/dev/null; do
      for p in "${pids[@]}"; do kill -0 "$p" || { tail -30 "$data/$s.log"; exit 1; }; done
      sleep 0.2
    done
  done
  local elapsed=$(($(now_ns) - t0))
  for p in "${pids[@]}"; do kib=$((kib + $(rss_kib "$p"))); done
  for p in "${pids[@]}"; do kill -TERM "$p"; done
  for p in "${pids[@]}"; do wait "$p" || true; done
  pids=()
  echo "$(seconds "$elapsed") $((kib / 1024))"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
one_jvm >/dev/null     # creates the data directory and migrates: the runs below are warm
per_service >/dev/null # migrates the schemas of the external database
one_times=(); one_rss=(); one_pg=(); per_times=(); per_rss=()
for ((i = 1; i <= runs; i++)); do
  read -r t r g < <(one_jvm)
  echo "one JVM, run $i: ready in $t s, JVM RSS $r MiB (+ PostgreSQL PSS $g MiB)"
  one_times+=("$t"); one_rss+=("$r"); one_pg+=("$g")
  read -r t r < <(per_service)
  echo "process per service, run $i: ready in $t s, ${#services[@]} JVMs RSS $r MiB (PostgreSQL external)"
  per_times+=("$t"); per_rss+=("$r")
done
echo "median one JVM: ready $(median "${one_times[@]}") s, RSS $(median "${one_rss[@]}") MiB + PostgreSQL PSS $(median "${one_pg[@]}") MiB"
echo "median process per service: ready $(median "${per_times[@]}") s, RSS $(median "${per_rss[@]}") MiB"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
