# Shared paths and checks for the scripts in this folder; source it, do not run it.
# shellcheck shell=bash disable=SC2034

PRETRAIN_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PRETRAIN_TOOLS="${PRETRAIN_TOOLS:-$HOME/.cache/pretrain/tools}"
PRETRAIN_DATA_ROOT="${PRETRAIN_DATA_ROOT:-$HOME/.cache/pretrain/data}"
PRETRAIN_STATE="${PRETRAIN_STATE:-$PRETRAIN_REPO/.run}"
export PRETRAIN_REPO PRETRAIN_TOOLS PRETRAIN_DATA_ROOT PRETRAIN_STATE

# Our tools first, then Go's own bin folders, so a binary built by `go install` is found.
for dir in /usr/local/go/bin "$(go env GOPATH 2>/dev/null || echo "$HOME/go")/bin" "$PRETRAIN_TOOLS/bin"; do
  case ":$PATH:" in *":$dir:"*) ;; *) [[ -d "$dir" ]] && PATH="$dir:$PATH" ;; esac
done
export PATH

# libtorch's CPU kernels bit-identical run to run on every processor (ReproducibleKernels says why); the tests, the
# demo and the benchmarks all train under these. An explicitly empty value (MKL_CBWR=) is kept, to measure without.
export MKL_CBWR="${MKL_CBWR-AUTO,STRICT}" MKL_DYNAMIC="${MKL_DYNAMIC-FALSE}" OMP_DYNAMIC="${OMP_DYNAMIC-FALSE}"

TEMPORAL_ADDRESS_LOCAL=127.0.0.1:7233
TEMPORAL_UI_LOCAL=http://127.0.0.1:8233
MINIO_ENDPOINT_LOCAL=http://127.0.0.1:9000
MINIO_ROOT_USER="${MINIO_ROOT_USER:-pretrain}"
MINIO_ROOT_PASSWORD="${MINIO_ROOT_PASSWORD:-pretrain-secret}"
PRETRAIN_BUCKET="${PRETRAIN_BUCKET:-pretrain-artifacts}"
# The search attributes a run keeps current (the Temporal UI lists runs by them); the API sets those registered.
PRETRAIN_SEARCH_ATTRIBUTES="${PRETRAIN_SEARCH_ATTRIBUTES:-PipelineName=Keyword Owner=Keyword PipelineStage=Keyword BestMetric=Double}"
# The local Temporal dev server's SQLite file in write-ahead-log mode, synced at checkpoints rather than at every
# commit: each history write otherwise waits for an fsync of the journal and the database, which made most of a
# stage's orchestration overhead on a busy disk (bench/orchestration/results.md). A crash of the server loses
# nothing; a power cut may lose the last writes, never the file.
TEMPORAL_SQLITE_PRAGMAS=(--sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal)
# Eager activity dispatch: a stage on the workflow's own task queue (pretrain-cpu) starts in the reply to the
# workflow task that schedules it, in the same worker, without a trip through matching (0.7-3 ms a stage,
# bench/orchestration/results.md). A production cluster enables it with the same dynamic config key.
TEMPORAL_EAGER_ACTIVITIES=(--dynamic-config-value system.enableActivityEagerExecution=true)

log() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

temporal_healthy() {
  temporal operator namespace describe default --address "$TEMPORAL_ADDRESS_LOCAL" \
    --command-timeout 3s >/dev/null 2>&1
}

minio_healthy() {
  curl -fsS --max-time 3 "$MINIO_ENDPOINT_LOCAL/minio/health/ready" >/dev/null 2>&1
}
