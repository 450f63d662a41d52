# Shared by the benchmarks under bench/: their own Temporal dev server and MinIO on ports of their own (so the
# services that scripts/services.sh starts for the tests and the demo are never touched), the tools they compare
# against, process bookkeeping, and the machine section every results file ends with. Source it, do not run it.
# shellcheck shell=bash disable=SC2034

# shellcheck source=scripts/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/scripts/common.sh"

BENCH_TEMPORAL_PORT="${BENCH_TEMPORAL_PORT:-7633}"
BENCH_TEMPORAL_UI_PORT="${BENCH_TEMPORAL_UI_PORT:-8633}"
BENCH_TEMPORAL_ADDRESS="127.0.0.1:$BENCH_TEMPORAL_PORT"
BENCH_MINIO_PORT="${BENCH_MINIO_PORT:-9600}"
BENCH_MINIO_CONSOLE_PORT="${BENCH_MINIO_CONSOLE_PORT:-9601}"
BENCH_MINIO_ENDPOINT="http://127.0.0.1:$BENCH_MINIO_PORT"
BENCH_MINIO_USER=bench
BENCH_MINIO_PASSWORD=bench-secret-key
# Where the jars come from: this checkout, or BENCH_BUILD, e.g. a `git worktree` built on its own, so that a build
# running in this checkout cannot replace them mid-benchmark.
BENCH_BUILD="$(cd "${BENCH_BUILD:-$PRETRAIN_REPO}" && pwd)"
BENCH_CLASSPATH="$BENCH_BUILD/worker/target/worker.jar:$BENCH_BUILD/worker/target/lib/*"
BENCH_API_JAR="$BENCH_BUILD/api/target/quarkus-app/quarkus-run.jar"

# Every process a benchmark starts, stopped (by pid, newest first) when it exits.
BENCH_PIDS=()
BENCH_TMP=""

