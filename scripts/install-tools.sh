#!/usr/bin/env bash
# Installs what the tests and the demo need outside Maven: the Temporal CLI (dev server),
# MinIO, jq, curl and Chromium. Idempotent: each tool already present is kept.
#
# Usage: scripts/install-tools.sh
# Env:   PRETRAIN_TOOLS (default ~/.cache/pretrain/tools): binaries go to $PRETRAIN_TOOLS/bin.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "$0")/common.sh"

# Later tags of the CLI have replace directives and cannot be built with `go install`.
TEMPORAL_MODULE=github.com/temporalio/cli/cmd/temporal@v1.5.1
MINIO_MODULE=github.com/minio/minio@latest

BIN="$PRETRAIN_TOOLS/bin"
mkdir -p "$BIN"

ensure_apt_package() {
  local cmd=$1 pkg=$2
  command -v "$cmd" >/dev/null 2>&1 && return 0
  log "installing $pkg"
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo=sudo
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$pkg" >/dev/null; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$pkg" >/dev/null
  fi
  command -v "$cmd" >/dev/null 2>&1 || die "$pkg installed but '$cmd' is not on PATH"
}

# Waits for a `go install` of the same module that another shell already started, so two
# builds of a 150-250 MB binary do not race on 2 cores; the shared build cache then makes ours quick.
wait_for_other_go_install() {
  local module=$1 waited=0
  while pgrep -f "go install .*${module}" >/dev/null 2>&1; do
    ((waited % 30 == 0)) && log "waiting for a running 'go install ${module}' to finish (${waited}s)"
    sleep 5
    waited=$((waited + 5))
  done
}

go_install() {
  local name=$1 module=$2
  if [[ -x "$BIN/$name" ]]; then
    log "$name: already installed at $BIN/$name"
    return 0
  fi
  command -v go >/dev/null 2>&1 || die "Go is needed to build $name (install Go 1.24+ and rerun)"
  wait_for_other_go_install "${module%@*}"
  # Reuse a binary an earlier plain `go install` left in GOPATH/bin rather than building again.
  local gopath_bin
  gopath_bin="$(go env GOPATH)/bin/$name"
  if [[ -x "$gopath_bin" ]] && "$gopath_bin" --version >/dev/null 2>&1; then
    log "$name: reusing $gopath_bin"
    ln -sf "$gopath_bin" "$BIN/$name"
    return 0
  fi
  log "$name: building $module (a few minutes on a cold build cache)"
  GOBIN="$BIN" GOFLAGS="${GOFLAGS:--buildvcs=false}" go install "$module"
  [[ -x "$BIN/$name" ]] || die "$name: go install finished but $BIN/$name is missing"
}

ensure_apt_package curl curl
ensure_apt_package jq jq
# headless Chromium: the end-to-end test screenshots a run's report and the Swagger UI with it
ensure_apt_package chromium chromium
go_install temporal "$TEMPORAL_MODULE"
go_install minio "$MINIO_MODULE"

log "temporal: $("$BIN/temporal" --version 2>&1 | head -n 1)"
log "minio: $("$BIN/minio" --version 2>&1 | head -n 1)"
log "tools ready in $BIN"
