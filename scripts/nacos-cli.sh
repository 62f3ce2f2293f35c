#!/usr/bin/env bash
# Runs the Nacos ops CLI (modules/bi-nacos-cli), building it first when its jar is missing.
# Connection: NACOS_SERVER_ADDR, NACOS_NAMESPACE, NACOS_GROUP, NACOS_USERNAME, NACOS_PASSWORD.
# Usage: scripts/nacos-cli.sh <publish|backup|restore|drift> [options]   (see --help)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source-path=SCRIPTDIR/.. source=ci/lib.sh
source "$root/ci/lib.sh"
JAVA_HOME=$(find_java_home)
export JAVA_HOME
jar="$root/modules/bi-nacos-cli/target/bi-nacos-cli.jar"
if [ ! -f "$jar" ] || [ ! -d "$root/modules/bi-nacos-cli/target/libs" ]; then
  echo "building the Nacos CLI (modules/bi-nacos-cli)..." >&2
  (cd "$root" && ./mvnw -q -ntp -pl modules/bi-nacos-cli -am package -DskipTests >&2)
fi
exec "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -jar "$jar" "$@"
