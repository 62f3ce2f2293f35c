#!/usr/bin/env bash
# Ops tooling CI stage (issue 15): shellcheck of scripts/bi-ops and its library, then the bats tests of the
# bash (scripts/test/*.bats). The Java side (modules/bi-ops, with the real Prometheus, PostgreSQL and helm
# tests) runs in the Maven reactor; this stage builds its jar offline only when it is missing.
#
#   bash ci/ops.sh
#
# Ends with an "N passed, N failed" line; exits non-zero when anything failed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=ci/lib.sh
source "$ROOT/ci/lib.sh"

step() { printf '\n==> %s\n' "$*"; }

step "tools"
apt_install bats shellcheck >/dev/null
JAVA_HOME=$(find_java_home)
export JAVA_HOME
bats --version
shellcheck --version | sed -n 2p

failed=0
passed=0

step "shellcheck"
if shellcheck -x scripts/bi-ops scripts/lib/*.sh ci/ops.sh; then
  passed=$((passed + 1)); echo "shellcheck: clean"
else
  failed=$((failed + 1))
fi

step "bi-ops jar"
if [ ! -f modules/bi-ops/target/bi-ops.jar ]; then
  ./mvnw -q -o -ntp -pl modules/bi-ops package -DskipTests
fi

step "bats scripts/test"
tap="$ROOT/target/ops-bats.tap"
mkdir -p "$(dirname "$tap")"
set +e
bats --tap scripts/test | tee "$tap"
set -e
ok=$(grep -c '^ok ' "$tap" || true)
not_ok=$(grep -c '^not ok ' "$tap" || true)
planned=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$tap" | head -1)
# a test file that dies before its plan is printed runs nothing: count the missing ones as failed
if [ -z "$planned" ] || [ $((ok + not_ok)) -ne "$planned" ]; then
  not_ok=$((not_ok + 1))
fi
passed=$((passed + ok))
failed=$((failed + not_ok))

step "summary"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
