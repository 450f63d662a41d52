#!/usr/bin/env bash
# Installs what the cluster test needs: Debian's container packages (Docker, containerd, runc, the
# CNI plugins, iptables, conntrack, debootstrap) and, built from the Go module proxy, Kubernetes
# (kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy, kubectl), etcd and
# CoreDNS. Nothing comes from a container registry or a release download. Idempotent: a binary
# already built at the pinned version is kept (about 20 min on a fresh machine, seconds after).
#
# Usage: helm/tests/cluster/install.sh
# Env:   PRETRAIN_CLUSTER_BIN (default ~/.cache/pretrain/cluster/bin): where the binaries go.
set -euo pipefail
# shellcheck source=helm/tests/cluster/common.sh
source "$(dirname "$0")/common.sh"

KUBE_VERSION=v1.35.4
KUBE_STAGING_VERSION=v0.35.4
ETCD_VERSION=v3.6.16
COREDNS_VERSION=v1.12.4
KUBE_COMMANDS=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)
PACKAGES=(docker.io containerd runc containernetworking-plugins iptables nftables conntrack debootstrap)

install_packages() {
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  log "installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  # No init system here: policy-rc.d keeps the packages from starting their services; up.sh starts them.
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  rm -f /usr/sbin/policy-rc.d
}

# Same-version stamp: a binary is rebuilt when its pinned version changes.
built() { [[ -x "$CLUSTER_BIN/$1" && "$(cat "$CLUSTER_BIN/.$1.version" 2>/dev/null)" == "$2" ]]; }
stamp() { printf '%s' "$2" >"$CLUSTER_BIN/.$1.version"; }

# A wrapper module that requires k8s.io/kubernetes and replaces each staging module it names
# (k8s.io/api => ./staging/src/k8s.io/api) with the published one of the same release.
build_kubernetes() {
  local cmd todo=()
  for cmd in "${KUBE_COMMANDS[@]}"; do built "$cmd" "$KUBE_VERSION" || todo+=("$cmd"); done
  [[ ${#todo[@]} -eq 0 ]] && return 0
  local mod="$CLUSTER_CACHE/src/kubernetes-$KUBE_VERSION" gomod staging
  mkdir -p "$mod"
  gomod="$(go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" | jq -r .GoMod)"
  mapfile -t staging < <(sed -nE 's#^\s*(k8s\.io/[a-z0-9-]+) => \./staging/src/.*#\1#p' "$gomod")
  [[ ${#staging[@]} -gt 0 ]] || die "no staging modules found in k8s.io/kubernetes@$KUBE_VERSION's go.mod"
  {
    printf 'module pretrain.local/kubernetes\n\ngo 1.25\n\nrequire k8s.io/kubernetes %s\n\n' "$KUBE_VERSION"
    for cmd in "${staging[@]}"; do printf 'replace %s => %s %s\n' "$cmd" "$cmd" "$KUBE_STAGING_VERSION"; done
  } >"$mod/go.mod"
  {
    printf '//go:build tools\n\npackage tools\n\nimport (\n'
    for cmd in "${KUBE_COMMANDS[@]}"; do printf '\t_ "k8s.io/kubernetes/cmd/%s"\n' "$cmd"; done
    printf ')\n'
  } >"$mod/tools.go"
  (cd "$mod" && go mod tidy)
  local ldflags="" minor=${KUBE_VERSION#v1.} pkg
  minor=${minor%%.*}
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  for cmd in "${todo[@]}"; do
    log "building $cmd $KUBE_VERSION"
    (cd "$mod" && CGO_ENABLED=0 nice -n 10 go build -trimpath -ldflags "-s -w$ldflags" \
      -o "$CLUSTER_BIN/$cmd" "k8s.io/kubernetes/cmd/$cmd")
    stamp "$cmd" "$KUBE_VERSION"
  done
}

# etcd's main module has replace directives, which `go install` refuses: build it through a wrapper
# module that requires its modules at the same tag.
build_etcd() {
  built etcd "$ETCD_VERSION" && return 0
  local mod="$CLUSTER_CACHE/src/etcd-$ETCD_VERSION" m
  mkdir -p "$mod"
  {
    printf 'module pretrain.local/etcd\n\ngo 1.25\n\nrequire (\n'
    for m in server/v3 api/v3 client/pkg/v3 client/v3 pkg/v3; do printf '\tgo.etcd.io/etcd/%s %s\n' "$m" "$ETCD_VERSION"; done
    printf ')\n'
  } >"$mod/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' >"$mod/tools.go"
  (cd "$mod" && go mod tidy)
  log "building etcd $ETCD_VERSION"
  (cd "$mod" && CGO_ENABLED=0 nice -n 10 go build -trimpath -ldflags "-s -w" -o "$CLUSTER_BIN/etcd" go.etcd.io/etcd/server/v3)
  stamp etcd "$ETCD_VERSION"
}

build_coredns() {
  built coredns "$COREDNS_VERSION" && return 0
  log "building coredns $COREDNS_VERSION"
  GOBIN="$CLUSTER_BIN" CGO_ENABLED=0 nice -n 10 go install -trimpath -ldflags "-s -w" \
    "github.com/coredns/coredns@$COREDNS_VERSION"
  stamp coredns "$COREDNS_VERSION"
}

command -v go >/dev/null 2>&1 || die "Go is needed to build the cluster's binaries (install Go 1.25+ and rerun)"
command -v jq >/dev/null 2>&1 || die "jq is needed (scripts/install-tools.sh installs it)"
mkdir -p "$CLUSTER_BIN"
started=$SECONDS
install_packages
"$REPO/helm/tests/install-helm.sh"
build_etcd
build_coredns
build_kubernetes
log "cluster binaries ready in $CLUSTER_BIN ($((SECONDS - started)) s)"
