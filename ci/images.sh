#!/usr/bin/env bash
# CI entry point for the container images (issue 7). Builds every service image from its own
# modules/<service>/Dockerfile with podman/buildah (no Docker engine, nothing pulled: local base images are made
# from this machine's JDK first), then runs and checks each one:
#   - ready on its health endpoint over loopback (against a real PostgreSQL), start-to-ready time with and
#     without the AOT cache (the first image, or all with BI_IMAGES_NOAOT=all), graceful stop;
#   - runs as a non-root uid, with --read-only --tmpfs /tmp and all capabilities dropped;
#   - no build secret in any layer (built with test secrets as build secrets; the saved layers are scanned);
#   - no embedded-PostgreSQL jars; heap follows the container memory limit; time zone set.
# Prints a table (size, start-to-ready) and "N passed, N failed"; exits non-zero on any failure.
#
#   bash ci/images.sh                     everything (lint, base images, build, test)
#   BI_IMAGES_SERVICES="bi-basic" bash ci/images.sh     only these services
#   BI_IMAGES_CONTEXT=<dir> bash ci/images.sh            build from another checkout (e.g. a git archive of HEAD)
#   BI_IMAGES_NOAOT=all bash ci/images.sh                time start-to-ready without the AOT cache for every image
#                                         (default: the first image only; it is a measurement, not a check)
#   BI_REGISTRY=registry.example.com bash ci/images.sh --push     also push <registry>/bi/<svc>:<version>-<sha>
#                                         and write target/images/digests.yaml (chart values pinning digests)
# Docs: ci/images/README.md
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=ci/lib.sh
source "$root/ci/lib.sh"
# shellcheck source=ci/images/base-images.sh
source "$root/ci/images/base-images.sh"
# the build context: the checkout itself unless told otherwise; outputs always go to this checkout's target/
cd "${BI_IMAGES_CONTEXT:-$root}"

push=false
[ "${1:-}" = "--push" ] && push=true

out="$root/target/images"
mkdir -p "$out/logs"
export BI_IMAGES_WORK="$out"
export CONTAINERS_CONF="$root/ci/images/containers.conf"
registry=${BI_REGISTRY:-localhost}
passed=0
failed=0
declare -a rows=()

