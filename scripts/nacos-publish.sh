#!/usr/bin/env bash
# Publishes an environment's configuration from git (config/nacos/<env>/<service>-<env>.yaml) to Nacos.
# Every file is validated first (the same checks a service applies to a push); nothing is published if one is invalid.
# Usage: scripts/nacos-publish.sh <dev|test|prod> [--dry-run]
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 <dev|test|prod> [--dry-run]" >&2; exit 2; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
env_name=$1; shift
exec "$root/scripts/nacos-cli.sh" publish --env "$env_name" --dir "$root/config/nacos" "$@"
