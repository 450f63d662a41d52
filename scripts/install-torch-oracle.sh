#!/usr/bin/env bash
# Installs PyTorch 2.5.1 from PyPI into its own virtual environment, as the oracle that the throughput benchmark
# (bench/throughput) compares DJL against: the same libtorch version as DJL 0.33.0's PyTorch natives. With it
# transformers 4.57.6, the reference the BERT import is checked against (scripts/make-bert-fixtures.py,
# scripts/check-hf-export.py).
# Idempotent: an environment whose torch and transformers already import at those versions is left as it is.
#
# Usage: scripts/install-torch-oracle.sh        (prints the environment's python on its last line)
# Env:   TORCH_VENV (default ~/.cache/pretrain/torch-venv)
set -euo pipefail
venv="${TORCH_VENV:-$HOME/.cache/pretrain/torch-venv}"
python="$venv/bin/python"

TRANSFORMERS_VERSION=4.57.6

imports() {
  "$python" -c 'import torch, sys; sys.exit(0 if torch.__version__.split("+")[0] == "2.5.1" else 1)' 2>/dev/null
}

transformers_imports() {
  "$python" -c "import transformers, sys; sys.exit(transformers.__version__ != '$TRANSFORMERS_VERSION')" 2>/dev/null
}

if [[ -x "$python" ]] && imports; then
  transformers_imports || "$python" -m pip install -q "transformers==$TRANSFORMERS_VERSION" >&2
  echo "$python"
  exit 0
fi
# The PyPI wheel is the CUDA build and pulls about 3 GB of nvidia-* wheels (about 5 GB installed).
mkdir -p "$(dirname "$venv")"
avail_kb="$(df -Pk "$(dirname "$venv")" | awk 'NR == 2 {print $4}')"
if (( avail_kb < 8 * 1024 * 1024 )); then
  echo "install-torch-oracle: under 8 GB free beside $venv; the CUDA build of torch needs about 5 GB" >&2
  exit 1
fi
python3 -m venv "$venv"
# The wheel's torch/__init__.py preloads the nvidia-* libraries, so the dependencies come too; --no-deps is the
# fallback only where they cannot be had.
if ! "$python" -m pip install -q torch==2.5.1 >&2; then
  echo "install-torch-oracle: full install failed; trying torch==2.5.1 --no-deps" >&2
  "$python" -m pip install -q --no-deps torch==2.5.1 >&2
  "$python" -m pip install -q filelock typing-extensions sympy networkx jinja2 fsspec >&2
fi
if ! imports; then
  echo "install-torch-oracle: torch 2.5.1 installed in $venv but does not import" >&2
  exit 1
fi
"$python" -m pip install -q "transformers==$TRANSFORMERS_VERSION" >&2
echo "$python"
