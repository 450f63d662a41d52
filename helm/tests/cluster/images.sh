#!/usr/bin/env bash
# Builds the cluster's images without a registry and imports them into its containerd (namespace
# k8s.io; pods use imagePullPolicy: Never). The base is a Debian bookworm root filesystem made by
# debootstrap with a Java 17 runtime and curl, imported with `docker import`.
#   system:   the pause image (a static C program, under containerd's sandbox_image) and CoreDNS
#   platform: pretrain/api and pretrain/worker from docker/*.Dockerfile on that base, the Temporal
#             dev server and MinIO (the binaries scripts/install-tools.sh built), and the base itself,
#             which serves `helm test` (curl) and the search-attribute Job (with the temporal CLI)
# Docker's cache (and the root filesystem's tarball) stay in $CLUSTER_CACHE, so a rebuild is quick.
#
# Usage: helm/tests/cluster/images.sh system|platform   (with up.sh's containerd and dockerd running)
set -euo pipefail
# shellcheck source=helm/tests/cluster/common.sh
source "$(dirname "$0")/common.sh"

ROOTFS_TAR="$CLUSTER_CACHE/rootfs/debian-jre-bookworm.tar"
DEBIAN_MIRROR=http://deb.debian.org/debian
PLATFORM_TAG="$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$REPO/helm/pretrain-platform/Chart.yaml")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

exists() { docker image inspect "$1" >/dev/null 2>&1; }

# Imports images into the cluster's containerd, where the kubelet finds them.
load() {
  docker save "$@" | ctr --address "$CONTAINERD_SOCK" -n k8s.io images import - >/dev/null
  log "imported into the cluster: $*"
}

base_image() {
  exists "$BASE_IMAGE" && return 0
  if [[ ! -s "$ROOTFS_TAR" ]]; then
    log "debootstrap: Debian bookworm (minbase) with openjdk-17-jre-headless and curl (about 2 min)"
    mkdir -p "$(dirname "$ROOTFS_TAR")"
    debootstrap --variant=minbase --include=openjdk-17-jre-headless,curl,ca-certificates \
      bookworm "$work/rootfs" "$DEBIAN_MIRROR" >"$work/debootstrap.log" 2>&1 \
      || { tail -n 20 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
    rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
    tar -C "$work/rootfs" --numeric-owner -cf "$ROOTFS_TAR.part" .
    mv "$ROOTFS_TAR.part" "$ROOTFS_TAR"
    rm -rf "$work/rootfs"
  fi
  docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' "$ROOTFS_TAR" "$BASE_IMAGE" >/dev/null
  log "built $BASE_IMAGE"
}

# build TAG CONTEXT_DIR [docker build args...]: a Dockerfile in CONTEXT_DIR; builds run without a network.
build() {
  local tag=$1 dir=$2
  shift 2
  quiet docker build -q --network none -t "$tag" "$@" "$dir"
  log "built $tag"
}

# binary_image TAG BINARY: the base with BINARY in /usr/local/bin.
binary_image() {
  local dir
  dir="$work/$(basename "$2")"
  mkdir -p "$dir"
  cp "$2" "$dir/"
  printf 'FROM %s\nCOPY %s /usr/local/bin/\n' "$BASE_IMAGE" "$(basename "$2")" >"$dir/Dockerfile"
  build "$1" "$dir"
}

# The sandbox's pause process: sleeps until told to stop, and reaps what it adopts.
pause_image() {
  mkdir -p "$work/pause"
  cat >"$work/pause/pause.c" <<'EOF'
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
static void stop(int sig) { (void)sig; _exit(0); }
static void reap(int sig) { (void)sig; while (waitpid(-1, 0, WNOHANG) > 0) {} }
int main(void) {
  signal(SIGINT, stop);
  signal(SIGTERM, stop);
  signal(SIGCHLD, reap);
  for (;;) pause();
}
EOF
  cc -static -O2 -o "$work/pause/pause" "$work/pause/pause.c"
  tar -C "$work/pause" -cf "$work/pause.tar" pause
  docker import --change 'ENTRYPOINT ["/pause"]' "$work/pause.tar" "$PAUSE_IMAGE" >/dev/null
}

# docker_build DOCKERFILE TAG [args...]: builds a docker/*.Dockerfile from the repository root,
# sending only what its .dockerignore lets through (the classic builder reads no
# <Dockerfile>.dockerignore, so the context is made here from its `!` lines).
docker_build() {
  local dockerfile=$1 tag=$2 paths=()
  shift 2
  mapfile -t paths < <(sed -n 's/^!//p' "$REPO/$dockerfile.dockerignore")
  # The patterns are globs relative to the repository root.
  # shellcheck disable=SC2068
  (cd "$REPO" && tar -cf - "$dockerfile" ${paths[@]}) \
    | quiet docker build -q --network none -f "$dockerfile" -t "$tag" "$@" -
  log "built $tag from $dockerfile"
}

platform_images() {
  [[ -f "$REPO/worker/target/worker.jar" && -f "$REPO/api/target/quarkus-app/quarkus-run.jar" ]] || {
    log "packaging the api and the worker (mvn package -DskipTests)"
    (cd "$REPO" && mvn -B -ntp -q package -DskipTests -pl api,worker -am)
  }
  "$REPO/scripts/fetch-data.sh" >/dev/null 2>&1 || die "scripts/fetch-data.sh failed (run it to see why)"
  # The worker's data stage on the local base, with the data already at /data: fetch-data.sh there
  # finds every dataset verified and fetches nothing.
  printf 'FROM %s\nCOPY . /data/\n' "$BASE_IMAGE" >"$work/Dockerfile.data"
  quiet docker build -q --network none -f "$work/Dockerfile.data" -t pretrain-local/data "$PRETRAIN_DATA_ROOT"
  docker_build docker/api.Dockerfile "pretrain/api:$PLATFORM_TAG" --build-arg "BASE_IMAGE=$BASE_IMAGE"
  docker_build docker/worker.Dockerfile "pretrain/worker:$PLATFORM_TAG" --build-arg "BASE_IMAGE=$BASE_IMAGE" \
    --build-arg DATA_BASE_IMAGE=pretrain-local/data
  binary_image pretrain-local/temporal:dev "$PRETRAIN_TOOLS/bin/temporal"
  binary_image pretrain-local/minio:dev "$PRETRAIN_TOOLS/bin/minio"
  load "pretrain/api:$PLATFORM_TAG" "pretrain/worker:$PLATFORM_TAG" pretrain-local/temporal:dev \
    pretrain-local/minio:dev "$BASE_IMAGE"
}

case "${1:-}" in
  system)
    base_image
    exists "$PAUSE_IMAGE" || pause_image
    exists "$COREDNS_IMAGE" || binary_image "$COREDNS_IMAGE" "$CLUSTER_BIN/coredns"
    load "$PAUSE_IMAGE" "$COREDNS_IMAGE"
    ;;
  platform)
    base_image
    platform_images
    ;;
  *) die "usage: $0 system|platform" ;;
esac
