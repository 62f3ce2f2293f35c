#!/usr/bin/env bash
# Shared bash of scripts/bi-ops: source it, do not run it. Plumbing only — every plan and decision is in the
# Java module modules/bi-ops, every cluster call in its Cluster class.

# Prints a reason on stderr and exits with the given code (default 1).
ops_die() {
  local code=1
  if [[ $# -gt 1 ]]; then code=$1; shift; fi
  printf 'bi-ops: %s\n' "$*" >&2
  exit "$code"
}

# The repository root (the folder holding charts/ and modules/), from this file's location.
ops_root() {
  (cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
}

# A JDK 21+ for the CLI: JAVA_HOME when it is one, else the one ci/lib.sh finds beside the default java.
ops_java() {
  local root=$1
  if [[ -n "${JAVA_HOME:-}" ]] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then
    printf '%s\n' "$JAVA_HOME/bin/java"; return 0
  fi
  # shellcheck source=ci/lib.sh
  source "$root/ci/lib.sh"
  local home
  home=$(find_java_home) || return 1
  printf '%s\n' "$home/bin/java"
}

# The CLI jar, built (offline, tests skipped) when it is missing or older than its sources.
ops_jar() {
  local root=$1 jar="$1/modules/bi-ops/target/bi-ops.jar"
  if [[ ! -f "$jar" || ! -d "$root/modules/bi-ops/target/libs" ]] \
     || [[ -n "$(find "$root/modules/bi-ops/src/main" "$root/modules/bi-ops/pom.xml" -newer "$jar" -print -quit)" ]]; then
    printf 'bi-ops: building modules/bi-ops...\n' >&2
    (cd "$root" && JAVA_HOME="$(dirname "$(dirname "$(ops_java "$root")")")" \
      ./mvnw -q -o -ntp -pl modules/bi-ops -am package -DskipTests >&2) || return 1
  fi
  printf '%s\n' "$jar"
}
