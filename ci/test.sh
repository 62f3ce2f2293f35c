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
stage() {
  local name=$1; shift
  local t0=$SECONDS
  echo "== $name"
  if "$@"; then
    echo "== $name: ok ($((SECONDS - t0)) s)"
  else
    echo "== $name: FAILED ($((SECONDS - t0)) s)"
    status=1
  fi
}

stage "build and test (Maven reactor)" ./mvnw -B -ntp -fae install
for extra in charts nacos images; do
  if [ -f "ci/$extra.sh" ]; then
    stage "$extra" bash "ci/$extra.sh"
  fi
done

# One closing line over every Surefire report of the run (reactor modules, chart tests, …).
passed=0; failed=0; skipped=0
while IFS= read -r report; do
  read -r t f e s < <(sed -n 's/.*<testsuite[^>]* tests="\([0-9]*\)"[^>]* failures="\([0-9]*\)"[^>]* errors="\([0-9]*\)"[^>]* skipped="\([0-9]*\)".*/\1 \2 \3 \4/p;
                              s/.*<testsuite[^>]* tests="\([0-9]*\)"[^>]* errors="\([0-9]*\)"[^>]* skipped="\([0-9]*\)"[^>]* failures="\([0-9]*\)".*/\1 \4 \2 \3/p' "$report" | head -1)
  [ -n "${t:-}" ] || continue
  passed=$((passed + t - f - e - s)); failed=$((failed + f + e)); skipped=$((skipped + s))
done < <(find . -path '*/surefire-reports/TEST-*.xml' -newermt "@$started" 2>/dev/null)
echo "== finished in $(( $(date +%s) - started )) s"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
