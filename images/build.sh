#!/usr/bin/env bash
# Builds the nos images nos-operator, nos-controller and nos-worker (docs/images.md) from jars Maven builds here.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: images/build.sh [--base IMAGE | --debootstrap] [--tag TAG] [--offline] [--save DIR]

Packages the jars with Maven, then builds nos-operator:TAG, nos-controller:TAG and nos-worker:TAG
with podman (or docker when podman is missing; NOS_CONTAINER_TOOL=podman|docker chooses).

  --base IMAGE    base image with a Java 17 runtime (default: eclipse-temurin:17-jre)
  --debootstrap   base image made here, offline from Debian packages: bookworm minbase,
                  openjdk-17-jre-headless and libgomp1, imported as localhost/nos-base-jre:17
                  (reused when present; needs root and debootstrap)
  --tag TAG       image tag (default: the chart's appVersion, 0.1.0, which the chart installs;
                  a tag other than latest, which Kubernetes would always try to pull)
  --offline       Maven offline (-o), and no registry pulls by podman
  --save DIR      also write DIR/nos-operator.tar, nos-controller.tar, nos-worker.tar
                  (docker-archive, for `kind load image-archive`)

Environment: NOS_CONTAINER_TOOL; NOS_PODMAN_LOCAL_STORAGE=1 (podman settings and image storage in
images/target/podman, see docs/images.md); NOS_DEBIAN_MIRROR (default: this machine's apt mirror);
NOS_FASHION_MNIST_DIR (default /usr/share/datasets/fashion-mnist).
EOF
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/images/target"
base=eclipse-temurin:17-jre
debootstrap=0
tag=0.1.0
offline=0
save=
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base="${2:?--base needs an image}"; shift 2 ;;
    --debootstrap) debootstrap=1; shift ;;
    --tag) tag="${2:?--tag needs a tag}"; shift 2 ;;
    --offline) offline=1; shift ;;
    --save) save="${2:?--save needs a folder}"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "build.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
base_jre=localhost/nos-base-jre:17
[ "$debootstrap" = 1 ] && base=$base_jre
start=$SECONDS
say() { echo "build.sh [$((SECONDS - start)) s]: $*" >&2; }

# --- the container tool ---------------------------------------------------------------------------------------
tool="${NOS_CONTAINER_TOOL:-}"
if [ -z "$tool" ]; then
  if command -v podman >/dev/null; then
    tool=podman
  elif command -v docker >/dev/null && docker info >/dev/null 2>&1; then
    tool=docker
  else
    echo "build.sh: neither podman nor a running docker found (set NOS_CONTAINER_TOOL)" >&2
    exit 1
  fi
fi

# podman settings some machines need, in files of the build's own (the user's podman setup is left as it is):
# runc where cgroups are v1 or hybrid (crun refuses them), ulimits root may set where its hard limits are low
# (images/target/podman/containers.conf), and, when NOS_PODMAN_LOCAL_STORAGE=1, overlay image storage in
# images/target/podman (storage.conf). An own CONTAINERS_CONF or
# CONTAINERS_STORAGE_CONF is kept.
podman_settings() {
  local dir="$work/podman" nofile nproc containers='' engine=''
  nofile=$(ulimit -Hn)
  nproc=$(ulimit -Hu)
  if [ ! -f /sys/fs/cgroup/cgroup.controllers ] || [ -d /sys/fs/cgroup/unified ]; then
    engine='runtime = "runc"'$'\n''cgroup_manager = "cgroupfs"'$'\n''events_logger = "file"'
  fi
  if [ "$nofile" != unlimited ] && [ "$nofile" -lt 1048576 ]; then
    # at most the hard limits (root cannot raise them); nproc right at the hard limit was refused here too
    [ "$nproc" = unlimited ] || [ "$nproc" -gt 65536 ] && nproc=65536
    containers="default_ulimits = [\"nofile=$nofile:$nofile\", \"nproc=$((nproc / 2)):$((nproc / 2))\"]"
  fi
  mkdir -p "$dir"
  rm -f "$dir/containers.conf"
  if [ -n "$engine$containers" ] && [ -z "${CONTAINERS_CONF:-}" ]; then
    printf '# written by images/build.sh (docs/images.md)\n[containers]\n%s\n\n[engine]\n%s\n' \
      "$containers" "$engine" >"$dir/containers.conf"
    export CONTAINERS_CONF="$dir/containers.conf"
    say "podman settings: CONTAINERS_CONF=$CONTAINERS_CONF"
  fi
  if [ "${NOS_PODMAN_LOCAL_STORAGE:-0}" = 1 ] && [ -z "${CONTAINERS_STORAGE_CONF:-}" ]; then
    cat >"$dir/storage.conf" <<EOF
# written by images/build.sh (docs/images.md)
[storage]
driver = "overlay"
graphroot = "$dir/storage"
runroot = "$dir/run"
EOF
    export CONTAINERS_STORAGE_CONF="$dir/storage.conf"
    say "podman storage: CONTAINERS_STORAGE_CONF=$CONTAINERS_STORAGE_CONF"
  fi
}
pull=()
if [ "$tool" = podman ]; then
  podman_settings
  if [ "$offline" = 1 ] || [ "$debootstrap" = 1 ]; then pull=(--pull=never); fi
