#!/usr/bin/env bash
# Compares config/nacos/<env>/ in git with Nacos. Exit 0 in sync; 1 with a unified diff per difference
# (changed, missing in Nacos, or only in Nacos); 2 when Nacos cannot be asked.
# Usage: scripts/nacos-drift.sh <dev|test|prod>
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 <dev|test|prod>" >&2; exit 2; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
exec "$root/scripts/nacos-cli.sh" drift --env "$1" --dir "$root/config/nacos"