log() { printf '[images %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
pass() { passed=$((passed + 1)); log "PASS $*"; }
fail() { failed=$((failed + 1)); log "FAIL $*"; }

# ---------------------------------------------------------------- tools
setup() {
  apt_install buildah podman fuse-overlayfs uidmap slirp4netns runc debootstrap binutils curl libfontconfig1 fonts-wqy-microhei >/dev/null
  JAVA_HOME=$(find_java_home)
  export JAVA_HOME
  # the Maven the builder base carries: the wrapper's distribution (downloaded on first use)
  maven_home=$(find "$HOME/.m2/wrapper/dists" -mindepth 4 -maxdepth 4 -path '*apache-maven-3.9*' -name mvn -printf '%h\n' 2>/dev/null | sort -V | tail -1)
  if [ -z "$maven_home" ]; then
    ./mvnw -B -q -v >/dev/null
    maven_home=$(find "$HOME/.m2/wrapper/dists" -mindepth 4 -maxdepth 4 -path '*apache-maven-3.9*' -name mvn -printf '%h\n' | sort -V | tail -1)
  fi
  maven_home=$(dirname "$maven_home")
  local lint="$root/target/tools/npm"
  if [ ! -x "$lint/node_modules/.bin/dockerfile-utils" ]; then
    mkdir -p "$lint"
    npm install --silent --no-audit --no-fund --prefix "$lint" dockerfile-utils@0.16.3 >/dev/null
  fi
  DOCKERFILE_UTILS="$lint/node_modules/.bin/dockerfile-utils"
}

# ---------------------------------------------------------------- services
discover() {
  local dir service
  services=()
  for dir in modules/bi-*/; do
    service=$(basename "$dir")
    [ -f "$dir/pom.xml" ] || continue
    # a service module is one of the catalog's that sets a main class (libraries and tools such as
    # bi-nacos-cli are not images)
    grep -q '<mainClass>[^<]' "$dir/pom.xml" || continue
    ci/images/new-service.sh --listed "$service" || continue
    if [ -n "${BI_IMAGES_SERVICES:-}" ] && [[ " $BI_IMAGES_SERVICES " != *" $service "* ]]; then continue; fi
    if [ ! -f "$dir/Dockerfile" ]; then
      fail "$service: service module without a Dockerfile (run ci/images/new-service.sh $service)"
      continue
    fi
    services+=("$service")
  done
}

lint() {
  local dockerfile problems
  if "$root/ci/images/new-service.sh" --check; then pass "Dockerfiles match ci/images/service.Dockerfile.in"
  else fail "a Dockerfile drifted from the template"; fi
  for dockerfile in modules/bi-*/Dockerfile; do
    [ -e "$dockerfile" ] || continue
    problems=$("$DOCKERFILE_UTILS" lint "$dockerfile" 2>&1 || true)
    if [ -z "$problems" ]; then pass "lint $dockerfile"; else fail "lint $dockerfile:"; echo "$problems"; fi
  done
  if command -v shellcheck >/dev/null; then
    if (cd "$root" && shellcheck -x ci/images.sh ci/images/*.sh); then pass "shellcheck ci/images.sh ci/images/*.sh"
    else fail "shellcheck"; fi
  fi
}

# ---------------------------------------------------------------- build
make_test_secrets() {
  secret_token="bi-test-build-secret-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  secret_dir="$out/secrets"
  mkdir -p "$secret_dir"
  chmod 700 "$secret_dir"
  cat > "$secret_dir/settings.xml" <<EOF
<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
  <!-- test credentials for a private repository: must never reach an image layer -->
  <servers><server><id>bi-private</id><username>ci</username><password>$secret_token-maven</password></server></servers>
</settings>
EOF
  printf 'machine repo.example.com login ci password %s-netrc\n' "$secret_token" > "$secret_dir/netrc"
}

build_image() {
  local service=$1 image=$2 started
  started=$(date +%s)
  if buildah bud --isolation chroot --pull=never --layers --ignorefile ci/images/dockerignore \
      -f "modules/$service/Dockerfile" \
      --build-arg BUILDER_IMAGE="$builder_image" --build-arg RUNTIME_IMAGE="$runtime_image" \
      --build-arg VERSION="$version" --build-arg REVISION="$revision" --build-arg SOURCE="$source_url" \
      --secret id=maven_settings,src="$secret_dir/settings.xml" --secret id=netrc,src="$secret_dir/netrc" \
      -t "$image" . >"$out/logs/$service.build.log" 2>&1; then
    pass "$service: built $image in $(( $(date +%s) - started )) s"
  else
    tail -40 "$out/logs/$service.build.log"
    fail "$service: build (log: target/images/logs/$service.build.log)"
    return 1
  fi
}

# ---------------------------------------------------------------- checks
# the runtime base draws Chinese text into a PNG headless (what bi-template's charts need), read-only like a service
check_runtime_fonts() {
  local classes="$out/fontcheck" result
  rm -rf "$classes" && mkdir -p "$classes"
  "$JAVA_HOME/bin/javac" --release 21 -d "$classes" "$root/ci/images/FontCheck.java"
  if result=$(podman run --rm --network none --read-only --tmpfs /tmp:rw,mode=1777 --user 10001:10001 \
      -v "$classes:/check:ro" "$runtime_image" java -cp /check FontCheck "WenQuanYi Micro Hei" 2>&1); then
    pass "runtime base renders CJK text to PNG: $result"
  else fail "runtime base cannot render CJK text: $result"; fi
}

# grep every layer and the config/history of the saved image for the test secret
scan_secret() {
  local archive=$1
  if grep -a -q -F "$secret_token" "$archive"; then return 1; fi
  local layer
  for layer in $(tar -tf "$archive" | grep -E '\.tar(\.gz)?$|/layer$' || true); do
    if tar -xOf "$archive" "$layer" | { gzip -dc 2>/dev/null || tar -xOf "$archive" "$layer"; } | grep -a -q -F "$secret_token"; then
      return 1
    fi
  done
  return 0
}

free_port() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# run the image read-only as the chart does; prints start-to-ready milliseconds
run_until_ready() {
  local name=$1 image=$2 http=$3 grpc=$4 extra=$5 started deadline
  local -a env=(-e DEPLOY_ENV=test -e "BI_DB_URL=$BI_TEST_DB_URL" -e "BI_DB_USER=$BI_TEST_DB_USER"
    -e "BI_DB_PASSWORD=$BI_TEST_DB_PASSWORD" -e "BI_JWT_SECRET=ci-image-test-jwt-secret-0123456789abcdef")
  [ "$http" != "$default_http" ] && env+=(-e "SERVER_PORT=$http" -e "BI_GRPC_PORT=$grpc")
  [ -n "$extra" ] && env+=(-e "$extra")
  podman rm -f "$name" >/dev/null 2>&1 || true
  started=$(date +%s%N)
  podman run -d --name "$name" --network host --read-only --tmpfs /tmp:rw,size=256m,mode=1777 \
    --cap-drop ALL --security-opt no-new-privileges --memory 768m "${env[@]}" "$image" >/dev/null
  deadline=$((started + 120000000000))
  until curl -fs -o /dev/null "http://127.0.0.1:$http/observe/health/ready"; do
    if [ "$(podman inspect -f '{{.State.Running}}' "$name")" != "true" ] || [ "$(date +%s%N)" -gt "$deadline" ]; then
      podman logs --tail 30 "$name" >&2
      return 1
    fi
    sleep 0.05
  done
  echo $(( ($(date +%s%N) - started) / 1000000 ))
}

test_image() {
  local service=$1 image=$2 size_mb mnt ports http grpc name pid uid ready ready_noaot archive heap flags rc
  name="bi-image-test-$service"
  size_mb=$(podman image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f", $1/1000000}')
  local ok=true

  # layout: no embedded PostgreSQL, nothing writable needed outside /tmp, configs and AOT cache present
  mnt=$(podman image mount "$image")
  if find "$mnt" \( -name 'bi-embedded-db*.jar' -o -name 'embedded-postgres*.jar' \) | grep -q .; then
    fail "$service: embedded-PostgreSQL jars in the image"; ok=false
  else pass "$service: no embedded-PostgreSQL jars"; fi
  if [ -f "$mnt/app/$service.jar" ] && [ -d "$mnt/app/configs" ] && [ -s "$mnt/app/aot/app.aot" ] && [ -f "$mnt/app/jvm.args" ]; then
    pass "$service: /app has $service.jar, libs/, configs/ ($(find "$mnt/app/configs" -type f -printf '%f ' | sed 's/ $//')), aot/app.aot"
  else fail "$service: /app layout incomplete"; ok=false; fi
  if find "$mnt/app" -perm -o+w ! -type l | grep -q .; then fail "$service: world-writable files under /app"; ok=false; fi
  flags=$(sed -n '/^-jar$/q;/AOTCache/d;p' "$mnt/app/jvm.args" | tr '\n' ' ')
  podman image unmount "$image" >/dev/null

  # user and metadata
  local user env_tz
  user=$(podman image inspect -f '{{.Config.User}}' "$image")
  ports=$(podman image inspect -f '{{range $p, $v := .Config.ExposedPorts}}{{$p}} {{end}}' "$image" | tr ' ' '\n' | sed 's#/tcp##' | { grep . || true; } | sort -n | tr '\n' ' ')
  env_tz=$(podman image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$image" | sed -n 's/^TZ=//p')
  if [[ "$user" == 0* || -z "$user" || "$user" == root* ]]; then fail "$service: image USER is '$user'"; ok=false
  else pass "$service: USER $user, EXPOSE $ports, TZ=$env_tz, labels $(podman image inspect -f '{{index .Labels "org.opencontainers.image.version"}} {{index .Labels "org.opencontainers.image.revision"}}' "$image" | cut -c1-40)"; fi

  # heap follows the container memory limit (512 MiB limit, MaxRAMPercentage 75 -> ~384 MiB)
  # shellcheck disable=SC2086
  heap=$(podman run --rm --memory 512m --entrypoint java "$image" $flags -XX:+PrintFlagsFinal -version 2>/dev/null \
    | awk '$2 == "MaxHeapSize" {printf "%d", $4/1048576}')
  if [ -n "$heap" ] && [ "$heap" -ge 300 ] && [ "$heap" -le 400 ]; then pass "$service: max heap ${heap} MiB under a 512 MiB limit"
  else fail "$service: max heap '${heap}' MiB under a 512 MiB limit"; ok=false; fi

  # no build secret anywhere in the saved image
  archive="$out/$service.image.tar"
  rm -f "$archive"
  podman save -q --format docker-archive -o "$archive" "$image"
  if scan_secret "$archive"; then pass "$service: test build secret not in any layer ($(tar -tf "$archive" | grep -c -E '\.tar$|/layer$') layers scanned)"
  else fail "$service: build secret found in the image"; ok=false; fi
  rm -f "$archive"

  if [ -z "$ports" ]; then
    # run-to-completion image (bi-cron): `<image> --help` must exit 0
    local started
    started=$(date +%s%N)
    if podman run --rm --network host --read-only --tmpfs /tmp --cap-drop ALL -e DEPLOY_ENV=test "$image" --help >"$out/logs/$service.run.log" 2>&1; then
      ready=$(( ($(date +%s%N) - started) / 1000000 )); pass "$service: --help exits 0 in ${ready} ms"
    else fail "$service: --help (log: target/images/logs/$service.run.log)"; ok=false; ready=-; fi
    rows+=("$(printf '%-18s %8s %12s %14s  %s' "$service" "$size_mb" "$ready" "-" "$($ok && echo ok || echo FAILED)")")
    return 0
  fi

  read -r http grpc <<<"$ports"
  default_http=$http
  if ! free_port "$http" || ! free_port "$grpc"; then
    log "$service: port $http/$grpc busy on this host; the test run uses $((http + 20000))/$((grpc + 20000))"
    http=$((http + 20000)); grpc=$((grpc + 20000))
  fi

  if ready=$(run_until_ready "$name" "$image" "$http" "$grpc" ""); then
    pid=$(podman inspect -f '{{.State.Pid}}' "$name")
    uid=$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")
    if [ "$uid" != "0" ]; then pass "$service: ready in $ready ms on 127.0.0.1:$http (read-only root, /tmp tmpfs), running as uid $uid"
    else fail "$service: running as root"; ok=false; fi
    if podman logs "$name" 2>&1 | grep -q '\[error\]\[aot'; then fail "$service: AOT cache rejected"; podman logs "$name" 2>&1 | grep aot | head -5; ok=false
    else pass "$service: AOT cache accepted"; fi
    if curl -fs "http://127.0.0.1:$http/observe/health/live" >/dev/null; then pass "$service: /observe/health/live"
    else fail "$service: live"; ok=false; fi
    # bi-template says so at start when no installed font shows Chinese (charts would show boxes)
    if podman logs "$name" 2>&1 | grep -q 'shows CJK text'; then fail "$service: no CJK font in the image"; ok=false; fi
    rc=$(podman stop -t 30 "$name" >/dev/null && podman inspect -f '{{.State.ExitCode}}' "$name")
    if [ "$rc" = "0" ] || [ "$rc" = "143" ]; then pass "$service: graceful stop (exit $rc)"
    else fail "$service: stop exit code $rc"; podman logs --tail 20 "$name"; ok=false; fi
    podman logs "$name" >"$out/logs/$service.run.log" 2>&1 || true
  else
    fail "$service: not ready within 120 s"; ok=false; ready=-
  fi
  podman rm -f "$name" >/dev/null 2>&1 || true

  # the start without the AOT cache is a measurement, not a check: the first image only, unless BI_IMAGES_NOAOT=all
  ready_noaot=-
  if [ "${BI_IMAGES_NOAOT:-first}" = all ] || [ "$service" = "${services[0]}" ]; then
    if ready_noaot=$(run_until_ready "$name" "$image" "$http" "$grpc" "JAVA_TOOL_OPTIONS=-XX:AOTMode=off"); then :; else ready_noaot=-; fi
    podman rm -f "$name" >/dev/null 2>&1 || true
  fi
  rows+=("$(printf '%-18s %8s %12s %14s  %s' "$service" "$size_mb" "$ready" "$ready_noaot" "$($ok && echo ok || echo FAILED)")")
}

push_image() {
  local service=$1 image=$2 digest
  podman push -q --digestfile "$out/$service.digest" "$image"
  digest=$(cat "$out/$service.digest")
  printf '%s:\n  image:\n    digest: "%s"   # %s\n' "$service" "$digest" "$image" >>"$out/digests.yaml"
  pass "$service: pushed $image ($digest)"
}

# ---------------------------------------------------------------- main
main() {
  local t0 jdk_tag service image
  t0=$(date +%s)
  setup
  discover
  lint
  [ ${#services[@]} -gt 0 ] || { fail "no service images to build"; summary; }

  version=$(awk -F'[<>]' '/<version>/ {print $3; exit}' pom.xml)
  revision=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)
  tag="$version-$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo nogit)"
  source_url=$(git -C "$root" config --get remote.origin.url 2>/dev/null || echo https://github.com/bi-platform/bi-platform)
  if [ -n "$(git -C "$root" status --porcelain 2>/dev/null)" ]; then
    tag="$tag-dirty"
    $push && { fail "refusing to push images of a dirty tree"; summary; }
  fi

  jdk_tag=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2}')
  jdk_tag=${jdk_tag//[^A-Za-z0-9_.-]/-}
  runtime_image="localhost/bi-base/jre:$(runtime_base_tag "$jdk_tag")"
  builder_image="localhost/bi-base/builder:$jdk_tag"
  log "base images from $JAVA_HOME (runtime: jlink; builder: debootstrap bookworm + JDK + Maven)"
  build_builder_base "$JAVA_HOME" "$builder_image" "$maven_home" >"$out/logs/builder-base.log" 2>&1 &
  local builder_pid=$!
  if build_runtime_base "$JAVA_HOME" "$runtime_image"; then pass "runtime base $runtime_image ($(podman image inspect -f '{{.Size}}' "$runtime_image" | awk '{printf "%.0f MB", $1/1000000}'))"
  else fail "runtime base image"; fi
  check_runtime_fonts
  if wait "$builder_pid"; then pass "builder base $builder_image ($(tail -1 "$out/logs/builder-base.log"))"
  else cat "$out/logs/builder-base.log"; fail "builder base image"; summary; fi

  make_test_secrets
  # the scanner must see a secret that is there (positive control)
  tar -cf "$out/secrets/control.tar" -C "$secret_dir" settings.xml
  if scan_secret "$out/secrets/control.tar"; then fail "secret scanner missed the control"; else pass "secret scanner finds the test secret in a control archive"; fi
  rm -f "$out/secrets/control.tar"

  ensure_postgres >/dev/null
  for service in "${services[@]}"; do
    image="$registry/bi/$service:$tag"
    log "$service: building $image"
    if build_image "$service" "$image"; then
      test_image "$service" "$image"
      if $push && [ "$failed" -eq 0 ]; then push_image "$service" "$image"; fi
    else
      rows+=("$(printf '%-18s %8s %12s %14s  %s' "$service" - - - "BUILD FAILED")")
    fi
  done
  rm -rf "$secret_dir"

  echo
  printf '%-18s %8s %12s %14s  %s\n' image "size MB" "ready ms" "no-AOT ms" result
  printf '%s\n' "${rows[@]}"
  echo "runtime base: $runtime_image ($(podman image inspect -f '{{.Size}}' "$runtime_image" | awk '{printf "%.0f MB", $1/1000000}')); total $(( $(date +%s) - t0 )) s"
  summary
}

summary() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] || exit 1
  exit 0
}

main "$@"
