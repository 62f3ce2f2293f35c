#!/usr/bin/env bash
# A local demo of the order flow, nothing installed but the JDK: starts bi-analysis on its embedded PostgreSQL,
# loads generated orders (seasonality, 6.18 / 11.11 / 12.12 peaks, refunds, cancellations; deterministic by seed)
# through gRPC Ingest like a connector, then asks the metric engine a few dashboard questions.
#   scripts/demo-analysis.sh [orders=50000] [year=2025]
# Keeps bi-analysis running on 8006/9006 afterwards (its data in ~/.bi-platform/bi-analysis-demo); Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=ci/lib.sh
source ci/lib.sh
JAVA_HOME=$(find_java_home); export JAVA_HOME
java="$JAVA_HOME/bin/java"
orders=${1:-50000}
year=${2:-2025}
jar=modules/bi-analysis/target/bi-analysis.jar
[ -f "$jar" ] || ./mvnw -q -ntp -pl modules/bi-analysis -am install -DskipTests
classpath="$jar:modules/bi-analysis/target/libs/*"

export BI_DB_EMBEDDED_DIR="${BI_DB_EMBEDDED_DIR:-$HOME/.bi-platform/bi-analysis-demo}" BI_LOG_LEVEL=WARN
"$java" -jar "$jar" >/tmp/bi-analysis-demo.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT INT TERM
echo "starting bi-analysis (log: /tmp/bi-analysis-demo.log) …"
until curl -fs -o /dev/null localhost:8006/observe/health/ready; do
  kill -0 $pid 2>/dev/null || { tail -20 /tmp/bi-analysis-demo.log; exit 1; }
  sleep 0.2
done

"$java" -cp "$classpath" com.bi.orders.demo.DemoLoad demo "$orders" "$year-01-01" "$year-12-31"
token=$("$java" -cp "$classpath" com.bi.common.security.DevToken demo analyst ANALYST)
ask() { # title json
  echo; echo "== $1"
  curl -fs -X POST localhost:8006/api/analysis/v1/query -H "Authorization: Bearer $token" \
       -H 'Content-Type: application/json' -d "$2"
  echo
}
ask "GMV, orders and AOV by month, $year" \
  "{\"metrics\":[\"gmv\",\"orders\",\"aov\"],\"dimensions\":[\"month\"],\"from\":\"$year-01-01\",\"to\":\"$year-12-31\",\"totals\":true}"
ask "11.11 week by platform, against the week before" \
  "{\"metrics\":[\"gmv\",\"orders\",\"refund_rate\"],\"dimensions\":[\"platform\"],\"from\":\"$year-11-08\",\"to\":\"$year-11-14\",\"compare\":\"previous_period\"}"
ask "top 5 SKUs of June by GMV" \
  "{\"metrics\":[\"gmv\",\"units\"],\"dimensions\":[\"sku\"],\"from\":\"$year-06-01\",\"to\":\"$year-06-30\",\"order_by\":[{\"field\":\"gmv\",\"direction\":\"desc\"}],\"limit\":5}"
echo
echo "bi-analysis keeps running on :8006; a token for tenant demo: TOKEN=$token (Ctrl-C stops it)"
wait $pid
