#!/usr/bin/env bash
# Launcher smoke test (issue 14 #4): starts the built bi-launcher jar on a throwaway data directory, waits until it is
# ready, logs in through the edge as the demo admin, asks bi-analysis one dashboard question (GMV of the last year must
# be above zero), stops it with SIGINT (exit code 0 expected), then starts it again on the same data: no new demo,
# login still works, the same GMV. Prints start-to-ready and resident memory of both starts: numbers, not assertions
# (on a busy machine a warm start was seen as slow as the cold one, 49.8 s against 49.5 s).
# Needs: ./mvnw -q -DskipTests install (the jar and target/libs); the catalog's ports 8000-8010 and 9000-9010, or else
# the same ports moved by a --port-offset that frees them all.
set -euo pipefail
# job control: without it a script's background job ignores SIGINT, and the launcher would never see the Ctrl-C sent below
set -m
cd "$(dirname "$0")/.."
# shellcheck source=ci/lib.sh
source ci/lib.sh

JAVA_HOME=${JAVA_HOME:-$(find_java_home)}
jar=modules/bi-launcher/target/bi-launcher.jar
port=${LAUNCHER_SMOKE_PORT:-}
ready_timeout=${LAUNCHER_SMOKE_TIMEOUT:-600}
if [[ ! -f $jar ]]; then
  echo "launcher smoke: $jar is missing; build it first: ./mvnw -q -DskipTests install" >&2
  exit 1
fi
taken() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [[ -n $port ]]; then
  if taken "$port"; then
    echo "launcher smoke: the edge's port $port (LAUNCHER_SMOKE_PORT) is taken:" >&2
    ss -ltnp "sport = :$port" >&2 2>/dev/null || true
    exit 1
  fi
else
  for port in 18080 18180 18280 18380 18480 ""; do
    [[ -n $port ]] && ! taken "$port" && break
  done
  [[ -n $port ]] || { echo "launcher smoke: ports 18080, 18180 … 18480 are all taken; LAUNCHER_SMOKE_PORT chooses another" >&2; exit 1; }
fi
# the catalog's ports (8000-8010, 9000-9010) when they are free, else the first --port-offset that frees them all
offset=""
for candidate in 0 20000 30000 40000 50000; do
  free=1
  for p in {8000..8010} {9000..9010}; do
    if taken $((p + candidate)); then
      free=""
      ((candidate > 0)) || { echo "launcher smoke: catalog port $p is taken, so the services move by --port-offset:" >&2; ss -ltnp "sport = :$p" >&2 2>/dev/null || true; }
      break
    fi
  done
  if [[ -n $free ]]; then offset=$candidate; break; fi
done
[[ -n $offset ]] || { echo "launcher smoke: no --port-offset up to 50000 has all the catalog's ports free" >&2; exit 1; }

