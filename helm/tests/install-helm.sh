#!/usr/bin/env bash
# Installs the Helm CLI the chart tests use, built from source with `go install` (the Go module
# proxy is the one place this project's machines reach for Go code; Helm's release binaries are
# not downloaded). Idempotent: a helm of the pinned version already in place is kept.
#
# Usage: helm/tests/install-helm.sh
# Env:   PRETRAIN_TOOLS (default ~/.cache/pretrain/tools): the binary goes to $PRETRAIN_TOOLS/bin/helm.
set -euo pipefail

HELM_VERSION=v3.19.0
HELM_MODULE="helm.sh/helm/v3/cmd/helm@${HELM_VERSION}"
BIN="${PRETRAIN_TOOLS:-$HOME/.cache/pretrain/tools}/bin"
# What Helm's Makefile stamps in: the version, and the Kubernetes version that `helm lint` and
# `helm template` assume without --kube-version (v3.19 is built against the 1.34 client libraries;
# unstamped, it would assume 1.20 and refuse the chart's kubeVersion >=1.25).
LDFLAGS="-s -w -X helm.sh/helm/v3/internal/version.version=${HELM_VERSION}"
for pkg in pkg/lint/rules pkg/chartutil; do
  LDFLAGS+=" -X helm.sh/helm/v3/${pkg}.k8sVersionMajor=1 -X helm.sh/helm/v3/${pkg}.k8sVersionMinor=34"
done
STAMP="$BIN/.helm-build"

log() { printf '[install-helm] %s\n' "$*" >&2; }

mkdir -p "$BIN"
if [[ -x "$BIN/helm" && -f "$STAMP" && "$(cat "$STAMP")" == "$LDFLAGS" ]]; then
  log "helm $HELM_VERSION already installed at $BIN/helm"
  exit 0
fi
command -v go >/dev/null 2>&1 || { log "ERROR: Go is needed to build helm (install Go 1.24+ and rerun)"; exit 1; }

# Waits for a `go install` of helm that another shell already started, so two builds do not
# race on 2 cores; the shared build cache then makes ours quick.
waited=0
while pgrep -f "go install .*helm.sh/helm" >/dev/null 2>&1; do
  ((waited % 30 == 0)) && log "waiting for a running 'go install helm.sh/helm' to finish (${waited}s)"
  sleep 5
  waited=$((waited + 5))
done

log "building $HELM_MODULE (a few minutes on a cold build cache)"
GOBIN="$BIN" GOFLAGS="${GOFLAGS:--buildvcs=false}" go install -ldflags "$LDFLAGS" "$HELM_MODULE"
[[ -x "$BIN/helm" ]] || { log "ERROR: go install finished but $BIN/helm is missing"; exit 1; }
printf '%s' "$LDFLAGS" > "$STAMP"
log "helm: $("$BIN/helm" version --short)"
