#!/bin/sh
# The builder stage of every service Dockerfile runs this (written once, not copied per service):
#   sh ci/images/build-service.sh --all            compile every service module in one reactor (-Dcontainer: no
#                                                   embedded PostgreSQL). The Dockerfiles run this in a layer that is
#                                                   the same for every service, so building all images compiles once.
#   sh ci/images/build-service.sh <service>        (cwd: the source tree, /src)
# The second form lays out /out for the runtime stage from what --all compiled:
#   /out/deps/      third-party jars          -> /app/libs/ (own layer: changes rarely)
#   /out/app/       <service>.jar, libs/bi-*.jar, configs/, jvm.args -> /app/
#   /out/aot-tool/  AotTrain.class (the AOT-cache training harness, used by the aot stage only)
# Private repository credentials come only from build secrets and are never copied to /out:
#   --secret id=maven_settings,src=settings.xml   used as Maven's user settings (-s)
#   --secret id=netrc,src=.netrc                  mounted at /root/.netrc for tools that honour it
set -eu

service=${1:?usage: build-service.sh --all | <service>}

if [ "$service" = "--all" ]; then
  settings=""
  if [ -s /run/secrets/maven_settings ]; then
    settings="-s /run/secrets/maven_settings"
  fi
  if command -v mvn >/dev/null 2>&1; then mvn=mvn; else mvn=./mvnw; fi
  # the service modules are the ones with a Dockerfile
  modules=$(find modules -mindepth 2 -maxdepth 2 -name Dockerfile -exec dirname {} \; | sort | paste -sd, -)
  [ -n "$modules" ] || { echo "build-service.sh: no modules/*/Dockerfile in the context" >&2; exit 1; }
  # clean: a context that slipped in a local target/ (stale libs/) must not reach an image
  # shellcheck disable=SC2086
  $mvn -B -ntp -e $settings -Dmaven.repo.local=/root/.m2/repository \
    -pl "$modules" -am clean package -DskipTests -Dcontainer -Dmaven.javadoc.skip=true
  exit 0
fi

module="modules/$service"
[ -f "$module/pom.xml" ] || { echo "build-service.sh: no module $module" >&2; exit 1; }
[ -f "$module/target/$service.jar" ] || { echo "build-service.sh: $module is not compiled (run build-service.sh --all first)" >&2; exit 1; }

target="$module/target"
rm -rf /out
mkdir -p /out/deps /out/app/libs /out/app/configs /out/aot-tool
cp "$target/$service.jar" "/out/app/$service.jar"
for jar in "$target"/libs/*.jar; do
  case "$(basename "$jar")" in
    bi-embedded-db*|embedded-postgres*)
      echo "build-service.sh: $jar must not be in an image (build with -Dcontainer)" >&2; exit 1 ;;
    bi-*) cp "$jar" /out/app/libs/ ;;
    *) cp "$jar" /out/deps/ ;;
  esac
done
if [ -d "$module/configs" ]; then
  cp -R "$module/configs/." /out/app/configs/
fi

# JVM flags, one per line (java @/app/jvm.args). Heap follows the container memory limit (the chart's
# JAVA_TOOL_OPTIONS -Xms/-Xmx win when set); the root filesystem is read-only, so everything writable is /tmp.
cat > /out/app/jvm.args <<EOF
-XX:InitialRAMPercentage=50.0
-XX:MaxRAMPercentage=75.0
-XX:+ExitOnOutOfMemoryError
-XX:AOTCache=/app/aot/app.aot
-Djava.io.tmpdir=/tmp
-Duser.home=/tmp
-jar
/app/$service.jar
EOF

javac --release 21 -d /out/aot-tool ci/images/AotTrain.java
echo "build-service.sh: $service -> /out ($(du -sh /out/deps | cut -f1) deps, $(du -sh /out/app | cut -f1) app)"
