#!/usr/bin/env bash
# CI for scripts/new-service: runs it into a copy of this working tree (a new service, bi-probe, and a planned one the
# chart already deploys: bi-notify, turned back into a planned line without its module in the copy), then checks what it wrote and builds the result: the catalog still parses and
# matches the README and the Dockerfiles (CatalogTest), the Dockerfiles match the template, the chart got its
# blocks, and each generated module builds and passes its smoke test. The copy has its own Maven repository
# (falling back to yours), so its bi-common never reaches your builds.
#   bash scripts/new-service.d/check.sh            (MAVEN_REPO_TAIL: where dependencies come from; ~/.m2/repository)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "new-service check: $*" >&2; exit 1; }

(cd "$root" && git ls-files -co --exclude-standard -z | xargs -0 tar -cf - 2>/dev/null) | tar -xf - -C "$work/"
cd "$work"
[ -d .mvn ] || cp -r "$root/.mvn" .

# bi-notify as it was before its module existed: planned in the catalog, its chart blocks and reactor entry in place
rm -rf modules/bi-notify
sed -i '/^bi-notify /s/ built    / planned  /' modules/bi-common/src/main/resources/catalog/services.catalog
grep -q '^bi-notify .* planned ' modules/bi-common/src/main/resources/catalog/services.catalog || fail "could not plan bi-notify again"
scripts/new-service bi-probe 8091 9091 /api/probe/v1/ "a service made by the CI check"
scripts/new-service bi-notify 8009 9009 /api/notify/v1/
# refused: a taken port, a bad prefix, an existing module
if scripts/new-service bi-other 8091 9092 /api/other/v1/ "x" 2>/dev/null; then fail "a taken port was accepted"; fi
if scripts/new-service bi-other 8092 9092 /api/Other/ "x" 2>/dev/null; then fail "a bad prefix was accepted"; fi
if scripts/new-service bi-probe 8093 9093 /api/probe2/v1/ "x" 2>/dev/null; then fail "an existing module was overwritten"; fi

ci/images/new-service.sh --check || fail "a Dockerfile differs from the template"
grep -q '^bi-probe:' charts/bi-platform/values.yaml || fail "no values block for bi-probe"
grep -q 'uris: \["/api/probe/v1/\*"\]' charts/bi-platform/values.yaml || fail "no gateway route for bi-probe"
grep -q 'alias: bi-probe' charts/bi-platform/Chart.yaml || fail "no chart dependency for bi-probe"
[ "$(grep -c '^bi-notify:' charts/bi-platform/values.yaml)" = 1 ] || fail "bi-notify's values block was written twice"
grep -q '<module>modules/bi-probe</module>' pom.xml || fail "bi-probe is not in the reactor"
grep -q '<directory>../bi-probe/src/main/resources</directory>' modules/bi-nacos-cli/pom.xml \
  || fail "bi-nacos-cli does not package bi-probe's option catalog"
[ -f modules/bi-probe/src/main/java/com/bi/probe/ProbeService.java ] || fail "no ProbeService declaration"

tail=${MAVEN_REPO_TAIL:-$HOME/.m2/repository}
export MAVEN_ARGS="-Dmaven.repo.local=$work/.m2 -Dmaven.repo.local.tail=$tail"
./mvnw -o -q -B -pl modules/bi-common install -DskipTests
./mvnw -o -B -pl modules/bi-common test -Dtest=CatalogTest -Dsurefire.failIfNoSpecifiedTests=false
./mvnw -o -B -pl modules/bi-probe,modules/bi-notify test
echo "new-service check: ok (bi-probe and bi-notify generated, built and smoke-tested)"
