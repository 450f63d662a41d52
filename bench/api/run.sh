#!/usr/bin/env bash
# The API under load, against a Temporal dev server (127.0.0.1:7633), MinIO (127.0.0.1:9600), a worker and the Quarkus
# API (127.0.0.1:8680) that this script starts for itself; the services the tests use are not touched.
#
#   1. Status reads, GET /api/v1/runs/{id}, open-loop at 50, 100, 200 and 400 requests/s (ApiLoad.java): p50/p99
#      per rate, for a RUNNING run (waiting for a GPU worker: progress from a query its CPU worker answers) and a
#      COMPLETED one (progress from its result), and, where the API reuses a running run's progress answer
#      (PRETRAIN_PROGRESS_CACHE_TTL), the running one again with that reuse off; then wrk, closed-loop, for the most
#      the API serves, and the Temporal calls a read is made of.
#   2. 200 POST /api/v1/runs at once with distinct Idempotency-Keys; the runs counted through the API's list and
#      Temporal's visibility (each started exactly once?); the same 200 keys again (no new run?); then all terminated.
#
# Usage: bench/api/run.sh [results file (bench/api/results.md)]
# Needs the jars (mvn -B -q -o -DskipTests package; BENCH_BUILD=DIR takes them from another checkout), the tools
# (scripts/install-tools.sh) and MNIST (scripts/fetch-data.sh); installs wrk from Debian if missing. Takes about
# 7 minutes.
# Targets: p99 < 50 ms at 200 requests/s; every one of the 200 runs started exactly once.
# shellcheck disable=SC2119 # the bench_* helpers take optional arguments of their own, not the script's
set -euo pipefail
# shellcheck source=bench/common.sh
source "$(dirname "$0")/../common.sh"
cd "$PRETRAIN_REPO"
RESULTS="$(realpath -m "${1:-bench/api/results.md}")"
API_PORT="${BENCH_API_PORT:-8680}"
WORKER_METRICS_PORT="${BENCH_WORKER_METRICS_PORT:-9664}"
API="http://127.0.0.1:$API_PORT"
BUCKET=bench-api
STEP_SECONDS=15
RATES=(50 100 200 400)
SUBMISSIONS=200

bench_require_jars api
bench_install_wrk
[[ -d "$PRETRAIN_DATA_ROOT/mnist" ]] || scripts/fetch-data.sh mnist
bench_init
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
bench_start_temporal
bench_start_minio

submit() {
  curl -fsS -X POST -H 'Content-Type: application/yaml' --data-binary "@$1" "$API/api/v1/runs" | jq -r .runId
}

run_field() {
  curl -fsS --max-time 10 "$API/api/v1/runs/$1" | jq -r "$2"
}

# Since f32ae0b the API reuses a running run's progress answer for PRETRAIN_PROGRESS_CACHE_TTL (1 s); with it, reads of
# the running run are measured with and without that reuse.
progress_cache=0
unzip -l "$(dirname "$BENCH_API_JAR")"/app/api-*.jar 2>/dev/null | grep -q 'ai/pretrain/api/runs/RecentProgress' \
  && progress_cache=1
bench_start_api "$BUCKET" "$API_PORT"
bench_start_worker "$BUCKET" "$WORKER_METRICS_PORT"

# A completed run, then a running one: with the worker polling only pretrain-cpu, a run waits at pretraining for a GPU
# worker, and its CPU worker answers its progress queries.
log "a completed run of examples/mnist-smoke.yaml"
completed="$(submit examples/mnist-smoke.yaml)"
SECONDS=0
until [[ "$(run_field "$completed" .status)" == COMPLETED ]]; do
  ((SECONDS < 300)) || die "run $completed did not complete in 300 s"
  sleep 2
