#!/usr/bin/env bash
# The whole test run, as README's "Test" section says: installs what the tests need on a fresh Debian machine
# (PostgreSQL, helm, promtool, podman … each stage installs its own), builds, runs unit and integration tests
# against real servers, the chart tests and the image tests, then prints one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=ci/lib.sh
source ci/lib.sh

started=$(date +%s)
JAVA_HOME=$(find_java_home)
export JAVA_HOME
echo "== JDK: $JAVA_HOME"

echo "== PostgreSQL for the integration tests"
ensure_postgres
echo "   $BI_TEST_DB_URL"

status=0
failed_stages=()
failed_logs=()
stage_count=0
# each stage's output is also kept in target/ci-stages/, so a failed stage's last lines can be repeated at the end
stage_logs=target/ci-stages
rm -rf "$stage_logs" && mkdir -p "$stage_logs"
stage() {
  local name=$1; shift
  local t0=$SECONDS log rc=0 out tee_pid _
  stage_count=$((stage_count + 1))
  log="$stage_logs/$stage_count.log"
  echo "== $name"
  # tee in a process substitution, not a pipe: a server the stage leaves running with its stdout cannot hold us up
  exec {out}> >(tee "$log")
  tee_pid=$!
  "$@" >&"$out" 2>&1 || rc=$?
  exec {out}>&-
  for _ in {1..50}; do kill -0 "$tee_pid" 2>/dev/null || break; sleep 0.1; done
  if ((rc == 0)); then
    echo "== $name: ok ($((SECONDS - t0)) s)"
  else
    echo "== $name: FAILED ($((SECONDS - t0)) s)"
    failed_stages+=("$name")
    failed_logs+=("$log")
    status=1
  fi
}

apt_install shellcheck redis-server prometheus gettext-base docker-registry skopeo fonts-wqy-microhei >/dev/null
# helm on PATH for the reactor's gateway contract test (bi-gateway-it renders the chart with the real CLI)
ensure_helm
# Chromium + chromedriver for the console's browser tests (bi-console-it)
ensure_chromium
stage "shellcheck (ci/, scripts/)" shellcheck -x ci/*.sh ci/images/*.sh scripts/*.sh scripts/new-service scripts/new-service.d/*.sh
# every module's unit and integration tests (real PostgreSQL, Kafka, Nacos, Zipkin servers started by the tests)
stage "build and test (Maven reactor)" ./mvnw -B -ntp -fae install
grep -ho '^\[nacos\] .*' modules/bi-nacos-it/target/surefire-reports/*-output.txt 2>/dev/null | sed 's/^/   /' || true
# the README's "Run" command: the whole platform from the launcher jar, a login and a dashboard answer, Ctrl-C, a warm restart
stage "launcher smoke (ci/launcher-smoke.sh)" bash ci/launcher-smoke.sh
# scripts/new-service into a copy of the tree: the generated modules build and pass their smoke tests
stage "new service (scripts/new-service.d/check.sh)" bash scripts/new-service.d/check.sh
for extra in charts ops images; do
  # the reactor above already ran modules/bi-ops's Java tests
  BI_OPS_SKIP_JAVA=1 stage "$extra" bash "ci/$extra.sh"
done
# the ops stage's bats results (TAP) join the summary below as one more report
if [ -f target/ops-bats.tap ]; then
  ok=$(grep -c '^ok ' target/ops-bats.tap || true); not_ok=$(grep -c '^not ok ' target/ops-bats.tap || true)
  mkdir -p target/ops-bats/surefire-reports
  printf '<testsuite name="bats" tests="%d" failures="%d" errors="0" skipped="0"></testsuite>\n' \
    $((ok + not_ok)) "$not_ok" >target/ops-bats/surefire-reports/TEST-bats.xml
fi

echo "== finished in $(( $(date +%s) - started )) s"
# the culprits again at the very end, where a truncated log still shows them
for i in "${!failed_stages[@]}"; do
  echo "== FAILED stage: ${failed_stages[$i]}; its last lines (all of them: ${failed_logs[$i]}):"
  tail -n 40 "${failed_logs[$i]}" | sed 's/^/   | /'
done
for name in "${failed_stages[@]}"; do echo "== FAILED stage: $name"; done
failed_testcases "$started"
surefire_summary "$started" "$status"
exit "$status"
