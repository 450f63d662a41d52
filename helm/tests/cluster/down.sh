#!/usr/bin/env bash
# Tears down what up.sh brought up, leaving nothing behind: the containers, the daemons (by the
# pids up.sh recorded), the mounts and network namespaces under the cluster's folders, the cni0
# bridge, the iptables rules and KUBE-* chains, the pod cgroups, the changed sysctls, and the
# cluster's state. Docker's build cache in $CLUSTER_CACHE stays. Safe to run when nothing is up.
#
# Usage: helm/tests/cluster/down.sh
set -euo pipefail
# shellcheck source=helm/tests/cluster/common.sh
source "$(dirname "$0")/common.sh"

DAEMONS=(kube-proxy kubelet kube-scheduler kube-controller-manager kube-apiserver etcd dockerd containerd)

# Kills every container task in containerd (the pods' and any build's), so no shim outlives it.
stop_containers() {
  [[ -S "$CONTAINERD_SOCK" ]] || return 0
  local ns id
  for ns in k8s.io moby; do
    for id in $(ctr --address "$CONTAINERD_SOCK" -n "$ns" tasks ls -q 2>/dev/null); do
      ctr --address "$CONTAINERD_SOCK" -n "$ns" tasks kill -s SIGKILL "$id" >/dev/null 2>&1 || true
    done
  done
}

stop_pid() {
  local pid=$1 waited=0
  kill "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null && ((waited < 20)); do sleep 0.5; waited=$((waited + 1)); done
  kill -9 "$pid" 2>/dev/null || true
}

stop_daemons() {
  local name file
  for name in "${DAEMONS[@]}"; do
    file="$CLUSTER_RUN/pids/$name.pid"
    [[ -f "$file" ]] && stop_pid "$(cat "$file")"
  done
  # The shims started by our containerd (found by its socket on their command line), should any be left.
  local pid
  for pid in $(pgrep -f -- "-address $CONTAINERD_SOCK" || true); do stop_pid "$pid"; done
}

unmount_all() {
  local root target
  for root in "$CLUSTER_STATE" "$CLUSTER_RUN" "$CLUSTER_CACHE/docker" /run/netns/cni-; do
    findmnt -rn -o TARGET | awk -v root="$root" 'index($0, root) == 1' | sort -r | while read -r target; do
      umount -l "$target" 2>/dev/null || true
    done
  done
  # CRI's pod network namespaces (cni-<uuid>), created by our containerd only: no other CRI runs here.
  rm -f /run/netns/cni-*
}

remove_network() {
  ip link show "$CNI_BRIDGE" >/dev/null 2>&1 && ip link delete "$CNI_BRIDGE"
  while iptables -D FORWARD -i "$CNI_BRIDGE" -m comment --comment "$IPTABLES_COMMENT" -j ACCEPT 2>/dev/null; do :; done
  while iptables -D FORWARD -o "$CNI_BRIDGE" -m comment --comment "$IPTABLES_COMMENT" -j ACCEPT 2>/dev/null; do :; done
  if [[ -x "$CLUSTER_BIN/kube-proxy" ]]; then "$CLUSTER_BIN/kube-proxy" --cleanup >/dev/null 2>&1 || true; fi
  # What kube-proxy's cleanup leaves (the kubelet's KUBE-FIREWALL and KUBE-KUBELET-CANARY chains):
  # rules that jump to a KUBE-* chain, then the chains.
  local cmd table rule chain
  for cmd in iptables ip6tables; do
    for table in filter nat mangle; do
      { "$cmd" -t "$table" -S 2>/dev/null | grep -E '^-A [A-Z]+ .*-j KUBE-' || true; } | while read -r rule; do
        # iptables' own -S output, quoted comments included, read back as its words
        eval "$cmd -t $table -D ${rule#-A }" 2>/dev/null || true
      done
      for chain in $("$cmd" -t "$table" -S 2>/dev/null | sed -n 's/^-N \(KUBE-[^ ]*\)$/\1/p'); do
        "$cmd" -t "$table" -F "$chain" 2>/dev/null || true
      done
      for chain in $("$cmd" -t "$table" -S 2>/dev/null | sed -n 's/^-N \(KUBE-[^ ]*\)$/\1/p'); do
        "$cmd" -t "$table" -X "$chain" 2>/dev/null || true
      done
    done
  done
  # The tables iptables created for the cluster, now empty (those that were there before stay).
  local family
  if [[ -f "$CLUSTER_STATE/nft-tables" ]]; then
    for family in ip ip6; do
      for table in filter nat mangle; do
        grep -qx "table $family $table" "$CLUSTER_STATE/nft-tables" && continue
        cmd=iptables
        [[ $family == ip6 ]] && cmd=ip6tables
        "$cmd-save" -t "$table" 2>/dev/null | grep -q '^-A' || nft delete table "$family" "$table" 2>/dev/null || true
      done
    done
  fi
  conntrack -D -s "$POD_CIDR" >/dev/null 2>&1 || true
  conntrack -D -d "$POD_CIDR" >/dev/null 2>&1 || true
}

# Whatever still runs in the pods' cgroups (a container whose shim is gone), killed by pid.
kill_pod_processes() {
  local pid
  [[ -d /sys/fs/cgroup/pids/kubepods ]] || return 0
  for pid in $(find /sys/fs/cgroup/pids/kubepods -name cgroup.procs -exec cat {} + | sort -u); do
    kill -9 "$pid" 2>/dev/null || true
  done
}

# The kubelet's pod cgroups, deepest first, in every v1 hierarchy.
remove_cgroups() {
  local dir
  for dir in /sys/fs/cgroup/*/kubepods; do
    if [[ -d "$dir" ]]; then find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || true; fi
  done
}

restore_sysctls() {
  [[ -f "$CLUSTER_STATE/sysctls" ]] || return 0
  local line
  while read -r line; do sysctl -qw "$line" 2>/dev/null || log "could not restore $line"; done <"$CLUSTER_STATE/sysctls"
}

[[ $(id -u) -eq 0 ]] || die "run as root"
stop_containers
stop_daemons
kill_pod_processes
unmount_all
remove_network
remove_cgroups
restore_sysctls
rm -rf "$CLUSTER_STATE" "$CLUSTER_RUN"
log "cluster removed"