done
bench_stop "$BENCH_WORKER_PID"
bench_start_worker "$BUCKET" "$WORKER_METRICS_PORT" WORKER_TASK_QUEUES=pretrain-cpu
running="$(submit examples/mnist-smoke.yaml)"
SECONDS=0
until [[ "$(run_field "$running" '.stages[] | select(.stage == "prepareData") | .state')" == COMPLETED ]]; do
  ((SECONDS < 120)) || die "run $running did not get past prepareData in 120 s"
  sleep 1
done
log "status reads: running $running, completed $completed"

reads_rows="$BENCH_TMP/reads.md"
reads() {
  local id=$1 label=$2
  log "status reads of the $label run at ${RATES[*]} requests/s, ${STEP_SECONDS} s each"
  java -cp "$BENCH_CLASSPATH" bench/api/ApiLoad.java reads "$API/api/v1/runs/$id" "$label" "$STEP_SECONDS" \
    "${RATES[@]}" >>"$reads_rows" 2>"$BENCH_TMP/reads.log" || { cat "$BENCH_TMP/reads.log" >&2; die "reads failed"; }
}
reads "$running" running
reads "$completed" completed
# Server-side time of the reads, as the API's own metrics saw it (all the reads above together).
server_time="$(curl -fsS "$API/q/metrics" | awk '
  /^http_server_requests_seconds_(count|sum)\{/ && /uri="\/api\/v1\/runs\/\{id\}"/ && /method="GET"/ {
    if ($1 ~ /_count/) count += $2; else sum += $2 }
  /^http_server_requests_seconds_max\{/ && /uri="\/api\/v1\/runs\/\{id\}"/ && /method="GET"/ { if ($2 > max) max = $2 }
  END { if (count > 0) printf "%d requests, mean %.1f ms, max %.0f ms", count, 1000 * sum / count, 1000 * max }')"

if ((progress_cache)); then
  bench_stop "$BENCH_API_PID"
  bench_start_api "$BUCKET" "$API_PORT" PRETRAIN_PROGRESS_CACHE_TTL=0s
  reads "$running" "running, query on every read"
  bench_stop "$BENCH_API_PID"
  bench_start_api "$BUCKET" "$API_PORT"
fi
wrk_rows="$BENCH_TMP/wrk.md"
for state in running completed; do
  id="${!state}"
  log "wrk, closed loop, 2 threads x 8 connections, 10 s: $state run"
  wrk -t2 -c8 -d10s --latency "$API/api/v1/runs/$id" >"$BENCH_TMP/wrk-$state.txt"
  awk -v state="$state" '
    /^ +50%/ { p50 = $2 } /^ +90%/ { p90 = $2 } /^ +99%/ { p99 = $2 }
    /^Requests\/sec/ { rps = $2 } /Non-2xx/ { non2xx = $NF }
    END { printf "| %s | %s | %s | %s | %s | %s |\n", state, rps, p50, p90, p99, (non2xx == "" ? 0 : non2xx) }
  ' "$BENCH_TMP/wrk-$state.txt" >>"$wrk_rows"
done
parts_rows="$BENCH_TMP/parts.md"
for state in running completed; do
  id="${!state}"
  log "what a status read of the $state run is made of"
  java -cp "$BENCH_CLASSPATH" bench/api/ApiLoad.java parts "$API" "$BENCH_TEMPORAL_ADDRESS" "$id" "$state" 200 \
    >>"$parts_rows" 2>"$BENCH_TMP/parts.log" || { cat "$BENCH_TMP/parts.log" >&2; die "parts failed"; }
done
# --- 200 submissions at once ---
bench_stop "$BENCH_WORKER_PID"
spec="$BENCH_TMP/spec.yaml"
sed 's/^name: .*/name: bench-api/' examples/mnist-smoke.yaml >"$spec"
key_prefix="bench-$(date +%s)"
count_runs() {
  local api_count temporal_list
  api_count="$(curl -fsS "$API/api/v1/runs?name=bench-api&pageSize=1000" | jq '.runs | length')"
  temporal_list="$(temporal workflow list --address "$BENCH_TEMPORAL_ADDRESS" --query "PipelineName='bench-api'" \
    --limit 10000 -o json | jq -r '.[].execution.workflowId' | sort)"
  echo "$api_count $(grep -c . <<<"$temporal_list") $(sort -u <<<"$temporal_list" | grep -c .)"
}
log "$SUBMISSIONS submissions at once"
first_row="$(java -cp "$BENCH_CLASSPATH" bench/api/ApiLoad.java submit "$API" "$spec" "$key_prefix" "$SUBMISSIONS" \
  "$BENCH_TMP/first.txt")"
start_time="$(curl -fsS "$API/q/metrics" | awk '
  /^pretrain_runs_start_seconds_count/ { count = $2 } /^pretrain_runs_start_seconds_sum/ { sum = $2 }
  /^pretrain_runs_start_seconds_max/ { max = $2 }
  /^http_server_requests_seconds_(count|sum)\{/ && /uri="\/api\/v1\/runs"/ && /method="POST"/ {
    if ($1 ~ /_count/) pcount += $2; else psum += $2 }
  END { printf "%.0f %.0f %.0f", 1000 * psum / pcount, 1000 * sum / count, 1000 * max }')"
read -r post_ms start_ms start_max_ms <<<"$start_time"
sleep 3 # visibility is written after the start, asynchronously
read -r api_first temporal_first distinct_first <<<"$(count_runs)"
log "again, the same $SUBMISSIONS keys"
again_row="$(java -cp "$BENCH_CLASSPATH" bench/api/ApiLoad.java submit "$API" "$spec" "$key_prefix" "$SUBMISSIONS" \
  "$BENCH_TMP/again.txt")"
sleep 3
read -r api_again temporal_again distinct_again <<<"$(count_runs)"
accepted_first="$(awk '$2 == 202' "$BENCH_TMP/first.txt" | wc -l)"
replayed_again="$(awk '$2 == 200 && $4 == "true"' "$BENCH_TMP/again.txt" | wc -l)"
same_ids="$(join <(awk '{ print $1, $3 }' "$BENCH_TMP/first.txt" | sort) \
  <(awk '{ print $1, $3 }' "$BENCH_TMP/again.txt" | sort) | awk '$2 == $3' | wc -l)"
log "terminating the runs"
temporal workflow terminate --address "$BENCH_TEMPORAL_ADDRESS" --query "PipelineName='bench-api'" \
  --reason "bench/api/run.sh done" --yes >"$BENCH_TMP/terminate.log" 2>&1 || true
SECONDS=0
while :; do
  still_running="$(temporal workflow count --address "$BENCH_TEMPORAL_ADDRESS" \
    --query "PipelineName='bench-api' AND ExecutionStatus='Running'" -o json | jq -r '.count // 0')"
  [[ "$still_running" == 0 ]] || ((SECONDS >= 60)) && break
  sleep 2
done

# What the API logged as errors (a 500 is an exception it did not map to a problem response).
api_errors="$(grep -cE '^[0-9-]+ [0-9:,]+ ERROR' "$BENCH_TMP/api.log" || true)"
api_error_kinds="$(grep -A3 -E '^[0-9-]+ [0-9:,]+ ERROR' "$BENCH_TMP/api.log" \
  | grep -oE '[a-zA-Z0-9_.$]+Exception(: [A-Z_]+)?' | sort | uniq -c | sort -rn | head -3 \
  | awk '{ count = $1; $1 = ""; printf "%s%s x%d", (NR > 1 ? "; " : ""), substr($0, 2), count }' || true)"
exactly_once=$([[ $accepted_first == "$SUBMISSIONS" && $api_first == "$SUBMISSIONS" && $temporal_first == "$SUBMISSIONS" \
  && $distinct_first == "$SUBMISSIONS" && $replayed_again == "$SUBMISSIONS" && $same_ids == "$SUBMISSIONS" \
  && $api_again == "$SUBMISSIONS" && $temporal_again == "$SUBMISSIONS" ]] && echo met || echo "NOT met")
p99_at_200() { awk -F'|' -v run=" $1 " '$2 == run && $3 + 0 == 200 { gsub(/ /, "", $8); print $8 }' "$reads_rows"; }
p99_200="$(p99_at_200 running)"
p50_200="$(awk -F'|' '$2 == " running " && $3 + 0 == 200 { gsub(/ /, "", $6); print $6 }' "$reads_rows")"
p99_50="$(awk -F'|' '$2 == " running " && $3 + 0 == 50 { gsub(/ /, "", $8); print $8 }' "$reads_rows")"
p99_200_completed="$(p99_at_200 completed)"
p99_200_uncached="$(p99_at_200 "running, query on every read")"
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v < t ? "met" : "NOT met") }'; }
part() { awk -F'|' -v run="$1" -v call="$2" -v n="$3" '$2 ~ run && index($3, call) { gsub(/ /, "", $n); print $n }' \
  "$parts_rows"; }
describe_p50="$(part running Describe 5)"
query_p50="$(part running Query 5)"
query_rate="$(part running Query 8)"
get_rate="$(part running GET 8)"
history_p50="$(part completed History 5)"
completed_rate="$(part completed GET 8)"

{
  cat <<EOF
# The API under load

\`bench/api/run.sh\`: the Quarkus API (\`quarkus-run.jar\`, \`-Xmx512m\`), a worker, a Temporal dev server and MinIO of
its own, all on one 2-core machine together with the load generator.

## Targets

| target | measured | |
| --- | --- | --- |
| p99 < 50 ms at 200 requests/s, status reads of a running run | ${p99_200} ms | $(verdict "$p99_200" 50) |
| the same, a completed run | ${p99_200_completed} ms | $(verdict "$p99_200_completed" 50) |
$( ((progress_cache)) && echo "| the same, a running run with the API's progress reuse off (PRETRAIN_PROGRESS_CACHE_TTL=0s) | ${p99_200_uncached} ms | $(verdict "$p99_200_uncached" 50) |")
| $SUBMISSIONS concurrent submissions, each run started exactly once; the same keys again start none | ${accepted_first} accepted, ${temporal_first} runs in Temporal (${distinct_first} distinct ids), ${api_first} listed by the API; again: ${replayed_again} replayed with the same run id (${same_ids}), ${temporal_again} runs afterwards | ${exactly_once} |

## Status reads: GET /api/v1/runs/{id}, open loop

ApiLoad.java sends requests on a fixed schedule for ${STEP_SECONDS} s per rate (after 5 s of warm-up at the first rate)
from 4 client threads over pooled HTTP/1.1 connections; a request's latency counts from when it was due, so queueing
in the client or the server shows. "running": the run waits at pretraining for a GPU worker, so a read is a
DescribeWorkflowExecution plus a progress query that its worker answers$( ((progress_cache)) && echo ", whose answer the API reuses for
1 s (PRETRAIN_PROGRESS_CACHE_TTL; \"query on every read\": set to 0s)"); "completed": DescribeWorkflowExecution plus
the run's result from its history. Latencies in ms; "late" is how far behind schedule the generator itself fell at worst.

| run | rate /s | achieved /s | requests | p50 | p90 | p99 | max | statuses | late |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |
$(cat "$reads_rows")

The API's own \`http_server_requests_seconds\` for the reads of the "running" and "completed" rows: ${server_time}.

## Status reads: wrk, closed loop (the most it serves)

\`wrk -t2 -c8 -d10s --latency\` (wrk $(wrk --version 2>/dev/null | awk 'NR == 1 { print $2 }' || true)): 8 connections, each sending its next request when
the last is answered.

| run | requests/s | p50 | p90 | p99 | non-2xx |
| --- | ---: | ---: | ---: | ---: | ---: |
$(cat "$wrk_rows")

## What a status read is made of

ApiLoad.java \`parts\`: one request at a time (200 after 20 to warm up), the API's GET and, sent straight to Temporal
with the same SDK, the calls the API makes for it; then the same call from 8 callers at once for 5 s.

| run | call | n | p50 ms | p90 ms | p99 ms | calls/s with 8 callers |
| --- | --- | ---: | ---: | ---: | ---: | ---: |
$(cat "$parts_rows")

## ${SUBMISSIONS} submissions at once

\`POST /api/v1/runs\` with \`examples/mnist-smoke.yaml\` renamed \`bench-api\`, ${SUBMISSIONS} requests sent at once, each
with its own \`Idempotency-Key\`; then the same ${SUBMISSIONS} again. The worker was stopped first, so the runs only
start (the count is of started workflows, not of finished pipelines); afterwards they were all terminated
(${still_running} still running after the batch terminate). Runs counted through \`GET /api/v1/runs?name=bench-api\` and
\`temporal workflow list --query "PipelineName='bench-api'"\` (every execution, so a duplicate id would show twice).

| round | requests | statuses | distinct run ids | p50 ms | p99 ms | max ms | all answered after s |
| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |
| first | ${first_row#| } 
| same keys again | ${again_row#| } 

| after | runs listed by the API | executions in Temporal | distinct workflow ids |
| --- | ---: | ---: | ---: |
| first round | ${api_first} | ${temporal_first} | ${distinct_first} |
| second round | ${api_again} | ${temporal_again} | ${distinct_again} |

First round, from the API's own metrics: a POST took ${post_ms} ms on average from its arrival to its answer, of which
starting the workflow (StartWorkflowExecution) ${start_ms} ms (at most ${start_max_ms} ms).

## Where the time goes

- A status read of a running run is a DescribeWorkflowExecution (p50 ${describe_p50} ms) plus the progress query
  (p50 ${query_p50} ms), which Temporal hands to the run's worker through the worker's sticky task queue and back.
  Sent from 8 callers at once, Temporal and the worker answer ${query_rate} queries/s. Where every read queries$( ((progress_cache)) && echo ' (the
  "query on every read" rows; the platform before f32ae0b)'), open-loop traffic above what they serve queues in the API
  until requests wait for seconds and then time out.$( ((progress_cache)) && echo " With the API reusing a run's answer for 1 s, a read is
  a describe plus at most about one query a second per run, and the API serves ${get_rate} reads/s from 8 callers.")
  A completed run's read (describe plus the close event from its history, ${history_p50} ms) never reaches a worker,
  so it serves ${completed_rate} reads/s.
- A read of the running run (rows "running") at 200/s has a p50 of ${p50_200} ms and a p99 of ${p99_200} ms
  (at 50/s: p99 ${p99_50} ms). At 200/s one pause of a few hundred milliseconds anywhere on the path (the API, Temporal,
  the worker, or another process on these 2 cores) holds up more than 1% of a step's 3,000 requests, so the p99 here
  measures the machine's worst pause as much as the API.
- Submissions: of the ${post_ms} ms a POST took on average, starting the workflow took ${start_ms} ms; the dev server
  records starts one after another, so ${SUBMISSIONS} arriving together wait for each other there. The rest is the
  API's own work around the start (reading, parsing and validating the spec, the idempotency key, the answer) for ${SUBMISSIONS}
  requests sharing 2 cores with Temporal; it was not profiled further. Replays skip the start's write (a refused
  start, then a describe) and are answered sooner.

## Notes

- The API logged ${api_errors} errors over the whole run${api_error_kinds:+ (most frequent: ${api_error_kinds})}.
- Load average ${load_before} at the start (other builds and tests were running on the same 2 cores), so latencies
  are loose.

$(bench_machine_section)
EOF
} >"$RESULTS"
log "wrote $RESULTS"
cat "$RESULTS"
