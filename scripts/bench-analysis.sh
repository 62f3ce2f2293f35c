#!/usr/bin/env bash
# bi-analysis benchmark (not part of the test run): ingestion throughput through the service (gRPC Ingest) and
# through Kafka (a real KRaft broker started here), and p50/p95 of a 30-day x shop dashboard and a top-10 SKU query
# on the rollups next to the same question as a plain GROUP BY over the raw facts.
#   scripts/bench-analysis.sh [orders=1000000] [kafka-orders=100000]
# Needs the modules installed once (./mvnw -ntp install -DskipTests). Prints the numbers and writes
# modules/bi-pipeline-it/target/bench-results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=ci/lib.sh
source ci/lib.sh
JAVA_HOME=$(find_java_home)
export JAVA_HOME
ensure_postgres
BENCH_ORDERS="${1:-1000000}" BENCH_KAFKA_ORDERS="${2:-100000}" \
  ./mvnw -ntp -q -o -pl modules/bi-pipeline-it test -Dtest=AnalysisBenchmark -Dsurefire.failIfNoSpecifiedTests=false
cat modules/bi-pipeline-it/target/bench-results.txt
