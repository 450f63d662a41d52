#!/usr/bin/env bash
# Where a training step's time goes, DJL (the platform's trainers, followed line by line in TrainingStepProfile.java,
# with JNI calls and NDArrays counted per phase) against PyTorch (torch_bench.py --profile: phases, and the aten ops
# Python dispatches), at 1 and 2 intra-op threads; then the MLP's optimizer step through DJL's Trainer.step against
# the training session's fused step, checked bit-identical (OptimizerStepVariants.java). The same for MiniLM fine-tuning (the checkpoint in MINILM_DIR, default
# ~/.cache/pretrain/data/minilm). Writes profile.md beside this script. About 6 minutes on 2 cores.
#
# Usage: bench/throughput/profile.sh [transformer and MiniLM steps (3); the MLP profiles ten times as many]
set -euo pipefail
source "$(dirname "$0")/build.sh"
steps="${1:-3}"
minilm="${MINILM_DIR:-$PRETRAIN_DATA_ROOT/minilm}"
raw="$work/raw.jsonl"
for threads in 1 2; do
  java -javaagent:"$agent" -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$classpath" ai.pretrain.training.TrainingStepProfile "$steps" 2>/dev/null | tee -a "$raw" | cut -c1-200
  "$python" bench/throughput/torch_bench.py "$threads" --profile "$steps" | tee -a "$raw" | cut -c1-200
  java -javaagent:"$agent" -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$classpath" ai.pretrain.training.TrainingStepProfile --minilm "$minilm" "$steps" 2>/dev/null \
    | tee -a "$raw" | cut -c1-200
  "$python" bench/throughput/torch_bench.py "$threads" --profile-minilm "$minilm" "$steps" | tee -a "$raw" \
    | cut -c1-200
done
python3 bench/throughput/report.py profile "$raw" bench/throughput/profile.md --command "bench/throughput/profile.sh $*"
java -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -cp "$classpath" \
  ai.pretrain.training.OptimizerStepVariants $((steps * 20)) 2>/dev/null >> bench/throughput/profile.md
echo "wrote bench/throughput/profile.md" >&2
