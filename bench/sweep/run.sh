#!/usr/bin/env bash
# The sweep benchmark: full grid vs random vs ASHA vs TPE+ASHA on the MNIST fine-tune (27 configurations).
# Builds the worker and its dependencies (reactor package, nothing installed) unless BENCH_SKIP_BUILD=1 or
# BENCH_BUILD names a checkout already built with `mvn -B -q -o -DskipTests package` (whose jars then run, so a build
# here cannot replace them mid-benchmark), then runs SweepBenchmark.java in-process (Temporal's test server, a local
# artifact directory) and writes bench/sweep/results.md. Needs the MNIST data (scripts/fetch-data.sh); nothing else to
# start. BENCH_SMOKE=1 runs a minutes-long smoke version. About 15 minutes on 2 quiet cores with a cold stage cache.
set -euo pipefail
cd "$(dirname "$0")/../.."
# The reproducible-kernel settings every training process of the platform runs with.
source scripts/common.sh
if [[ -n "${BENCH_BUILD:-}" ]]; then
  BENCH_BUILD="$(cd "$BENCH_BUILD" && pwd)"
  [[ -f "$BENCH_BUILD/worker/target/worker.jar" ]] \
    || die "$BENCH_BUILD/worker/target/worker.jar is missing; build with: mvn -B -q -o -DskipTests package"
else
  BENCH_BUILD="$PWD"
  if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    mvn -B -q -o -DskipTests -pl workflows,activities,worker -am package
  fi
fi
export BENCH_COMMIT="$(git -C "$BENCH_BUILD" rev-parse --short HEAD)$(git -C "$BENCH_BUILD" diff --quiet || echo '+dirty')"
exec java -Xmx2g -cp "$BENCH_BUILD/worker/target/worker.jar:$BENCH_BUILD/worker/target/lib/*" \
  bench/sweep/SweepBenchmark.java "${1:-bench/sweep/results.md}"
