#!/usr/bin/env bash
# Starts, stops and reports the local services the tests and the demo run against: the
# Temporal dev server (gRPC 127.0.0.1:7233, UI 127.0.0.1:8233) and MinIO (S3 127.0.0.1:9000,
# console 127.0.0.1:9001), both on loopback only. Logs, pid files, Temporal's database,
# MinIO's data and services.env live in $PRETRAIN_STATE (default <repo>/.run).
#
# Usage: scripts/services.sh start | stop | status | env
#                            start-temporal | stop-temporal | restart-temporal
#                            start-minio | stop-minio | restart-minio
#   start   starts both (reusing any that is already healthy) and writes services.env
#   stop    stops what this script started (by pid file); others are left alone
#   status  says which are healthy; exits 0 only when both are
#   env     prints the path of services.env (to `source` it)
# Env: PRETRAIN_STATE, PRETRAIN_DATA_ROOT, MINIO_ROOT_USER (default pretrain),
#      MINIO_ROOT_PASSWORD (default pretrain-secret), PRETRAIN_SERVICE_TIMEOUT (default 90 s),
#      PRETRAIN_SEARCH_ATTRIBUTES (default "PipelineName=Keyword Owner=Keyword PipelineStage=Keyword BestMetric=Double").
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "$0")/common.sh"

TIMEOUT="${PRETRAIN_SERVICE_TIMEOUT:-90}"
ENV_FILE="$PRETRAIN_STATE/services.env"

mkdir -p "$PRETRAIN_STATE"

# The pid in NAME.pid, if that process is alive and still the program we started.
running_pid() {
  local name=$1 pidfile="$PRETRAIN_STATE/$1.pid" pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(cat "$pidfile")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null \
    && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "$name" \
    && echo "$pid"
}

# Waits until CHECK succeeds; on time-out or early exit of the process prints its log and fails.
wait_ready() {
  local name=$1 check=$2 pid=${3:-} waited=0
  until "$check"; do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      log "$name exited before it was ready; last lines of $PRETRAIN_STATE/$name.log:"
      tail -n 40 "$PRETRAIN_STATE/$name.log" >&2 || true
      rm -f "$PRETRAIN_STATE/$name.pid"
      exit 1
    fi
    if ((waited >= TIMEOUT)); then
      log "$name was not ready after ${TIMEOUT}s; last lines of $PRETRAIN_STATE/$name.log:"
      tail -n 40 "$PRETRAIN_STATE/$name.log" >&2 || true
      [[ -n "$pid" ]] && stop_one "$name"
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# Starts a detached process (own session, so a Ctrl-C in the caller's terminal leaves it up).
launch() {
  local name=$1; shift
  command -v "$1" >/dev/null 2>&1 || die "$1 is not installed; run scripts/install-tools.sh"
  echo "=== $(date -Is) scripts/services.sh: $*" >>"$PRETRAIN_STATE/$name.log"
  nohup setsid "$@" >>"$PRETRAIN_STATE/$name.log" 2>&1 </dev/null &
  echo $! > "$PRETRAIN_STATE/$name.pid"
  echo $!
}

start_temporal() {
  local pid
  if temporal_healthy; then
    log "temporal: already running and healthy at $TEMPORAL_ADDRESS_LOCAL; reusing it"
  elif pid="$(running_pid temporal)"; then
    log "temporal: pid $pid is starting; waiting for it"
    wait_ready temporal temporal_healthy "$pid"
  else
    log "temporal: starting the dev server on $TEMPORAL_ADDRESS_LOCAL (UI $TEMPORAL_UI_LOCAL)"
    pid="$(launch temporal temporal server start-dev --ip 127.0.0.1 --port 7233 --ui-port 8233 \
      --db-filename "$PRETRAIN_STATE/temporal.db" "${TEMPORAL_SQLITE_PRAGMAS[@]}" "${TEMPORAL_EAGER_ACTIVITIES[@]}" \
      --namespace default --log-level warn)"
    wait_ready temporal temporal_healthy "$pid"
    log "temporal: ready (pid $pid)"
  fi
  register_search_attributes
}

register_search_attributes() {
  local spec out
  for spec in $PRETRAIN_SEARCH_ATTRIBUTES; do
    if ! out="$(temporal operator search-attribute create --address "$TEMPORAL_ADDRESS_LOCAL" \
      --namespace default --name "${spec%%=*}" --type "${spec#*=}" 2>&1)"; then
      grep -qi "already" <<<"$out" || log "temporal: could not register search attribute $spec: $out"
    fi
  done
}

start_minio() {
  local pid
  if minio_healthy; then
    log "minio: already running and healthy at $MINIO_ENDPOINT_LOCAL; reusing it"
  elif pid="$(running_pid minio)"; then
    log "minio: pid $pid is starting; waiting for it"
    wait_ready minio minio_healthy "$pid"
  else
    log "minio: starting on $MINIO_ENDPOINT_LOCAL (console http://127.0.0.1:9001)"
    mkdir -p "$PRETRAIN_STATE/minio"
    pid="$(MINIO_ROOT_USER="$MINIO_ROOT_USER" MINIO_ROOT_PASSWORD="$MINIO_ROOT_PASSWORD" \
      MINIO_UPDATE=off launch minio minio server "$PRETRAIN_STATE/minio" \
      --address 127.0.0.1:9000 --console-address 127.0.0.1:9001)"
    wait_ready minio minio_healthy "$pid"
    log "minio: ready (pid $pid)"
  fi
  create_bucket
}

# PUT Bucket with a SigV4-signed request: 200 when created, 409 when it already exists.
create_bucket() {
  local code
  code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 10 -X PUT \
    --aws-sigv4 "aws:amz:us-east-1:s3" --user "$MINIO_ROOT_USER:$MINIO_ROOT_PASSWORD" \
    "$MINIO_ENDPOINT_LOCAL/$PRETRAIN_BUCKET" || true)"
  case "$code" in
    200) log "minio: created bucket $PRETRAIN_BUCKET" ;;
    409) ;;
    *) log "minio: could not create bucket $PRETRAIN_BUCKET (HTTP $code); the store may create it itself" ;;
  esac
}

