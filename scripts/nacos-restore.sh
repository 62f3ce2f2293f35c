#!/usr/bin/env bash
# Restores a backup archive (scripts/nacos-backup.sh) into the namespace NACOS_NAMESPACE.
# Usage: scripts/nacos-restore.sh <archive.zip>
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 <archive.zip>" >&2; exit 2; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
exec "$root/scripts/nacos-cli.sh" restore --archive "$1"
