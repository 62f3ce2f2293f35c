#!/usr/bin/env bash
# Starts a real Nacos server (2.3.2, jars from Maven Central, checksums pinned) for local use, in the foreground.
# Data stays in target/nacos-home. Then: NACOS_SERVER_ADDR=127.0.0.1:<port> NACOS_USERNAME=nacos NACOS_PASSWORD=<password>.
# Usage: scripts/nacos-server.sh [port (8848)] [password (nacos)]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source-path=SCRIPTDIR/.. source=ci/lib.sh
source "$root/ci/lib.sh"
JAVA_HOME=$(find_java_home)
export JAVA_HOME
jar="$root/modules/bi-nacos-server/target/bi-nacos-server.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && ./mvnw -q -ntp -pl modules/bi-nacos-server package -DskipTests >&2)
fi
exec "$JAVA_HOME/bin/java" -cp "$jar" com.bi.nacos.server.NacosServer \
  --port "${1:-8848}" --home "$root/target/nacos-home" --password "${2:-nacos}"
