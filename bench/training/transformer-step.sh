#!/usr/bin/env bash
# Training-step throughput of the text transformer (causal LM, pre-LayerNorm encoder, Adam) on the CPU build:
# a tiny model (the tests' size) and a small one, synthetic tokens, after 5 warm-up steps.
#
# Usage: bench/training/transformer-step.sh [steps (30)] [torch threads (1)]
# Prints one JSON line per configuration; results.md beside this script records runs.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
steps="${1:-30}"
threads="${2:-1}"
cd "$repo"
# The reproducible-kernel settings every training process of the platform runs with.
source scripts/common.sh
# TransformerStepBench uses the Adam-based language-model harness in activities' test classes.
mvn -B -q -o -pl activities test-compile
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -o -pl activities dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
java -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "activities/target/classes:activities/target/test-classes:$(cat "$cp_file")" bench/training/TransformerStepBench.java "$steps" 2>/dev/null
