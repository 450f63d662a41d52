#!/usr/bin/env bash
# The sweep benchmark: full grid vs random vs ASHA vs TPE+ASHA on the MNIST fine-tune (27 configurations).
# Builds the worker and its dependencies (reactor package, nothing installed) unless BENCH_SKIP_BUILD=1, then runs
# SweepBenchmark.java in-process (Temporal's test server, a local artifact directory) and writes bench/sweep/results.md.
# Needs the MNIST data (scripts/fetch-data.sh); nothing else to start. BENCH_SMOKE=1 runs a minutes-long smoke version.
set -euo pipefail
cd "$(dirname "$0")/../.."
# The reproducible-kernel settings every training process of the platform runs with.
source scripts/common.sh
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q -o -DskipTests -pl workflows,activities,worker package
fi
export BENCH_COMMIT="$(git rev-parse --short HEAD)$(git diff --quiet || echo '+dirty')"
exec java -Xmx2g -cp "worker/target/worker.jar:worker/target/lib/*" bench/sweep/SweepBenchmark.java \
  "${1:-bench/sweep/results.md}"
