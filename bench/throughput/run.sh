#!/usr/bin/env bash
# Training throughput of the platform's DJL trainers against PyTorch 2.5.1 (the libtorch DJL 0.33.0 runs on), on the
# same MLP (784-512-512-10, batch 256) and causal-LM transformer (vocab 8000, hidden 256, 4 layers, 4 heads, ffn 1024,
# sequence 128, batch 32), same synthetic data in memory, same optimizer (Adam), loss and step, and on fine-tuning
# the imported all-MiniLM-L6-v2 checkpoint (the fine-tune stage's loop and AdamW against transformers'
# BertForSequenceClassification and torch.optim.AdamW; sequence 128, batch 16), at 1 and 2 intra-op
# threads (1 inter-op thread). Each of 3 repeats is a fresh process per side, DJL and PyTorch alternating so that
# the machine's other load falls on both alike; each warms up, then times its steps. The medians go into results.md
# (between its "measured" markers; the rest of the file, the profile findings, is kept). About 12 minutes on 2 cores.
#
# Usage: bench/throughput/run.sh [MLP steps (100)] [transformer steps (5)] [MiniLM steps (5)]
# Env:   MINILM_DIR (default ~/.cache/pretrain/data/minilm, fetched by scripts/fetch-data.sh minilm)
set -euo pipefail
source "$(dirname "$0")/build.sh"
mlp_steps="${1:-100}"
lm_steps="${2:-5}"
minilm_steps="${3:-5}"
mlp_warmup=10
lm_warmup=2
minilm_warmup=2
minilm="${MINILM_DIR:-$PRETRAIN_DATA_ROOT/minilm}"
[[ -f "$minilm/model.safetensors" && -f "$minilm/config.json" ]] \
  || { echo "run.sh: no MiniLM checkpoint in $minilm; run scripts/fetch-data.sh minilm or set MINILM_DIR" >&2
       exit 1; }
raw="$work/raw.jsonl"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for threads in 1 2; do
  jvm=(java -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 -cp "$classpath")
  for repeat in 1 2 3; do
    echo "threads $threads, repeat $repeat" >&2
    "${jvm[@]}" ai.pretrain.training.MlpTrainingThroughput "$mlp_warmup" "$mlp_steps" 1 2>/dev/null | tee -a "$raw"
    "$python" bench/throughput/torch_bench.py "$threads" "$mlp_warmup" "$mlp_steps" "$lm_warmup" "$lm_steps" 1 \
      | tee -a "$raw"
    "${jvm[@]}" ai.pretrain.training.TransformerTrainingThroughput "$lm_warmup" "$lm_steps" 1 2>/dev/null \
      | tee -a "$raw"
    "$python" bench/throughput/torch_bench.py "$threads" --minilm "$minilm" "$minilm_warmup" "$minilm_steps" 1 \
      | tee -a "$raw"
    "${jvm[@]}" ai.pretrain.training.MiniLmFineTuningThroughput "$minilm" "$minilm_warmup" "$minilm_steps" 1 \
      2>/dev/null | tee -a "$raw"
  done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/throughput/report.py results "$raw" bench/throughput/results.md \
  --load "$load_before" "$load_after" --python "$python" --command "bench/throughput/run.sh $*"
echo "wrote bench/throughput/results.md" >&2
