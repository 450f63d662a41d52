#!/usr/bin/env bash
# The demo: installs the tools, fetches MNIST, starts Temporal and MinIO, builds the project,
# starts a worker and the API, submits a pipeline spec, follows the run stage by stage, and
# prints the comparison of the fine-tuned model against its baselines.
#
# Usage: scripts/demo.sh [spec.yaml]     (default examples/mnist-pretrain-finetune.yaml; a spec starting from
#        s3://pretrain-artifacts/models/all-MiniLM-L6-v2/, like examples/spam-minilm.yaml, gets the checkpoint uploaded)
# Env:   PRETRAIN_SKIP_BUILD=1 to reuse the jars already built;
#        PRETRAIN_DEMO_TIMEOUT (default 7200 s) caps how long the run is followed.
# The worker and the API stop when the demo ends; Temporal and MinIO stay up for browsing
# (stop them with scripts/services.sh stop).
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "$0")/common.sh"
cd "$PRETRAIN_REPO"

SPEC="${1:-examples/mnist-pretrain-finetune.yaml}"
API=http://127.0.0.1:8080
WORKER_HEALTH=http://127.0.0.1:9464/health
RUN_TIMEOUT="${PRETRAIN_DEMO_TIMEOUT:-7200}"
[[ -f "$SPEC" ]] || die "no spec file at $SPEC"

scripts/install-tools.sh
scripts/fetch-data.sh
scripts/services.sh start
# shellcheck source=/dev/null
source "$PRETRAIN_STATE/services.env"

