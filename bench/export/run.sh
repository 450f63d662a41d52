#!/usr/bin/env bash
# Rebuilding exported models without the platform (issue 19): runs wine (MLP, standardized table), diabetes (MLP
# regression) and MNIST with the residual CNN and with the MLP (pixels standardized per channel) through the API on
# the benchmark's own Temporal, MinIO, worker and API, downloads each run's model-card.json, model.safetensors,
# predictions.csv, test.ptds and test-examples.json as a user would (GET /api/v1/runs/{id}/artifacts/{stage}/{name}),
# and runs scripts/load-model.py on them: the model rebuilt in PyTorch from the card alone must give the platform's
# test predictions, and wine's raw rows, encoded by the card, must give the test shard's features. Results go to
# bench/export/results.md. About 5 minutes on 2 cores.
#
# Usage: bench/export/run.sh
# Needs: the jars (mvn -B -q -o -DskipTests package), scripts/install-tools.sh, scripts/fetch-data.sh sklearn mnist,
# and PyTorch (scripts/install-torch-oracle.sh; about 5 GB).
set -euo pipefail
source "$(dirname "$0")/../common.sh"
cd "$PRETRAIN_REPO"
bench_require_jars api
python="$(scripts/install-torch-oracle.sh | tail -1)"
bench_init
API_PORT="${BENCH_API_PORT:-8691}"
API="http://127.0.0.1:$API_PORT"
bench_start_temporal
bench_start_minio
bench_start_worker bench-export 9692 PRETRAIN_DATA_ROOT="$PRETRAIN_DATA_ROOT"
bench_start_api bench-export "$API_PORT"

# Submits spec $1 (YAML on stdin), waits for it, and downloads its model files into $BENCH_TMP/$1.
run_model() {
  local name=$1 dir="$BENCH_TMP/$1" run_id status artifact
  run_id="$(bench_submit "$API" -)"
  log "$name: run $run_id"
  status="$(bench_await "$API" "$run_id" 3)"
  [[ "$status" == COMPLETED ]] || die "$name: run $run_id ended $status"
  mkdir -p "$dir"
  for artifact in evaluate/model-card:model-card.json evaluate/model-safetensors:model.safetensors \
      evaluate/predictions:predictions.csv prepareData/test:test.ptds prepareData/test-examples:test-examples.json; do
    curl -fsS -o "$dir/${artifact#*:}" "$API/api/v1/runs/$run_id/artifacts/${artifact%%:*}"
  done
}

run_model wine <<'YAML'
name: export-wine
seed: 42
dataset: {name: wine}
prep: {validationFraction: 0.2, testFraction: 0.2, labeledFraction: 0.5}
pretrain: {hiddenUnits: [32], latentUnits: 8, corruption: gaussian, corruptionLevel: 0.3, epochs: 10, batchSize: 16}
adapt: {headHiddenUnits: 16, dropout: 0.2}
fineTune: {epochs: 20, batchSize: 8, learningRate: 0.003}
evaluate: {baselines: []}
YAML
run_model diabetes <<'YAML'
name: export-diabetes
seed: 7
dataset: {name: diabetes}
prep: {validationFraction: 0.2, testFraction: 0.2, labeledFraction: 0.5}
pretrain: {hiddenUnits: [32], latentUnits: 8, corruption: gaussian, corruptionLevel: 0.3, epochs: 10, batchSize: 16}
adapt: {headHiddenUnits: 0, dropout: 0.1}
fineTune: {epochs: 20, batchSize: 8, learningRate: 0.003, monitor: validationLoss}
evaluate: {baselines: []}
YAML
run_model mnist-cnn <<'YAML'
name: export-mnist-cnn
seed: 42
dataset: {name: mnist}
prep: {validationFraction: 0.1, testFraction: 0.05, labeledFraction: 0.02}
pretrain: {architecture: residual-cnn, channels: [8, 16], latentUnits: 32, epochs: 1, batchSize: 64, maxBatchesPerEpoch: 20}
adapt: {headHiddenUnits: 0, dropout: 0.1}
fineTune: {epochs: 3, batchSize: 32}
evaluate: {baselines: []}
YAML
run_model mnist-mlp <<'YAML'
name: export-mnist-mlp
seed: 42
dataset: {name: mnist}
prep: {validationFraction: 0.1, testFraction: 0.05, labeledFraction: 0.05}
pretrain: {hiddenUnits: [128], latentUnits: 32, epochs: 2, batchSize: 64}
adapt: {headHiddenUnits: 0, dropout: 0.1}
fineTune: {epochs: 5, batchSize: 32}
evaluate: {baselines: []}
YAML

sklearn="$PRETRAIN_DATA_ROOT/sklearn"
out="$BENCH_TMP/load-model.txt"
verdict=met
for model in wine diabetes mnist-cnn mnist-mlp; do
  raw=()
  [[ "$model" == wine ]] && raw=(--raw-csv "$sklearn/wine_data.csv" --header-rows 1 --feature-columns :-1)
  echo "\$ scripts/load-model.py $model${raw[*]:+ ${raw[*]}}" >>"$out"
  "$python" scripts/load-model.py "$BENCH_TMP/$model" "${raw[@]}" >>"$out" 2>&1 || verdict="not met"
  echo >>"$out"
done
cat "$out" >&2
torch_version="$("$python" -c 'import torch; print(torch.__version__)')"
{
  echo "# Rebuilding exported models from the model card (issue 19)"
  echo
  echo "Command: \`bench/export/run.sh\`. Four runs through the API (wine: MLP with a hidden head layer and dropout;"
  echo "diabetes: MLP regression; MNIST: residual CNN with batch normalization, and MLP, whose first operation"
  echo "standardizes the pixels with the training split's statistics), their files downloaded through"
  echo "\`GET /api/v1/runs/{id}/artifacts/{stage}/{name}\`, then \`scripts/load-model.py\`, which builds each network in"
  echo "PyTorch $torch_version from \`model-card.json\` (docs/model-card.schema.json) and \`model.safetensors\` alone and"
  echo "predicts \`test.ptds\`. Target: every predicted class equal to the platform's (\`predictions.csv\`), probabilities"
  echo "within 2e-6 (the CSV's 6 decimals), regression predictions within 1e-5 relative, the card's test accuracy"
  echo "reproduced exactly, and raw rows encoded by the card equal to the test shard's features (1e-5)."
  echo
  echo '```'
  cat "$out"
  echo '```'
  echo
  echo "Verdict: $verdict."
  echo
  bench_machine_section
} > bench/export/results.md
log "wrote bench/export/results.md (verdict: $verdict)"
