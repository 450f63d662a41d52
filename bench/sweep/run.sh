#!/usr/bin/env bash
# The sweep benchmark: full grid vs random vs ASHA vs TPE+ASHA on the MNIST fine-tune (27 configurations).
# Builds the worker (with its dependencies) unless BENCH_SKIP_BUILD=1, then runs SweepBenchmark.java in-process and
# writes bench/sweep/results.md. Needs the MNIST data (scripts/fetch-data.sh); nothing else to start.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q -o -DskipTests -pl workflows,activities,worker install
fi
export BENCH_COMMIT="$(git rev-parse --short HEAD)$(git diff --quiet || echo '+dirty')"
exec java -Xmx2g -cp "worker/target/worker.jar:worker/target/lib/*" bench/sweep/SweepBenchmark.java \
  "${1:-bench/sweep/results.md}"
