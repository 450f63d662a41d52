#!/usr/bin/env bash
# Installs Schemathesis from PyPI into its own virtual environment: the API contract test
# (api/src/test/java/ai/pretrain/api/contract) runs it against the API's /q/openapi with --checks all.
# Idempotent: an environment whose schemathesis already runs at the pinned version is left as it is.
#
# Usage: scripts/install-schemathesis.sh        (prints the schemathesis executable on its last line)
# Env:   SCHEMATHESIS_VENV (default ~/.cache/pretrain/schemathesis-venv)
set -euo pipefail
venv="${SCHEMATHESIS_VENV:-$HOME/.cache/pretrain/schemathesis-venv}"
VERSION=4.32.5
st="$venv/bin/schemathesis"

installed() {
  [[ -x "$st" ]] && [[ "$("$st" --version 2>/dev/null)" == *"$VERSION"* ]]
}

if ! installed; then
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q "schemathesis==$VERSION" >&2
  if ! installed; then
    echo "install-schemathesis: schemathesis $VERSION installed in $venv but does not run" >&2
    exit 1
  fi
fi
echo "$st"
