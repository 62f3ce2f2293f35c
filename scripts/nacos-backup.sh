#!/usr/bin/env bash
# Backs up every config of the namespace (NACOS_NAMESPACE) to a timestamped archive:
# <dir>/nacos-backup-<namespace>-<UTC yyyyMMdd-HHmmss>.zip (default dir: target/nacos-backups).
# Usage: scripts/nacos-backup.sh [dir]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
exec "$root/scripts/nacos-cli.sh" backup --out "${1:-$root/target/nacos-backups}"
