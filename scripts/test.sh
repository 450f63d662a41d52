#!/usr/bin/env bash
# The project's test command (CI runs it through .ci/run): installs the tools, fetches the
# data, starts the Temporal dev server and MinIO, runs the chart tests and `mvn -B -ntp verify`
# against them, then the chart on a real Kubernetes cluster (helm/tests/cluster/test.sh, which
# builds the cluster and the images and removes them again), and stops on exit the services it
# started (ones that were already up stay up).
#
# Usage: scripts/test.sh [extra Maven arguments, e.g. -pl workflows -Dtest=SomeTest]
# With extra arguments (part of the suite) the cluster test is not run, and the log says so.
# Exits with Maven's exit code, or the cluster test's when Maven passed.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "$0")/common.sh"
cd "$PRETRAIN_REPO"

scripts/install-tools.sh
# Schemathesis, which the API contract test (ai.pretrain.api.contract) runs against the test API.
scripts/install-schemathesis.sh >/dev/null
scripts/fetch-data.sh

started=()
temporal_healthy || started+=(temporal)
minio_healthy || started+=(minio)

# shellcheck disable=SC2317  # called from the EXIT trap
stop_started() {
  local name
  for name in ${started[@]+"${started[@]}"}; do
    scripts/services.sh "stop-$name" || true
  done
}
trap stop_started EXIT
# INT/TERM go through EXIT too, so a cancelled run leaves nothing behind.
trap 'exit 130' INT
trap 'exit 143' TERM

scripts/services.sh start
# shellcheck source=/dev/null
source "$PRETRAIN_STATE/services.env"

helm/tests/run.sh
log "running: mvn -B -ntp verify $*"
rc=0
mvn -B -ntp verify "$@" || rc=$?
log "mvn exited with $rc"
if [[ $# -gt 0 ]]; then
  log "cluster test not run: the Maven arguments ask for part of the suite (helm/tests/cluster/test.sh runs it alone)"
  exit "$rc"
fi
cluster_rc=0
helm/tests/cluster/test.sh || cluster_rc=$?
log "cluster test exited with $cluster_rc"
((rc != 0)) || rc=$cluster_rc
exit "$rc"
