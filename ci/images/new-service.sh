#!/usr/bin/env bash
# Writes modules/<service>/Dockerfile from ci/images/service.Dockerfile.in (the one place the image recipe lives),
# with the ports of the service catalog (modules/bi-common/src/main/resources/catalog/services.catalog).
#   ci/images/new-service.sh bi-sys           ports from the catalog
#   ci/images/new-service.sh --stdout bi-cron print instead of writing (run-to-completion: no ports)
#   ci/images/new-service.sh --check          every modules/bi-*/Dockerfile still matches the template (CI)
#   ci/images/new-service.sh --listed bi-foo  exit 0 when the catalog lists the service
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
catalog="$root/modules/bi-common/src/main/resources/catalog/services.catalog"

# "<http> <grpc>" of a service ("" for a job such as bi-cron); fails for a name the catalog does not list
ports_of() {
  local service=$1 ports
  ports=$(awk -v svc="$service" '!/^#/ && $1 == svc { found = 1; if ($2 != "-") print $2 " " $3 } END { exit !found }' "$catalog") || {
    echo "new-service.sh: $service is not in the catalog ($catalog); scripts/new-service adds it" >&2
    return 1
  }
  echo "$ports"
}

render() {
  local service=$1 ports=$2 expose=""
  [ -n "$ports" ] && expose="EXPOSE $ports"
  awk -v svc="$service" -v expose="$expose" '
    /^@EXPOSE@$/ { if (expose != "") print expose; next }
    { gsub(/@SERVICE@/, svc); print }' "$here/service.Dockerfile.in"
}

if [ "${1:-}" = "--check" ]; then
  rc=0
  for dockerfile in "$root"/modules/bi-*/Dockerfile; do
    [ -e "$dockerfile" ] || continue
    service=$(basename "$(dirname "$dockerfile")")
    ports=$(ports_of "$service") || { rc=1; continue; }
    if ! diff -u <(render "$service" "$ports") "$dockerfile" >&2; then
      echo "new-service.sh: modules/$service/Dockerfile differs from the template (run ci/images/new-service.sh $service)" >&2
      rc=1
    fi
  done
  exit "$rc"
fi

if [ "${1:-}" = "--listed" ]; then ports_of "${2:?usage: new-service.sh --listed <bi-name>}" >/dev/null 2>&1; exit; fi

stdout=false
if [ "${1:-}" = "--stdout" ]; then stdout=true; shift; fi
service=${1:?usage: new-service.sh [--stdout] <bi-name> | --check | --listed <bi-name>}
ports=$(ports_of "$service")
if $stdout; then render "$service" "$ports"; exit 0; fi
[ -d "$root/modules/$service" ] || { echo "new-service.sh: no module modules/$service" >&2; exit 1; }
render "$service" "$ports" > "$root/modules/$service/Dockerfile"
echo "wrote modules/$service/Dockerfile"
