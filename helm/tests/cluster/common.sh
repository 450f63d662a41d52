# Shared paths and helpers for the cluster scripts in this folder; source it, do not run it.
# shellcheck shell=bash disable=SC2034

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
# shellcheck source=scripts/common.sh
source "$REPO/scripts/common.sh"

# Built binaries and images (kept between runs, outside the repo).
CLUSTER_CACHE="${PRETRAIN_CLUSTER_CACHE:-$HOME/.cache/pretrain/cluster}"
CLUSTER_BIN="${PRETRAIN_CLUSTER_BIN:-$CLUSTER_CACHE/bin}"
# The running cluster's state: data, configs, logs, pid files; removed by down.sh.
CLUSTER_STATE="${PRETRAIN_CLUSTER_STATE:-/var/lib/pretrain-cluster}"
CLUSTER_RUN=/run/pretrain-cluster
# Daemon logs, kept after down.sh for a look at what failed.
CLUSTER_LOGS="$PRETRAIN_STATE/cluster-logs"
KUBECONFIG="$CLUSTER_STATE/admin.kubeconfig"
PATH="$CLUSTER_BIN:$PATH"
export CLUSTER_CACHE CLUSTER_BIN CLUSTER_STATE KUBECONFIG PATH

POD_CIDR=10.244.0.0/24
SERVICE_CIDR=10.96.0.0/16
KUBERNETES_SERVICE_IP=10.96.0.1
DNS_SERVICE_IP=10.96.0.10
CNI_BRIDGE=cni0
CONTAINERD_SOCK="$CLUSTER_RUN/containerd.sock"
DOCKER_SOCK="$CLUSTER_RUN/docker.sock"
DOCKER_HOST="unix://$DOCKER_SOCK"
# Debian's dockerd has no BuildKit here (no buildx, and its frontend image would come from a registry):
# the classic builder, which reads no `# syntax=` line.
DOCKER_BUILDKIT=0
export DOCKER_HOST DOCKER_BUILDKIT
# Marks the iptables rules up.sh adds, so down.sh removes exactly those.
IPTABLES_COMMENT=pretrain-cluster
# Host sysctls the node changes (up.sh: ip_forward; kubelet: the kernel defaults it wants); down.sh restores them.
RESTORED_SYSCTLS=(net.ipv4.ip_forward vm.overcommit_memory kernel.panic kernel.panic_on_oops)
# containerd's sandbox_image; up.sh imports the local pause image under this name.
PAUSE_IMAGE=pretrain-local/pause:1.0
COREDNS_IMAGE=pretrain-local/coredns:1.12.4
# The Debian root filesystem that the platform's images build on (images.sh).
BASE_IMAGE=pretrain-local/debian-jre:bookworm

log() { printf '[%s] %s\n' "cluster-$(basename "$0" .sh)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# quiet COMMAND...: its output only when it fails.
quiet() {
  local out
  out="$("$@" 2>&1)" || { printf '%s\n' "$out" >&2; return 1; }
}

# wait_for SECONDS WHAT COMMAND...: runs COMMAND every 2 s until it succeeds, or dies after SECONDS.
wait_for() {
  local limit=$1 what=$2 start=$SECONDS
  shift 2
  until "$@" >/dev/null 2>&1; do
    ((SECONDS - start < limit)) || die "timed out after ${limit}s waiting for $what"
    sleep 2
  done
  log "$what ($((SECONDS - start)) s)"
}