data=$(mktemp -d)
# the launcher's logs outlive the run (the data directory does not), and a failure repeats their last lines
logs=target/launcher-smoke
rm -rf "$logs" && mkdir -p "$logs"
pid=""
trap 'echo "launcher smoke: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cleanup() {
  local rc=$? log
  if ((rc != 0)); then
    for log in "$logs"/*.log; do
      [[ -f $log ]] || continue
      echo "launcher smoke: the last lines of $log:" >&2
      tail -n 30 "$log" | sed 's/^/    /' >&2
    done
  fi
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill -INT "$pid" 2>/dev/null || true
    sleep 10
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -rf "$data"
}
trap cleanup EXIT

# starts the launcher; sets pid, ready_seconds (wall clock from the start to the ready line) and rss_mib
start_launcher() {
  local log=$1
  local t0 now
  t0=$(date +%s%N)
  : >"$log"
  # SIGINT back to its default: a shell started in the background without job control hands its children SIGINT
  # ignored, and a JVM that starts with SIGINT ignored keeps ignoring it (Ctrl-C would never reach the launcher)
  env --default-signal=INT "$JAVA_HOME/bin/java" -jar "$jar" --data-dir "$data" --port "$port" --port-offset "$offset" \
    >"$log" 2>&1 &
  pid=$!
  while ! grep -q "platform ready in" "$log"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "launcher smoke: the launcher exited before it was ready" >&2
      exit 1
    fi
    now=$(date +%s%N)
    if (((now - t0) / 1000000000 > ready_timeout)); then
      echo "launcher smoke: not ready after $ready_timeout s" >&2
      exit 1
    fi
    sleep 0.2
  done
  now=$(date +%s%N)
  ready_seconds=$(awk -v ns="$((now - t0))" 'BEGIN { printf "%.1f", ns / 1e9 }')
  rss_mib=$(platform_rss_mib)
}

# memory of the platform in MiB: the launcher JVM's resident set plus PostgreSQL's proportional set (the postmaster
# named in postmaster.pid and its backends; proportional, so the shared buffers every backend maps count once)
platform_rss_mib() {
  local postmaster p kib
  postmaster=$(head -1 "$data/postgres/postmaster.pid")
  kib=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
  for p in "$postmaster" $(pgrep -P "$postmaster"); do
    kib=$((kib + $(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
  done
  echo $((kib / 1024))
}

# POSTs JSON through the edge and prints the answer's body; any answer but 2xx fails the smoke, showing the answer
post() {
  local path=$1 body=$2 answer code
  shift 2
  answer=$(curl -sS --max-time 120 -w '\n%{http_code}' -X POST "http://127.0.0.1:$port$path" \
    -H 'Content-Type: application/json' "$@" -d "$body") || { echo "launcher smoke: POST $path: no answer" >&2; return 1; }
  code=${answer##*$'\n'}
  answer=${answer%$'\n'*}
  if [[ $code != 2?? ]]; then
    echo "launcher smoke: POST $path answered $code: ${answer:0:600}" >&2
    return 1
  fi
  printf '%s' "$answer"
}

# the demo admin's access token
login() {
  local answer
  answer=$(post /api/sys/v1/auth/login '{"tenant":"demo","username":"admin","password":"Demo-Console-2026"}')
  sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' <<<"$answer"
}

# GMV of the last 365 days from bi-analysis (one window for the whole run: midnight may pass between the two starts)
from=$(date -u -d '366 days ago' +%F)
to=$(date -u +%F)
dashboard_gmv() {
  local answer
  answer=$(post /api/analysis/v1/query "{\"metrics\":[\"gmv\",\"orders\"],\"from\":\"$from\",\"to\":\"$to\"}" \
    -H "Authorization: Bearer $1")
  sed -n 's/.*"totals":{[^}]*"gmv":\([0-9.eE+-]*\).*/\1/p' <<<"$answer"
}

stop_launcher() {
  local rc=0 waited=0
  kill -INT "$pid"
  while kill -0 "$pid" 2>/dev/null && ((waited < 120)); do
    sleep 1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "launcher smoke: still running 120 s after SIGINT" >&2
    kill -KILL "$pid" 2>/dev/null || true
    exit 1
  fi
  wait "$pid" || rc=$?
  pid=""
  if ((rc != 0)); then
    echo "launcher smoke: exit code $rc after SIGINT (0 expected)" >&2
    exit 1
  fi
}

start_launcher "$logs/first.log"
cold_seconds=$ready_seconds
cold_rss=$rss_mib
token=$(login)
[[ -n $token ]] || { echo "launcher smoke: no access token from the demo login" >&2; exit 1; }
gmv=$(dashboard_gmv "$token")
if ! awk -v g="${gmv:-0}" 'BEGIN { exit !(g > 0) }'; then
  echo "launcher smoke: the dashboard answered no GMV (got '${gmv}')" >&2
  exit 1
fi
stop_launcher "$logs/first.log"
grep -q "demo made in" "$logs/first.log" || { echo "launcher smoke: the first start made no demo" >&2; exit 1; }

start_launcher "$logs/second.log"
warm_seconds=$ready_seconds
warm_rss=$rss_mib
if grep -q "demo made in" "$logs/second.log"; then
  echo "launcher smoke: the second start made the demo again" >&2
  exit 1
fi
grep -q "reused data in" "$logs/second.log" || { echo "launcher smoke: the second start did not reuse the data" >&2; exit 1; }
token=$(login)
gmv_again=$(dashboard_gmv "$token")
[[ $gmv_again == "$gmv" ]] || { echo "launcher smoke: GMV changed across restarts ($gmv -> $gmv_again)" >&2; exit 1; }
stop_launcher "$logs/second.log"
((offset == 0)) || echo "launcher smoke: the services ran on the catalog's ports + $offset (--port-offset $offset)"
echo "launcher smoke: ok (edge on port $port) — start-to-ready cold ${cold_seconds} s (demo made), warm ${warm_seconds} s;" \
  "memory (JVM RSS + PostgreSQL PSS) cold ${cold_rss} MiB, warm ${warm_rss} MiB; demo GMV ${gmv}"