fi

# --- the jars: packaged by Maven, with each image's runtime classpath ------------------------------------------
mvn=("$root/mvnw" -B -q -f "$root/pom.xml")
[ "$offline" = 1 ] && mvn+=(-o)
say "packaging the jars (Maven)"
"${mvn[@]}" -DskipTests -pl operator,controller-image,cli -am package \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -DincludeScope=runtime -Dmdep.outputFile=target/image-classpath.txt

# stage NAME MODULE JAR: the build context of one image, images/target/stage/NAME (lib/ and nos-entrypoint)
stage() {
  local dir="$work/stage/$1" module="$root/$2" jar
  rm -rf "$dir"
  mkdir -p "$dir/lib"
  for jar in "$module/target/$3" $(tr ':' ' ' <"$module/target/image-classpath.txt"); do
    ln -f "$jar" "$dir/lib/" 2>/dev/null || cp "$jar" "$dir/lib/"
  done
  cp "$root/images/nos-entrypoint.sh" "$dir/nos-entrypoint"
  chmod 755 "$dir/nos-entrypoint"
}
version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$root/pom.xml" | head -n1)
stage operator operator "nos-operator-$version.jar"
stage controller controller-image "nos-controller-$version.jar"
stage worker cli nos.jar
mnist="${NOS_FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}"
mkdir -p "$work/stage/worker/fashion-mnist"
for f in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz; do
  if [ ! -s "$mnist/$f" ]; then
    echo "build.sh: $mnist/$f is missing: apt-get install dataset-fashion-mnist (or set NOS_FASHION_MNIST_DIR)" >&2
    exit 1
  fi
  cp "$mnist/$f" "$work/stage/worker/fashion-mnist/"
done

# --- the debootstrap base --------------------------------------------------------------------------------------
debian_mirror() {
  if [ -n "${NOS_DEBIAN_MIRROR:-}" ]; then echo "$NOS_DEBIAN_MIRROR"; return; fi
  local m
  m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | grep -v '^ *#' | grep -oE 'https?://[^ ]+' | grep -v security | head -n1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

make_base() {
  if "$tool" image inspect "$base_jre" >/dev/null 2>&1; then
    say "base $base_jre is present: reused"
    return
  fi
  command -v debootstrap >/dev/null || { echo "build.sh: --debootstrap needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }
  [ "$(id -u)" = 0 ] || { echo "build.sh: --debootstrap needs root (debootstrap makes device files)" >&2; exit 1; }
  local rootfs="$work/rootfs" mirror
  mirror=$(debian_mirror)
  say "debootstrap bookworm from $mirror"
  rm -rf "$rootfs"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates,libgomp1 \
    bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
  # cleaned: no package lists or caches, no docs but the copyright files, no man pages, locales or logs
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/usr/share/man/* \
    "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* "$rootfs"/var/cache/debconf/*-old
  find "$rootfs/usr/share/doc" -type f ! -name copyright -delete
  find "$rootfs/var/log" -type f -delete
  say "importing $base_jre"
  tar -C "$rootfs" -c . | "$tool" import \
    --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$base_jre" >/dev/null
  rm -rf "$rootfs"
}
[ "$debootstrap" = 1 ] && make_base

# --- the images ------------------------------------------------------------------------------------------------
build() { # NAME CONTAINERFILE
  say "building nos-$1:$tag on $base"
  "$tool" build "${pull[@]}" --build-arg "BASE=$base" -f "$root/$2" -t "nos-$1:$tag" "$work/stage/$1" >"$work/build-$1.log" 2>&1 \
    || { tail -n 30 "$work/build-$1.log" >&2; exit 1; }
}
build operator operator/Containerfile
build controller controller-image/Containerfile
build worker worker-image/Containerfile

if [ -n "$save" ]; then
  mkdir -p "$save"
  for name in operator controller worker; do
    ref="nos-$name:$tag"
    if [ "$tool" = podman ]; then
      # podman names it localhost/nos-NAME; Kubernetes reads nos-NAME:TAG as docker.io/library/nos-NAME:TAG
      ref="docker.io/library/nos-$name:$tag"
      podman tag "nos-$name:$tag" "$ref"
    fi
    say "saving $ref to $save/nos-$name.tar"
    rm -f "$save/nos-$name.tar"
    "$tool" save --format docker-archive -o "$save/nos-$name.tar" "$ref" 2>/dev/null \
      || "$tool" save -o "$save/nos-$name.tar" "$ref"
  done
fi
say "done: nos-operator:$tag, nos-controller:$tag, nos-worker:$tag ($tool)"
