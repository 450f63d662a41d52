#!/usr/bin/env bash
# Data prep at scale: a generated CSV table (DataBench.java: 50 numeric columns and a 3-class label with signal in it,
# deterministic) of about 200 MiB and about 2 GiB, uploaded to this script's own MinIO (127.0.0.1:9600), submitted
# through the API as a run (data prep, one pretraining epoch, and a minimal rest: 1% validation and test, one
# fine-tuning epoch, no baselines) to a worker started afresh for each size with -Xmx512m. Reports data prep's MB/s
# (file bytes over the prepare-data activity's time, from the workflow history), the pretraining epoch's time, the
# worker's peak heap (the largest heap in use before a collection, from its GC log) and peak RSS (VmHWM), and, as a
# reference, the time DuckDB (PyPI `duckdb`, in a venv under ~/.cache/pretrain; an oracle only) takes to read the
# same file from local disk.
#
# Usage: bench/data/run.sh [results file (bench/data/results.md)]
# Env:   BENCH_DATA_SIZES (default "200 2048": MiB per file, in order).
# Needs the jars (mvn -B -q -o -DskipTests package; BENCH_BUILD=DIR takes them from another checkout) and the tools
# (scripts/install-tools.sh). Takes about 10 to 20 minutes and at most about 9 GB of disk (the 2 GiB file, its copy
# in MinIO, the worker's spool and shards).
# Targets: data prep >= 50 MB/s; peak heap under the 512 MiB limit, and heap and RSS flat between sizes (the
# features, 200 bytes a row, never on the heap; what grows is a few per-row ints).
# shellcheck disable=SC2119 # the bench_* helpers take optional arguments of their own, not the script's
set -euo pipefail
# shellcheck source=bench/common.sh
source "$(dirname "$0")/../common.sh"
cd "$PRETRAIN_REPO"
RESULTS="$(realpath -m "${1:-bench/data/results.md}")"
SIZES="${BENCH_DATA_SIZES:-200 2048}"
API_PORT="${BENCH_API_PORT:-8690}"
WORKER_METRICS_PORT="${BENCH_WORKER_METRICS_PORT:-9674}"
API="http://127.0.0.1:$API_PORT"
BUCKET=bench-data
HEAP=512m
DUCKDB_VENV="$HOME/.cache/pretrain/duckdb-venv"

bench_require_jars api
if [[ ! -x "$DUCKDB_VENV/bin/python" ]] || ! "$DUCKDB_VENV/bin/python" -c 'import duckdb' 2>/dev/null; then
  log "installing duckdb into $DUCKDB_VENV"
  python3 -m venv "$DUCKDB_VENV"
  "$DUCKDB_VENV/bin/pip" install -q duckdb
fi
bench_init
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
bench_start_temporal
bench_start_minio
bench_start_api "$BUCKET" "$API_PORT"
: >"$BENCH_TMP/rows"

# Seconds between the first start and the completion of activity $2 in run $1's history.
activity_seconds() {
  temporal workflow show --address "$BENCH_TEMPORAL_ADDRESS" --workflow-id "$1" --output json \
    | python3 -c '
import json, sys
from datetime import datetime
events = json.load(sys.stdin)["events"]
kind, scheduled, started = sys.argv[1], {}, {}
def at(e): return datetime.fromisoformat(e["eventTime"].replace("Z", "+00:00")[:26] + "+00:00")
for e in events:
    t = e["eventType"]
    if t.endswith("ACTIVITY_TASK_SCHEDULED"):
        scheduled[e["eventId"]] = e["activityTaskScheduledEventAttributes"]["activityType"]["name"]
    elif t.endswith("ACTIVITY_TASK_STARTED"):
        started.setdefault(e["activityTaskStartedEventAttributes"]["scheduledEventId"], at(e))
    elif t.endswith("ACTIVITY_TASK_COMPLETED"):
        s = e["activityTaskCompletedEventAttributes"]["scheduledEventId"]
        if scheduled[s] == kind:
            print("%.1f" % (at(e) - started[s]).total_seconds())
' "$2"
}

for mib in $SIZES; do
  csv="$BENCH_TMP/table-${mib}m.csv"
  log "${mib} MiB: generating $csv"
  rows="$(java -cp "$BENCH_CLASSPATH" bench/data/DataBench.java generate "$csv" $((mib * 1048576)) 42)"
  bytes="$(stat -c %s "$csv")"
  log "${mib} MiB: $rows rows, $bytes bytes; uploading"
  # shellcheck disable=SC2046
  env $(bench_platform_env "$BUCKET") java -cp "$BENCH_CLASSPATH" bench/data/DataBench.java upload "$csv" "$BUCKET" \
    "data/table-${mib}m.csv"

  log "${mib} MiB: duckdb reads it from local disk"
  duckdb_s="$("$DUCKDB_VENV/bin/python" - "$csv" <<'PY'
import sys, time, duckdb
start = time.perf_counter()
duckdb.sql(f"SELECT count(*), avg(COLUMNS(*)) FROM read_csv('{sys.argv[1]}')").fetchall()
print("%.1f" % (time.perf_counter() - start))
PY
)"

  gc_log="$BENCH_TMP/gc-${mib}m.log"
  # shellcheck disable=SC2046
  bench_launch "worker-${mib}m" env $(bench_platform_env "$BUCKET") WORKER_METRICS_PORT="$WORKER_METRICS_PORT" \
    java -Xmx$HEAP -Xlog:gc:file="$gc_log" -cp "$BENCH_CLASSPATH" ai.pretrain.worker.WorkerMain
  worker_pid=$BENCH_LAST_PID
  bench_wait "curl -fsS --max-time 3 http://127.0.0.1:$WORKER_METRICS_PORT/health" "$worker_pid" 120 "worker-${mib}m"

  spec="$BENCH_TMP/spec-${mib}m.yaml"
  cat >"$spec" <<YAML
