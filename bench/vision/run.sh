#!/usr/bin/env bash
# The vision benchmark: contrastive vs denoising-autoencoder pretraining, MLP and residual CNN, against the same
# encoders from scratch and the linear probe, on the MNIST sample at 1% and 10% of the labels, three seeds each.
# Builds the worker and its dependencies (reactor package, nothing installed) unless BENCH_SKIP_BUILD=1, then runs
# VisionBench.java in-process (Temporal's test server, a local artifact directory) and writes bench/vision/results.md.
# Needs the MNIST data (scripts/fetch-data.sh mnist); nothing else to start. BENCH_SMOKE=1 runs a minutes-long smoke
# version; BENCH_SEEDS, BENCH_FRACTIONS and BENCH_ROWS (row names separated by ';') choose a subset.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q -o -DskipTests -pl workflows,activities,worker package
fi
export BENCH_COMMIT="$(git rev-parse --short HEAD)$(git diff --quiet || echo '+dirty')"
# One PyTorch thread (BENCH_THREADS): on a machine shared with other builds, two threads per process spin-wait on each
# other and small fine-tuning steps ran a hundred times slower; the surefire tests run with one for the same reason.
exec java -Xmx1g -Dai.djl.pytorch.num_threads="${BENCH_THREADS:-1}" -Dai.djl.pytorch.num_interop_threads=1 -cp "worker/target/worker.jar:worker/target/lib/*" bench/vision/VisionBench.java \
  "${1:-bench/vision/results.md}"
