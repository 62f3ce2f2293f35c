#!/usr/bin/env bash
# Writes modules/<service>/Dockerfile from ci/images/service.Dockerfile.in (the one place the image recipe lives).
#   ci/images/new-service.sh bi-sys           ports from the catalog below
#   ci/images/new-service.sh bi-foo 8011 9011 a new service: give its HTTP and gRPC ports (and add it here)
#   ci/images/new-service.sh --stdout bi-cron print instead of writing (run-to-completion: no ports)
#   ci/images/new-service.sh --check          every modules/bi-*/Dockerfile still matches the template (CI)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

# The service catalog (docs/DESIGN): HTTP and gRPC port per service; bi-cron has none.
declare -A CATALOG=(
  [bi-server]="8000 9000" [bi-sys]="8001 9001" [bi-tenant]="8002 9002" [bi-basic]="8003 9003"
  [bi-api-jushuitan]="8004 9004" [bi-api-leke]="8005 9005" [bi-analysis]="8006 9006"
  [bi-plan-taoxi]="8007 9007" [bi-template]="8008 9008" [bi-notify]="8009 9009" [bi-chat]="8010 9010"
  [bi-cron]=""
)

render() {
  local service=$1 ports=$2 expose=""
  [ -n "$ports" ] && expose="EXPOSE $ports"
  awk -v svc="$service" -v expose="$expose" '
    /^@EXPOSE@$/ { if (expose != "") print expose; next }
    { gsub(/@SERVICE@/, svc); print }' "$here/service.Dockerfile.in"
}

ports_of() {
  local service=$1
  if [ -v "CATALOG[$service]" ]; then echo "${CATALOG[$service]}"; return 0; fi
  echo "new-service.sh: $service is not in the catalog; pass its HTTP and gRPC ports" >&2
  return 1
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

stdout=false
if [ "${1:-}" = "--stdout" ]; then stdout=true; shift; fi
service=${1:?usage: new-service.sh [--stdout] <bi-name> [http-port grpc-port] | --check}
if [ $# -ge 3 ]; then ports="$2 $3"; else ports=$(ports_of "$service"); fi
if $stdout; then render "$service" "$ports"; exit 0; fi
[ -d "$root/modules/$service" ] || { echo "new-service.sh: no module modules/$service" >&2; exit 1; }
render "$service" "$ports" > "$root/modules/$service/Dockerfile"
echo "wrote modules/$service/Dockerfile"
