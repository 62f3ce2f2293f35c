#!/usr/bin/env bash
# Ops tooling CI stage (issue 15): shellcheck of scripts/bi-ops and its library, the bats tests of the bash
# (scripts/test/*.bats), then the Java tests of modules/bi-ops against the real tools and servers: Prometheus
# (canary analysis), PostgreSQL (restore drill, db rotation, smoke against the real services), helm with the
# vendored charts, a registry (Debian's docker-registry) with skopeo (image cleanup), Nacos (backup/restore).
# ci/test.sh sets BI_OPS_SKIP_JAVA=1: its Maven reactor already ran them.
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
apt_install bats shellcheck prometheus gettext-base docker-registry skopeo >/dev/null
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
  ./mvnw -q -o -ntp -pl modules/bi-ops -am package -DskipTests
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

if [ -z "${BI_OPS_SKIP_JAVA:-}" ]; then
  step "modules/bi-ops (JUnit, real servers)"
  ensure_helm
  ensure_postgres
  started=$(date +%s)
  set +e
  ./mvnw -B -q -o -ntp -pl modules/bi-ops -am install -DskipTests && ./mvnw -B -o -ntp -pl modules/bi-ops test
  java_status=$?
  set -e
  read -r jp jf _ < <(surefire_summary "$started" "$java_status" modules/bi-ops | tr -dc '0-9 \n')
  echo "bi-ops JUnit: $jp passed, $jf failed"
  passed=$((passed + jp))
  failed=$((failed + jf))
fi

step "summary"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