stop_one() {
  local name=$1 pid waited=0
  if ! pid="$(running_pid "$name")"; then
    rm -f "$PRETRAIN_STATE/$name.pid"
    local check="${name}_healthy"
    if "$check"; then
      log "$name: running, but not started by this script (no pid file in $PRETRAIN_STATE); leaving it"
    else
      log "$name: not running"
    fi
    return 0
  fi
  log "$name: stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= 15)); then
      log "$name: still up after 15s; killing pid $pid"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  rm -f "$PRETRAIN_STATE/$name.pid"
}

write_env() {
  local tmp="$ENV_FILE.tmp"
  {
    echo "# Written by scripts/services.sh start; source it to reach the local services."
    echo "export TEMPORAL_ADDRESS=$TEMPORAL_ADDRESS_LOCAL"
    echo "export TEMPORAL_NAMESPACE=default"
    echo "export TEMPORAL_UI_URL=$TEMPORAL_UI_LOCAL"
    echo "export PRETRAIN_STORE_URI=s3://$PRETRAIN_BUCKET"
    echo "export S3_ENDPOINT=$MINIO_ENDPOINT_LOCAL"
    printf 'export S3_ACCESS_KEY=%q\n' "$MINIO_ROOT_USER"
    printf 'export S3_SECRET_KEY=%q\n' "$MINIO_ROOT_PASSWORD"
    echo "export S3_REGION=us-east-1"
    printf 'export PRETRAIN_DATA_ROOT=%q\n' "$PRETRAIN_DATA_ROOT"
  } > "$tmp"
  mv -f "$tmp" "$ENV_FILE"
  log "wrote $ENV_FILE (source it: . $ENV_FILE)"
}

status() {
  local rc=0 name pid where
  for name in temporal minio; do
    where=$([[ $name == temporal ]] && echo "$TEMPORAL_ADDRESS_LOCAL (UI $TEMPORAL_UI_LOCAL)" || echo "$MINIO_ENDPOINT_LOCAL")
    pid="$(running_pid "$name" || true)"
    if "${name}_healthy"; then
      echo "$name: healthy at $where $([[ -n "$pid" ]] && echo "(pid $pid)" || echo "(not started by this script)")"
    elif [[ -n "$pid" ]]; then
      echo "$name: pid $pid is running but not healthy (log: $PRETRAIN_STATE/$name.log)"
      rc=1
    else
      echo "$name: stopped"
      rc=1
    fi
  done
  return "$rc"
}

case "${1:-}" in
  start) start_temporal; start_minio; write_env ;;
  stop) stop_one temporal; stop_one minio ;;
  status) status ;;
  env) echo "$ENV_FILE" ;;
  start-temporal) start_temporal ;;
  stop-temporal) stop_one temporal ;;
  restart-temporal) stop_one temporal; start_temporal ;;
  start-minio) start_minio ;;
  stop-minio) stop_one minio ;;
  restart-minio) stop_one minio; start_minio ;;
  *)
    echo "usage: $0 start|stop|status|env|start-temporal|stop-temporal|restart-temporal|start-minio|stop-minio|restart-minio" >&2
    exit 2 ;;
esac