name: bench-data-${mib}m
seed: 7
dataset:
  uri: s3://$BUCKET/data/table-${mib}m.csv
  task: classification
  label: label
prep: {validationFraction: 0.01, testFraction: 0.01, labeledFraction: 0.01, shardSize: 160000}
pretrain: {hiddenUnits: [64], latentUnits: 16, corruption: gaussian, epochs: 1, batchSize: 512, learningRate: 0.001}
fineTune: {epochs: 1, batchSize: 512, learningRate: 0.001, patience: 1}
evaluate: {baselines: []}
YAML
  log "${mib} MiB: submitting the run"
  submitted=$SECONDS
  run_id="$(bench_submit "$API" "$spec")"
  status="$(bench_await "$API" "$run_id" 5 3600 "$worker_pid")"
  run_s=$((SECONDS - submitted))
  rss_kib="$(awk '/VmHWM/ { print $2 }' "/proc/$worker_pid/status")"
  bench_stop "$worker_pid"
  [[ "$status" == COMPLETED ]] || { tail -n 60 "$BENCH_TMP/worker-${mib}m.log" >&2; die "run $run_id ended $status"; }
  prep_s="$(activity_seconds "$run_id" PrepareData)"
  pretrain_s="$(activity_seconds "$run_id" Pretrain)"
  heap_mib="$(sed -n 's/.* \([0-9]*\)M->[0-9]*M([0-9]*M).*/\1/p' "$gc_log" | sort -n | tail -1)"
  live_mib="$(sed -n 's/.* [0-9]*M->\([0-9]*\)M([0-9]*M).*/\1/p' "$gc_log" | sort -n | tail -1)"
  prep_rate="$(awk -v b="$bytes" -v s="$prep_s" 'BEGIN { printf "%.1f", b / 1e6 / s }')"
  duck_rate="$(awk -v b="$bytes" -v s="$duckdb_s" 'BEGIN { printf "%.1f", b / 1e6 / s }')"
  echo "| ${mib} MiB | $bytes | $rows | $prep_s | $prep_rate | $pretrain_s | $run_s | ${heap_mib:-?} | ${live_mib:-?} | $((rss_kib / 1024)) | $duckdb_s ($duck_rate MB/s) |" \
    | tee -a "$BENCH_TMP/rows" >&2
  echo "$mib $prep_rate ${heap_mib:-0} $((rss_kib / 1024)) ${live_mib:-0} $rows" >>"$BENCH_TMP/numbers"
  rm -f "$csv"
done

verdicts="$(awk '
  { rate[NR] = $2; heap[NR] = $3; rss[NR] = $4; live[NR] = $5; rows[NR] = $6 }
  END {
    slow = 0; rates = ""
    for (i = 1; i <= NR; i++) { if (rate[i] < 50) slow = 1; rates = rates (i > 1 ? ", " : "") rate[i] }
    printf "- data prep >= 50 MB/s: %s (%s MB/s)\n", slow ? "NOT met" : "met", rates
    over = 0; for (i = 1; i <= NR; i++) if (heap[i] >= 512) over = 1
    printf "- peak heap under the 512 MiB limit at every size: %s (%s -> %s MiB)\n", over ? "NOT met" : "met", \
      heap[1], heap[NR]
    if (NR > 1 && rows[NR] > rows[1]) {
      printf "- heap after GC: %s -> %s MiB, %.1f bytes per extra row (the features are %d bytes per row); RSS: %s -> %s MiB\n", \
        live[1], live[NR], (live[NR] - live[1]) * 1048576 / (rows[NR] - rows[1]), 4 * 50, rss[1], rss[NR]
    }
  }' "$BENCH_TMP/numbers")"
{
  cat <<MD
# Data prep at scale

\`bench/data/run.sh\`: a generated CSV table (\`DataBench.java\`: 50 numeric columns with 4 decimals and a 3-class
label that shifts the mean of the first 10 columns; seed 42) uploaded to a local MinIO and submitted through the API
as a run to a worker started afresh with \`-Xmx$HEAP\`: data prep (stream, parse, encode to a spool on local disk,
split, standardize, write 160,000-example training shards and the 1% validation and test splits), one pretraining
epoch of a denoising autoencoder (64-16) reading the training shards one at a time, and a minimal rest (one
fine-tuning epoch on 1% labels, evaluation without baselines). MB/s is 10^6 bytes of CSV per second of the
prepare-data activity (start to completion, from the workflow history). Peak heap is the largest heap in use before
a collection in the worker's GC log (G1 lets garbage pile up to its young-generation target, so this follows the GC's
sizing more than the data), the largest heap after a collection is the most that stayed live; peak RSS is the
worker's VmHWM. DuckDB reads the same file from local disk
(\`SELECT count(*), avg(COLUMNS(*)) FROM read_csv(...)\`, all columns parsed) as a reference, not a target.

## Verdict

$verdicts

## Results

| file | bytes | rows | data prep (s) | data prep (MB/s) | pretraining epoch (s) | run, submit to end (s) | peak heap (MiB) | largest heap after GC (MiB) | peak RSS (MiB) | DuckDB (s) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
$(cat "$BENCH_TMP/rows")

## Notes

- Everything runs on one 2-core machine: MinIO, Temporal, the API, the worker and DuckDB. Load average ${load_before}
  at the start; other builds and tests were running, so the rates are loose.
- RSS counts the JVM's heap, its metaspace and code cache, and libtorch's native memory for pretraining; the spool
  and the shards are read with positional reads and do not enter it (the page cache holds them).

$(bench_machine_section)
MD
} >"$RESULTS"
log "wrote $RESULTS"
cat "$RESULTS"
