#!/usr/bin/env bash
# Local base images for machines that cannot pull (sourced by ci/images.sh; needs buildah, podman, debootstrap):
#   build_runtime_base <jdk> <tag>  a jlink'ed Java runtime + the glibc it needs, from scratch, at /opt/java/openjdk
#                                   (same layout and PATH as eclipse-temurin, so the Dockerfiles work on either)
#   build_builder_base <jdk> <tag>  Debian bookworm minbase (debootstrap) + that JDK + Maven 3.9 + the trust store
# Both are skipped when the tag exists already (the tag carries the JDK version).

# Modules of the runtime: what the services' jars need (jdeps over bi-basic's runtime class path: base, logging,
# sql, naming, management, xml, transaction.xa, security.jgss, unsupported) plus TLS/DNS/JFR/diagnostics extras.
# java.desktop (+14 MB) because bi-template draws PNG charts and writes XLSX (Java2D, ImageIO, AWT fonts); with it
# come fontconfig (the JDK dlopen()s it, so ldd over the runtime does not find it) and one CJK font, since shop and
# SKU names are Chinese (ChartRenderer refuses to pretend otherwise). Checked by ci/images/FontCheck.java.
BI_JRE_MODULES="java.base,java.logging,java.sql,java.naming,java.management,jdk.management,java.xml,java.desktop,\
java.transaction.xa,java.security.jgss,java.security.sasl,jdk.unsupported,java.net.http,jdk.crypto.ec,\
jdk.naming.dns,jdk.zipfs,jdk.charsets,jdk.localedata,jdk.jfr,jdk.management.jfr,java.instrument,jdk.jcmd"
# host files (Debian packages libfontconfig1, fonts-wqy-microhei) copied into the runtime base
BI_JRE_FONTCONFIG_LIB=/usr/lib/x86_64-linux-gnu/libfontconfig.so.1
BI_JRE_FONTS="/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

# the runtime base's tag: the JDK version plus a digest of this file, so a change to the recipe is a new base
runtime_base_tag() {
  local jdk_tag=$1
  printf '%s-%s' "$jdk_tag" "$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-8)"
}

image_exists() { podman image exists "$1"; }

build_runtime_base() {
  local jdk=$1 tag=$2 work rootfs lib ctr mnt
  if image_exists "$tag"; then echo "runtime base $tag: exists"; return 0; fi
  work=$(mktemp -d "${BI_IMAGES_WORK:-/tmp}/jre.XXXXXX")
  rootfs="$work/rootfs"
  mkdir -p "$rootfs/opt/java" "$rootfs/etc" "$rootfs/tmp"
  "$jdk/bin/jlink" --add-modules "$BI_JRE_MODULES" --include-locales=en,zh \
    --strip-debug --no-man-pages --no-header-files --compress=zip-6 --generate-cds-archive \
    --output "$rootfs/opt/java/openjdk" >/dev/null
  # compressed-oops only (heaps < 32 GB): the no-coops CDS copy is 15 MB of nothing
  rm -f "$rootfs"/opt/java/openjdk/lib/server/classes_nocoops.jsa
  if command -v strip >/dev/null; then strip --strip-unneeded "$rootfs"/opt/java/openjdk/lib/server/libjvm.so; fi
  # the shared libraries the runtime links against (glibc), at their host paths, plus the dynamic loader;
  # fontconfig and what it links against too (loaded with dlopen by the JDK's font manager)
  [ -f "$BI_JRE_FONTCONFIG_LIB" ] || { echo "runtime base: $BI_JRE_FONTCONFIG_LIB missing (apt install libfontconfig1)" >&2; return 1; }
  mkdir -p "$rootfs$(dirname "$BI_JRE_FONTCONFIG_LIB")"
  cp -L "$BI_JRE_FONTCONFIG_LIB" "$rootfs$BI_JRE_FONTCONFIG_LIB"
  for lib in $(find "$rootfs/opt/java/openjdk" "$rootfs$BI_JRE_FONTCONFIG_LIB" \( -name '*.so' -o -name '*.so.*' -o -path '*/bin/*' \) -type f \
      -exec ldd {} \; 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' | sort -u); do
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done
  # fonts: one CJK font and a fontconfig that knows only it, caching under the writable /tmp
  local font
  mkdir -p "$rootfs/usr/share/fonts" "$rootfs/etc/fonts"
  for font in $BI_JRE_FONTS; do
    [ -f "$font" ] || { echo "runtime base: $font missing (apt install fonts-wqy-microhei)" >&2; return 1; }
    cp "$font" "$rootfs/usr/share/fonts/"
  done
  cat > "$rootfs/etc/fonts/fonts.conf" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts</dir>
  <cachedir>/tmp/fontconfig</cachedir>
</fontconfig>
EOF
  printf 'root:x:0:0:root:/root:/sbin/nologin\nbi:x:10001:10001:bi:/tmp:/sbin/nologin\n' > "$rootfs/etc/passwd"
  printf 'root:x:0:\nbi:x:10001:\n' > "$rootfs/etc/group"
  printf 'hosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
  chmod 1777 "$rootfs/tmp"
  ctr=$(buildah from scratch)
  mnt=$(buildah mount "$ctr")
  cp -a "$rootfs/." "$mnt/"
  buildah umount "$ctr" >/dev/null
  buildah config --env PATH=/opt/java/openjdk/bin:/usr/bin:/bin --env JAVA_HOME=/opt/java/openjdk \
    --env LANG=C.UTF-8 --label org.opencontainers.image.description="jlink'ed Java runtime (local CI base)" "$ctr"
  buildah commit -q --rm "$ctr" "$tag" >/dev/null
  rm -rf "$work"
  echo "runtime base $tag: built"
}

build_builder_base() {
  local jdk=$1 tag=$2 maven_home=$3 work rootfs ctr cacerts
  if image_exists "$tag"; then echo "builder base $tag: exists"; return 0; fi
  work=$(mktemp -d "${BI_IMAGES_WORK:-/tmp}/builder.XXXXXX")
  rootfs="$work/rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" "${BI_DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; return 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  mkdir -p "$rootfs/opt/java" "$rootfs/opt/maven"
  cp -rL "$jdk" "$rootfs/opt/java/openjdk"
  # the JDK's cacerts is a symlink into ca-certificates-java: cp -L copied the keystore itself; make sure it is there
  cacerts="$rootfs/opt/java/openjdk/lib/security/cacerts"
  if [ ! -s "$cacerts" ]; then cp -L /etc/ssl/certs/java/cacerts "$cacerts"; fi
  cp -rL "$maven_home/." "$rootfs/opt/maven/"
  ln -sf /opt/maven/bin/mvn "$rootfs/usr/local/bin/mvn"
  tar -C "$rootfs" -cf "$work/rootfs.tar" .
  podman import -q "$work/rootfs.tar" "$tag-import" >/dev/null
  ctr=$(buildah from --pull=never "$tag-import")
  buildah config --env JAVA_HOME=/opt/java/openjdk --env MAVEN_HOME=/opt/maven \
    --env PATH=/opt/java/openjdk/bin:/opt/maven/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env LANG=C.UTF-8 --label org.opencontainers.image.description="Debian + JDK + Maven (local CI builder)" "$ctr"
  buildah commit -q --rm "$ctr" "$tag" >/dev/null
  podman rmi -f "$tag-import" >/dev/null
  rm -rf "$work"
  echo "builder base $tag: built"
}
