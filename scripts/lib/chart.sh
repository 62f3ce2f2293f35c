#!/usr/bin/env bash
# Source it: ops_offline_chart <dir> builds a renderable copy of the umbrella chart at <dir>/bi-platform without
# reaching a chart repository — the local subcharts packaged from the working tree, the upstream charts taken
# from the vendored archives (BI_OPS_VENDOR_CHARTS, default ../shared/vendor/charts) after checking their
# SHA-256. On a machine that reaches the repositories, `helm dependency build charts/bi-platform` does the same.
# Needs helm on PATH (or BI_OPS_HELM).

ops_offline_chart() {
  local out=$1 src helm vendor
  src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/charts
  helm=${BI_OPS_HELM:-helm}
  vendor=${BI_OPS_VENDOR_CHARTS:-$(cd "$src/../.." && pwd)/shared/vendor/charts}
  [[ -f "$vendor/SHA256SUMS" ]] || { echo "no vendored charts in $vendor (set BI_OPS_VENDOR_CHARTS)" >&2; return 1; }
  (cd "$vendor" && sha256sum --quiet -c SHA256SUMS) || { echo "vendored chart archives in $vendor do not match SHA256SUMS" >&2; return 1; }
  rm -rf "$out/src" "$out/bi-platform"
  mkdir -p "$out/src"
  cp -r "$src/bi-lib" "$src/bi-service" "$src/bi-cron" "$src/bi-platform" "$out/src/"
  rm -rf "$out/src/"*/charts "$out/src/"*/Chart.lock "$out/src/"*/*.tgz
  local chart
  for chart in bi-service bi-cron; do
    "$helm" dependency build "$out/src/$chart" >/dev/null || return 1
  done
  mkdir -p "$out/src/bi-platform/charts"
  for chart in bi-lib bi-service bi-cron; do
    "$helm" package "$out/src/$chart" --destination "$out/src/bi-platform/charts" >/dev/null || return 1
  done
  cp "$vendor"/*.tgz "$out/src/bi-platform/charts/"
  mv "$out/src/bi-platform" "$out/bi-platform"
  rm -rf "$out/src"
}