bench_init() {
  BENCH_TMP="$(mktemp -d "${TMPDIR:-/tmp}/pretrain-bench.XXXXXX")"
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

bench_cleanup() {
  local i pid waited
  for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do
    bench_stop "${BENCH_PIDS[$i]}"
  done
  [[ -n "$BENCH_TMP" && -d "$BENCH_TMP" ]] && rm -rf "$BENCH_TMP"
  return 0
}

# Starts a process in the background, logging to $BENCH_TMP/NAME.log (appended, so a restart keeps the earlier log);
# its pid is in BENCH_LAST_PID.
bench_launch() {
  local name=$1; shift
  "$@" >>"$BENCH_TMP/$name.log" 2>&1 </dev/null &
  BENCH_LAST_PID=$!
  BENCH_PIDS+=("$BENCH_LAST_PID")
}

# SIGTERM, then SIGKILL after 20 s.
bench_stop() {
  local pid=$1 waited=0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && ((waited < 40)); do
    sleep 0.5
    waited=$((waited + 1))
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Waits up to $3 seconds (default 120) for COMMAND (a string, run by bash) to succeed while pid $2 is alive.
bench_wait() {
  local check=$1 pid=$2 limit=${3:-120} waited=0 name=${4:-process}
  until bash -c "$check" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null || ((waited >= limit * 2)); then
      log "$name was not ready after $((waited / 2)) s; last lines of its log:"
      tail -n 40 "$BENCH_TMP/$name.log" >&2 || true
      exit 1
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
}

bench_require_port_free() {
  local port=$1
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is in use; these benchmarks start their own services there (set BENCH_*_PORT to move them)"
  fi
}

# The Temporal dev server, with a new database file, configured as scripts/services.sh starts it (SQLite in WAL mode,
# eager activity dispatch) and the search attributes the platform uses; a first argument --sqlite-defaults leaves
# SQLite at its defaults (a rollback journal, synced at every commit), --no-eager-activities leaves eager dispatch
# off (the server's default); further arguments go to `temporal server start-dev` (e.g. --dynamic-config-value
# KEY=VALUE). Its pid is in BENCH_TEMPORAL_PID.
bench_start_temporal() {
  command -v temporal >/dev/null 2>&1 || die "temporal is not installed; run scripts/install-tools.sh"
  bench_require_port_free "$BENCH_TEMPORAL_PORT"
  local pragmas=("${TEMPORAL_SQLITE_PRAGMAS[@]}") eager=("${TEMPORAL_EAGER_ACTIVITIES[@]}")
  if [[ "${1:-}" == --sqlite-defaults ]]; then
    pragmas=()
    shift
  fi
  if [[ "${1:-}" == --no-eager-activities ]]; then
    eager=()
    shift
  fi
  bench_launch temporal temporal server start-dev --ip 127.0.0.1 --port "$BENCH_TEMPORAL_PORT" \
    --ui-port "$BENCH_TEMPORAL_UI_PORT" --headless --db-filename "$(mktemp -u "$BENCH_TMP/temporal-XXXXXX.db")" \
    "${pragmas[@]}" "${eager[@]}" --namespace default --log-level warn "$@"
  BENCH_TEMPORAL_PID=$BENCH_LAST_PID
  bench_wait "temporal operator namespace describe default --address $BENCH_TEMPORAL_ADDRESS --command-timeout 3s" \
    "$BENCH_LAST_PID" 90 temporal
  local spec
  # the ones scripts/services.sh registers, so a run keeps PipelineStage and BestMetric current as it does there
  for spec in $PRETRAIN_SEARCH_ATTRIBUTES; do
    temporal operator search-attribute create --address "$BENCH_TEMPORAL_ADDRESS" --namespace default \
      --name "${spec%%=*}" --type "${spec#*=}" >/dev/null 2>&1 || true
  done
  log "temporal dev server at $BENCH_TEMPORAL_ADDRESS (pid $BENCH_LAST_PID)"
}

# MinIO on its own data folder under $BENCH_TMP (or $1).
bench_start_minio() {
  local data=${1:-$BENCH_TMP/minio}
  command -v minio >/dev/null 2>&1 || die "minio is not installed; run scripts/install-tools.sh"
  bench_require_port_free "$BENCH_MINIO_PORT"
  mkdir -p "$data"
  bench_launch minio env MINIO_ROOT_USER="$BENCH_MINIO_USER" MINIO_ROOT_PASSWORD="$BENCH_MINIO_PASSWORD" \
    MINIO_UPDATE=off MINIO_BROWSER=off minio server "$data" --address "127.0.0.1:$BENCH_MINIO_PORT" \
    --console-address "127.0.0.1:$BENCH_MINIO_CONSOLE_PORT"
  bench_wait "curl -fsS --max-time 3 $BENCH_MINIO_ENDPOINT/minio/health/ready" "$BENCH_LAST_PID" 60 minio
  log "minio at $BENCH_MINIO_ENDPOINT (pid $BENCH_LAST_PID)"
}

# The environment a worker or the API needs to use the benchmark's services (store in bucket $1).
bench_platform_env() {
  local bucket=$1
  echo TEMPORAL_ADDRESS="$BENCH_TEMPORAL_ADDRESS" TEMPORAL_NAMESPACE=default \
    TEMPORAL_UI_URL="http://127.0.0.1:$BENCH_TEMPORAL_UI_PORT" PRETRAIN_STORE_URI="s3://$bucket" \
    S3_ENDPOINT="$BENCH_MINIO_ENDPOINT" S3_ACCESS_KEY="$BENCH_MINIO_USER" S3_SECRET_KEY="$BENCH_MINIO_PASSWORD" \
    S3_REGION=us-east-1
}

# Starts the worker on this benchmark's Temporal and MinIO (bucket $1, metrics and health on port $2, any further
# arguments extra environment variables) and waits until it is healthy; its pid is in BENCH_WORKER_PID.
bench_start_worker() {
  local bucket=$1 port=$2
  shift 2
  # shellcheck disable=SC2046
  bench_launch worker env $(bench_platform_env "$bucket") WORKER_METRICS_PORT="$port" "$@" \
    java -Xmx1g -cp "$BENCH_CLASSPATH" ai.pretrain.worker.WorkerMain
  BENCH_WORKER_PID=$BENCH_LAST_PID
  bench_wait "curl -fsS --max-time 3 http://127.0.0.1:$port/health" "$BENCH_WORKER_PID" 120 worker
}

# Starts the API on this benchmark's Temporal and MinIO (bucket $1, HTTP on 127.0.0.1:$2, any further arguments
# extra environment variables) and waits until it is ready; its pid is in BENCH_API_PID.
bench_start_api() {
  local bucket=$1 port=$2
  shift 2
  # shellcheck disable=SC2046
  bench_launch api env $(bench_platform_env "$bucket") QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" "$@" \
    java -Xmx512m -jar "$BENCH_API_JAR"
  BENCH_API_PID=$BENCH_LAST_PID
  bench_wait "curl -fsS --max-time 3 http://127.0.0.1:$port/q/health/ready" "$BENCH_API_PID" 120 api
}

# Submits the spec file $2 (- for stdin) to the API at $1; prints the run id.
bench_submit() {
  curl -fsS -X POST -H 'Content-Type: application/yaml' --data-binary "@$2" "$1/api/v1/runs" | jq -r .runId
}

# Waits while run $2 at the API at $1 is RUNNING, polling every $3 s (default 5) for at most $4 s (default 3600),
# and failing early if a pid $5 is given and that process dies; prints the run's final status.
bench_await() {
  local api=$1 run_id=$2 poll=${3:-5} limit=${4:-3600} pid=${5:-} started status=RUNNING
  started="$(date +%s)"
  while [[ "$status" == RUNNING ]]; do
    (($(date +%s) - started < limit)) || die "run $run_id still RUNNING after $limit s"
    [[ -z "$pid" ]] || kill -0 "$pid" 2>/dev/null || die "process $pid died while run $run_id was RUNNING"
    sleep "$poll"
    status="$(curl -fsS --max-time 10 "$api/api/v1/runs/$run_id" | jq -r .status)" || status=RUNNING
  done
  echo "$status"
}

bench_require_jars() {
  [[ -f "$BENCH_BUILD/worker/target/worker.jar" ]] \
    || die "$BENCH_BUILD/worker/target/worker.jar is missing; build with: mvn -B -q -o -DskipTests package"
  if [[ "${1:-}" == api ]]; then
    [[ -f "$BENCH_API_JAR" ]] || die "$BENCH_API_JAR is missing; build with: mvn -B -q -o -DskipTests package"
  fi
}

# MinIO's own client, built like the other Go tools (pinned: the commit `@latest` resolved to when this was written).
bench_install_mc() {
  command -v mc >/dev/null 2>&1 && mc --version 2>/dev/null | grep -q '^mc version' && return 0
  command -v go >/dev/null 2>&1 || die "Go is needed to build mc"
  log "mc: building github.com/minio/mc (a few minutes on a cold build cache)"
  mkdir -p "$PRETRAIN_TOOLS/bin"
  GOBIN="$PRETRAIN_TOOLS/bin" GOFLAGS="${GOFLAGS:--buildvcs=false}" \
    go install github.com/minio/mc@v0.0.0-20250313080218-cf909e1063a9
}

bench_install_wrk() {
  command -v wrk >/dev/null 2>&1 && return 0
  log "installing wrk (Debian)"
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo=sudo
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q wrk >/dev/null; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q wrk >/dev/null
  fi
}

# The module version a `go install`ed binary was built from.
bench_go_version() {
  local bin
  bin="$(command -v "$1" 2>/dev/null)" || { echo "not installed"; return 0; }
  go version -m "$bin" 2>/dev/null | awk '$1 == "mod" { print $3; exit }'
}

# The "Machine" section of a results file: hardware, load, versions, date, commit.
bench_machine_section() {
  local model cores load mem commit jar_time
  model="$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
  cores="$(nproc)"
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  mem="$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  commit="$(git -C "$BENCH_BUILD" rev-parse --short HEAD)"
  jar_time="$(date -u -r "$BENCH_BUILD/worker/target/worker.jar" '+%Y-%m-%d %H:%M UTC' 2>/dev/null || echo '?')"
  cat <<EOF
## Machine

- CPU: ${model} (${cores} cores visible), ${mem} memory; load average at the end: ${load}
- OS: $(uname -sr)
- Java: $(java -version 2>&1 | sed -n 2p)
- Temporal CLI: $(bench_go_version temporal) ($(temporal --version 2>/dev/null | sed -n 's/.*(\(Server [^,]*\).*/\1/p'))
- MinIO: $(bench_go_version minio); mc: $(bench_go_version mc); wrk: $(wrk --version 2>/dev/null | awk 'NR == 1 { print $2 }' || true)
- Date: $(date -u '+%Y-%m-%d %H:%M UTC')
- Platform: commit ${commit}$([[ "$BENCH_BUILD" != "$PRETRAIN_REPO" ]] && echo " (built in a separate worktree)"), jars built ${jar_time}
EOF
}
