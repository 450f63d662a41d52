#!/usr/bin/env bash
# General corpus -> domain -> task: what the text pipeline's pretraining and domain-adaptive continued pretraining give
# on spam vs ham, through the API and the real worker, on a Temporal dev server and a MinIO of this script's own
# (127.0.0.1:7633 and :9600; the tests' servers are not used).
#
# examples/spam-domain-adaptation.yaml (a masked language model on the State of the Union addresses, continued on the
# training emails' text, fine-tuned on their labels) runs once per seed and labeled fraction; each run's table compares
# the domain-adapted model with the general-domain model (no continued pretraining) and the same transformer from
# scratch. A seed's runs after its first reuse its tokenizer, pretraining and continued pretraining from the stage cache.
#
# Usage: bench/text/run.sh [results file (bench/text/results.md)] [labeled fractions (0.01 0.05)] [seeds (42 7 1234)]
# Needs the jars (mvn -B -q -o -DskipTests package; BENCH_BUILD=DIR takes them from another checkout), the tools
# (scripts/install-tools.sh) and the corpora (scripts/fetch-data.sh sotu spam-assassin). About 2 minutes for a seed's
# first fraction and 1 for each further one on an idle 2-core machine.
# shellcheck disable=SC2119 # the bench_* helpers take optional arguments of their own, not the script's
set -euo pipefail
# shellcheck source=bench/common.sh
source "$(dirname "$0")/../common.sh"
cd "$PRETRAIN_REPO"
RESULTS="$(realpath -m "${1:-bench/text/results.md}")"
read -r -a FRACTIONS <<<"${2:-0.01 0.05}"
read -r -a SEEDS <<<"${3:-42 7 1234}"
SPEC=examples/spam-domain-adaptation.yaml
API_PORT="${BENCH_API_PORT:-8680}"
WORKER_METRICS_PORT="${BENCH_WORKER_METRICS_PORT:-9664}"
API="http://127.0.0.1:$API_PORT"
BUCKET=bench-text

bench_require_jars api
for corpus in sotu spam-assassin; do
  [[ -d "$PRETRAIN_DATA_ROOT/$corpus" ]] || scripts/fetch-data.sh "$corpus"
done
bench_init
bench_start_temporal
bench_start_minio
bench_start_worker "$BUCKET" "$WORKER_METRICS_PORT"
bench_start_api "$BUCKET" "$API_PORT"

ROWS="$BENCH_TMP/rows.md"
STAGES="$BENCH_TMP/stages.md"
: >"$ROWS"
: >"$STAGES"
for seed in "${SEEDS[@]}"; do
for fraction in "${FRACTIONS[@]}"; do
  spec="$BENCH_TMP/spec-$seed-$fraction.yaml"
  sed -e "s/^  labeledFraction: .*/  labeledFraction: $fraction/" -e "s/^seed: .*/seed: $seed/" "$SPEC" >"$spec"
  log "seed $seed, labeled fraction $fraction: submitting"
  run_id="$(bench_submit "$API" "$spec")"
  SECONDS=0
  status="$(bench_await "$API" "$run_id")"
  [[ "$status" == COMPLETED ]] || die "run $run_id ended $status (worker log: $BENCH_TMP/worker.log)"
  run="$(curl -fsS "$API/api/v1/runs/$run_id")"
  labeled="$(jq -r '.stages[] | select(.stage == "prepareData") | .metrics.labeledExamples' <<<"$run")"
  jq -r --arg f "$fraction" --arg n "$labeled" --arg seed "$seed" '.comparison[] | "| \($seed) | \($f) (\($n | tonumber | floor) emails) | \(.model) | \(.accuracy * 1000 | round / 1000) | \(.precision * 1000 | round / 1000) | \(.recall * 1000 | round / 1000) | \(.f1 * 1000 | round / 1000) |"' <<<"$run" >>"$ROWS"
  jq -r --arg f "$fraction" --arg s "$SECONDS" --arg seed "$seed" '"| \($seed) | \($f) | \($s) | " + ([.stages[] | "\(.stage) \(if .cacheHit then "cached" else (.state | ascii_downcase) end)"] | join(", ")) + " | \(.stages[] | select(.stage == "adapt") | .metrics.domainPerplexityBefore * 10 | round / 10) -> \(.stages[] | select(.stage == "adapt") | .metrics.domainPerplexityAfter * 10 | round / 10) |"' <<<"$run" >>"$STAGES"
  log "seed $seed, labeled fraction $fraction: $status in $SECONDS s"
done
done

# Mean and standard deviation over the seeds, per fraction and model, from the rows' fraction, model, accuracy, F1.
SUMMARY="$BENCH_TMP/summary.md"
awk -F'|' '{
    gsub(/ /, "", $3); gsub(/ /, "", $4)
    split($3, f, "(")
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
  }' "$ROWS" >"$SUMMARY"

{
  cat <<EOF
# Text: general corpus -> domain -> task

\`bench/text/run.sh\` submits [\`examples/spam-domain-adaptation.yaml\`](../../examples/spam-domain-adaptation.yaml)
through the API once per seed and labeled fraction: a BERT-style transformer (2 layers, hidden 64, 4 heads, sequence 64,
2,000-token byte-level BPE trained on the corpus) pretrained by masked language modelling on the 233 State of the
Union addresses (400 steps of 32 windows), continued on the training emails' text (200 steps: the \`pretrained\`
model), then fine-tuned on the labeled fraction of the 4,218 training emails; \`general-pretrained\` skips the
continued pretraining, \`scratch\` skips all pretraining. Test split: 1,205 emails, about 31% spam. Each seed draws
its own split, labeled subset, initialisation and masks (seeds: ${SEEDS[*]}).

| labeled fraction | model | seeds | accuracy (mean ± sd) | F1, macro (mean ± sd) |
| --- | --- | ---: | ---: | ---: |
$(cat "$SUMMARY")

| seed | labeled fraction | model | accuracy | precision (macro) | recall (macro) | F1 (macro) |
| --- | --- | --- | ---: | ---: | ---: | ---: |
$(cat "$ROWS")

| seed | labeled fraction | seconds | stages | held-out email perplexity before -> after continued pretraining |
| --- | --- | ---: | --- | --- |
$(cat "$STAGES")

EOF
  bench_machine_section
} >"$RESULTS"
log "wrote $RESULTS"
