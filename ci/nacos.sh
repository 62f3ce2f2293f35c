#!/usr/bin/env bash
# CI for the Nacos integration (issue 4), runnable alone on a fresh Debian with a JDK and Maven:
# Lints the ops scripts (shellcheck), then bi-nacos / bi-nacos-cli unit tests and the bi-nacos-it integration tests,
# which start ONE real Nacos server (2.3.2 jars from Maven Central, SHA-256 pinned) in its own JVM and run the
# real bi-basic service against it (PostgreSQL from ci/lib.sh). Ends with a Surefire summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=ci/lib.sh
source ci/lib.sh

started=$(date +%s)
JAVA_HOME=$(find_java_home)
export JAVA_HOME
echo "== nacos: JDK $JAVA_HOME"

echo "== nacos: tools (shellcheck, PostgreSQL)"
apt_install shellcheck >/dev/null
ensure_postgres
echo "   $BI_TEST_DB_URL"

status=0
echo "== nacos: shellcheck"
if shellcheck -x scripts/nacos-*.sh ci/nacos.sh; then
  echo "   shellcheck: $(find scripts -name 'nacos-*.sh' | wc -l) scripts + ci/nacos.sh clean"
else
  status=1
fi

modules=modules/bi-nacos,modules/bi-nacos-cli,modules/bi-nacos-server,modules/bi-nacos-it
echo "== nacos: build (strict checksums) — the CLI jar is packaged for the script tests"
./mvnw -B -ntp -C -q -pl "$modules" -am install -DskipTests || status=1

echo "== nacos: unit + integration tests against a real Nacos server"
./mvnw -B -ntp -pl "$modules" test || status=1

# the numbers the integration tests measured (server start, propagation latency, deregistration, restart)
grep -ho '^\[nacos\] .*' modules/bi-nacos-it/target/surefire-reports/*-output.txt 2>/dev/null | sed 's/^/   /' || true

echo "== nacos: finished in $(( $(date +%s) - started )) s"
echo "nacos: $(surefire_summary "$started" "$status" modules/bi-nacos modules/bi-nacos-cli modules/bi-nacos-server modules/bi-nacos-it)"
exit "$status"