# A spec that starts from the published all-MiniLM-L6-v2 (examples/spam-minilm*.yaml) finds it in the bucket, as a
# user's checkpoint would be: the folder fetch-data.sh verified, uploaded with curl's S3 signing (no other client).
MINILM_URI="${PRETRAIN_STORE_URI%/}/models/all-MiniLM-L6-v2/"
if grep -qF "$MINILM_URI" "$SPEC"; then
  scripts/fetch-data.sh minilm
  log "uploading all-MiniLM-L6-v2 to $MINILM_URI"
  for file in "$PRETRAIN_DATA_ROOT"/minilm/*; do
    curl -fsS --aws-sigv4 "aws:amz:$S3_REGION:s3" --user "$S3_ACCESS_KEY:$S3_SECRET_KEY" -T "$file" \
      "$S3_ENDPOINT/${MINILM_URI#s3://}$(basename "$file")" || die "could not upload $file to $MINILM_URI"
  done
fi

if [[ "${PRETRAIN_SKIP_BUILD:-0}" != 1 ]]; then
  log "building (mvn -B -ntp -q package -DskipTests)"
  mvn -B -ntp -q package -DskipTests
fi
[[ -f worker/target/worker.jar ]] || die "worker/target/worker.jar is missing; build first"
[[ -f api/target/quarkus-app/quarkus-run.jar ]] || die "api/target/quarkus-app/quarkus-run.jar is missing; build first"

pids=()
stop_processes() {
  local pid
  for pid in ${pids[@]+"${pids[@]}"}; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in ${pids[@]+"${pids[@]}"}; do
    wait "$pid" 2>/dev/null || true
  done
  ((${#pids[@]})) && log "stopped the worker and the API; Temporal and MinIO are still up (scripts/services.sh stop)"
  return 0
}
trap stop_processes EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_process() {
  local name=$1; shift
  log "starting the $name (log: $PRETRAIN_STATE/$name.log)"
  "$@" >"$PRETRAIN_STATE/$name.log" 2>&1 </dev/null &
  pids+=($!)
  echo $! >"$PRETRAIN_STATE/$name.pid"
}

wait_http() {
  local name=$1 url=$2 pid=$3 waited=0
  until curl -fsS --max-time 3 "$url" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null || ((waited >= 120)); then
      log "the $name did not become ready at $url; last lines of $PRETRAIN_STATE/$name.log:"
      tail -n 40 "$PRETRAIN_STATE/$name.log" >&2 || true
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  log "the $name is ready"
}

start_process worker java -Xmx1g -cp "worker/target/worker.jar:worker/target/lib/*" ai.pretrain.worker.WorkerMain
worker_pid=$!
start_process api env QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=8080 java -jar api/target/quarkus-app/quarkus-run.jar
api_pid=$!
wait_http worker "$WORKER_HEALTH" "$worker_pid"
wait_http api "$API/q/health/ready" "$api_pid"

SECONDS=0
log "submitting $SPEC"
response="$(curl -sS -w '\n%{http_code}' -X POST -H 'Content-Type: application/yaml' \
  --data-binary "@$SPEC" "$API/api/v1/runs")"
code="${response##*$'\n'}"
body="${response%$'\n'*}"
if [[ "$code" != 202 ]]; then
  log "the API refused the spec (HTTP $code):"
  jq . <<<"$body" >&2 2>/dev/null || echo "$body" >&2
  exit 1
fi
run_id="$(jq -r '.runId' <<<"$body")"
ui="$(jq -r '.temporalUi // empty' <<<"$body")"
echo "Run $run_id submitted."
echo "Temporal UI: $ui"
echo

# One line per stage whenever its state, cache hit or live progress changes.
declare -A last_line=()
status=RUNNING
while :; do
  if ! run="$(curl -fsS --max-time 10 "$API/api/v1/runs/$run_id")"; then
    log "could not read the run (will retry)"
    sleep 2
    continue
  fi
  while IFS=$'\t' read -r stage line; do
    [[ -z "$stage" ]] && continue
    if [[ "${last_line[$stage]:-}" != "$line" ]]; then
      last_line[$stage]="$line"
      printf '%s  %-12s %s\n' "$(date +%H:%M:%S)" "$stage" "$line"
    fi
  done < <(jq -r '.stages[]? | [
      .stage,
      ([.state, (if .cacheHit then "(cache hit)" else empty end),
        (if .state == "RUNNING" and .live != null then
           ((if .live.epoch != null then "epoch \(.live.epoch)" + (if .live.totalEpochs != null then "/\(.live.totalEpochs)" else "" end) else empty end),
            (if .live.loss != null then "loss \(.live.loss * 10000 | round / 10000)" else empty end))
         else empty end)] | join(" "))
    ] | @tsv' <<<"$run")
  status="$(jq -r '.status' <<<"$run")"
  [[ "$status" != RUNNING ]] && break
  if ((SECONDS >= RUN_TIMEOUT)); then
    log "the run is still RUNNING after ${RUN_TIMEOUT}s; stopping the demo (the run goes on in Temporal)"
    break
  fi
  sleep 2
done

echo
echo "Run $run_id finished: $status"
echo
if jq -e '(.comparison // []) | length > 0' <<<"$run" >/dev/null; then
  if jq -e '.comparison[0].r2 != null' <<<"$run" >/dev/null; then
    columns=(mse mae r2)
  else
    columns=(accuracy precision recall f1)
  fi
  echo "| model | $(IFS='|'; sed 's/|/ | /g' <<<"${columns[*]}") |"
  echo "| --- |$(printf ' ---: |%.0s' "${columns[@]}")"
  jq -r --arg columns "${columns[*]}" '.comparison[] | [.model] + [.[($columns | split(" "))[]]] | @tsv' <<<"$run" \
    | awk -F'\t' '{
        printf "| %s", $1
        for (i = 2; i <= NF; i++) printf(($i == "" ? " | -" : " | %.4f"), $i)
        print " |"
      }'
else
  echo "(the run reported no comparison)"
fi
echo
printf 'Elapsed: %dm%02ds\n' $((SECONDS / 60)) $((SECONDS % 60))
echo "Temporal UI: $ui"
[[ "$status" == COMPLETED ]]
