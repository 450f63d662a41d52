#!/usr/bin/env bash
# The chart installed on a real single-node Kubernetes, with the platform's images built here:
# `helm install` with authentication on (and its search-attribute Job), `helm test`, a run of
# examples/wine-tabular.yaml through the API's Service that completes with its artifacts in MinIO,
# a worker pod killed mid-pretrain whose run resumes from its checkpoint, and a `helm upgrade` of
# the worker image that drains the workers without failing a stage. Always tears the cluster down.
#
# Usage: helm/tests/cluster/test.sh   (as root; about 30 min on a fresh machine, most of it builds)
# Ends with `cluster: N passed, M failed` and exits non-zero on the first failure.
set -euo pipefail
# shellcheck source=helm/tests/cluster/common.sh
source "$(dirname "$0")/common.sh"
HERE="$REPO/helm/tests/cluster"

NS=pretrain
RELEASE=pretrain-platform
CHART="$REPO/helm/pretrain-platform"
TAG="$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$CHART/Chart.yaml")"
API_KEY="$(openssl rand -hex 24)"
S3_USER=pretrain
S3_SECRET=pretrain-secret
# The pretraining of the runs that lose a worker and that live through an upgrade: wine's own is 40
# epochs of batches of 16, seconds; this one is the spec's most epochs of batches of 2, so that it still
# trains when the upgrade starts draining (about 20 s after it is checkpointed): 120 epochs took about
# 2 min on 2 busy cores but under 25 s on a quiet machine, which finished before the drain began.
LONG_EPOCHS=1000
LONG_BATCH=2

# One cluster per machine: a second run waits for the first (its teardown included), and never
# tears down a cluster it did not bring up.
mkdir -p "$CLUSTER_CACHE"
exec 9>"$CLUSTER_CACHE/test.lock"
if ! flock -n 9; then
  log "another cluster test runs on this machine: waiting for it to finish"
  flock -w 3600 9 || die "the other cluster test still runs after an hour"
fi
[[ ! -e "$CLUSTER_STATE" ]] || die "$CLUSTER_STATE exists: a cluster was left behind (helm/tests/cluster/down.sh removes it)"

passed=0
pass() { passed=$((passed + 1)); printf 'ok   %s\n' "$1"; }

# On failure: what the cluster looked like, then the teardown (on success too).
finish() {
  local rc=$?
  if [[ $rc -ne 0 && -f "$KUBECONFIG" ]]; then
    log "cluster state at the failure:"
    kubectl get pods -A -o wide >&2 || true
    kubectl get events -A --sort-by=.lastTimestamp 2>/dev/null | tail -n 30 >&2 || true
    kubectl -n "$NS" logs -l app.kubernetes.io/component=api --tail=40 >&2 || true
    kubectl -n "$NS" logs -l app.kubernetes.io/component=worker --tail=40 >&2 || true
    log "daemon logs: $CLUSTER_LOGS"
  fi
  "$HERE/down.sh" || rc=1
  printf 'cluster: %d passed, %d failed\n' "$passed" "$((rc == 0 ? 0 : 1))"
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

service_ip() { kubectl -n "$1" get service "$2" -o jsonpath='{.spec.clusterIP}'; }

api() { curl -fsS --max-time 30 -H "X-API-Key: $API_KEY" "$@"; }

# S3 ListObjectsV2 on the cluster's MinIO: the keys under a prefix, one a line.
s3_keys() {
  curl -fsS --max-time 30 --aws-sigv4 aws:amz:us-east-1:s3 --user "$S3_USER:$S3_SECRET" \
    "http://$MINIO:9000/pretrain-artifacts?list-type=2&max-keys=1000&prefix=${1//\//%2F}" \
    | grep -o '<Key>[^<]*</Key>' | sed 's/<[^>]*>//g'
}

submit() { api -X POST -H 'Content-Type: application/yaml' --data-binary @- "$API/api/v1/runs" | jq -r .runId; }

run_status() { api "$API/api/v1/runs/$1" | jq -r .status; }

# wait_run RUN SECONDS: until the run completes; dies if it ends otherwise.
wait_run() {
  local run=$1 limit=$2 start=$SECONDS status
  while status="$(run_status "$run")"; [[ "$status" == RUNNING ]]; do
    ((SECONDS - start < limit)) || die "run $run still RUNNING after ${limit}s"
    sleep 3
  done
  [[ "$status" == COMPLETED ]] || die "run $run ended $status: $(api "$API/api/v1/runs/$1" | jq -c .failure)"
}

# pretrain_checkpointed RUN: its pretrain stage is running and its heartbeat names a checkpoint.
pretrain_checkpointed() {
  api "$API/api/v1/runs/$1" | jq -e '.stages[] | select(.stage == "pretrain" and .state == "RUNNING")
    | .live.checkpoint // empty' >/dev/null
}

# Events of the run's workflow history, from the Temporal dev server in the cluster.
history() {
  kubectl -n platform-deps exec deploy/temporal -- temporal workflow show --workflow-id "$1" --output json
}

# long_wine NAME SEED: the wine spec with a longer pretraining, so a worker can be lost or drained in
# the middle of it; each SEED is a new stage-cache key, so the pretraining runs and is not reused.
long_wine() {
  sed -e "s/^name: wine-tabular/name: $1/" -e "s/^seed: 42$/seed: $2/" \
    -e "/^pretrain:/,/^[a-z]/ { s/^  epochs: 40$/  epochs: $LONG_EPOCHS/; s/^  batchSize: 16$/  batchSize: $LONG_BATCH/; }" \
    "$REPO/examples/wine-tabular.yaml"
}

worker_pod() {
  kubectl -n "$NS" get pods -l app.kubernetes.io/component=worker \
    --field-selector=status.phase=Running -o jsonpath='{.items[0].metadata.name}'
}

# draining POD: the pod is terminating (it has had its SIGTERM, or its preStop runs).
draining() { [[ -n "$(kubectl -n "$NS" get pod "$1" -o jsonpath='{.metadata.deletionTimestamp}' --ignore-not-found)" ]]; }

gone() { [[ -z "$(kubectl -n "$NS" get pod "$1" -o name --ignore-not-found)" ]]; }

started=$SECONDS
"$HERE/install.sh"
log "binaries ready ($((SECONDS - started)) s)"
"$HERE/up.sh"
"$HERE/images.sh" platform
log "cluster and images ready ($((SECONDS - started)) s)"

kubectl apply -f "$HERE/services.yaml" >/dev/null
MINIO="$(service_ip platform-deps minio)"
wait_for 180 "MinIO answers through its Service" curl -fsS --max-time 5 "http://$MINIO:9000/minio/health/ready"
wait_for 180 "Temporal serves the default namespace" \
  kubectl -n platform-deps exec deploy/temporal -- temporal operator namespace describe --namespace default
curl -fsS --max-time 30 --aws-sigv4 aws:amz:us-east-1:s3 --user "$S3_USER:$S3_SECRET" -X PUT \
  "http://$MINIO:9000/pretrain-artifacts" >/dev/null
pass "Temporal dev server and MinIO run in the cluster"

hash="$(printf %s "$API_KEY" | sha256sum | cut -c1-64)"
helm_args=(--namespace "$NS" -f "$HERE/values.yaml" --set "image.tag=$TAG" --set "auth.apiKeys.hashes={$hash:cluster-test:submitter}")
t=$SECONDS
helm install "$RELEASE" "$CHART" --create-namespace "${helm_args[@]}" --wait --timeout 10m >/dev/null
pass "helm install --wait: api and worker ready ($((SECONDS - t)) s)"

attributes="$(kubectl -n platform-deps exec deploy/temporal -- temporal operator search-attribute list --output json)"
for name in PipelineName Owner PipelineStage BestMetric; do
  jq -e --arg n "$name" 'tostring | contains($n)' <<<"$attributes" >/dev/null \
    || die "search attribute $name is not registered: the search-attribute Job did not run"
done
pass "the search-attribute Job registered PipelineName, Owner, PipelineStage, BestMetric"

helm test "$RELEASE" --namespace "$NS" --timeout 3m >/dev/null
pass "helm test"

API="http://$(service_ip "$NS" "$RELEASE-api")"
code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "$API/api/v1/runs")"
[[ "$code" == 401 ]] || die "the API answered $code without an API key (expected 401)"
t=$SECONDS
run="$(submit <"$REPO/examples/wine-tabular.yaml")"
wait_run "$run" 900
artifacts="$(api "$API/api/v1/runs/$run/artifacts" | jq -r '.artifacts[].uri | sub("^s3://pretrain-artifacts/"; "")')"
[[ -n "$artifacts" ]] || die "run $run lists no artifacts"
keys="$(s3_keys stages/)"
while read -r key; do
  grep -qxF "$key" <<<"$keys" || die "artifact $key of run $run is not in MinIO"
done <<<"$artifacts"
pass "examples/wine-tabular.yaml through the API's Service with an API key: COMPLETED, $(wc -l <<<"$artifacts") artifacts in MinIO ($((SECONDS - t)) s; 401 without the key)"

t=$SECONDS
run="$(long_wine wine-worker-lost 1 | submit)"
wait_for 600 "pretrain of $run has a checkpoint" pretrain_checkpointed "$run"
lost="$(worker_pod)"
kubectl -n "$NS" delete pod "$lost" --grace-period=0 --force >/dev/null 2>&1
wait_for 300 "a new worker replaced $lost" bash -c "pod=\$(kubectl -n $NS get pods -l app.kubernetes.io/component=worker -o name); [[ -n \$pod && \$pod != pod/$lost ]] && kubectl -n $NS wait --for=condition=Ready \$pod --timeout=5s"
wait_run "$run" 1200
attempts="$(history "$run" | jq '[.events[] | .activityTaskStartedEventAttributes.attempt // empty] | max')"
((attempts >= 2)) || die "run $run's activities all ran once: the killed worker's stage was not retried"
log_text="$(api "$API/api/v1/runs/$run/stages/pretrain/logs")"
first_epochs="$(grep -c "epoch 1/$LONG_EPOCHS done" <<<"$log_text" || true)"
[[ "$first_epochs" == 1 ]] || die "the retried pretrain of $run started again at epoch 1 (${first_epochs}x) instead of its checkpoint"
pass "worker pod deleted mid-pretrain: replaced, pretrain retried from its checkpoint, run COMPLETED ($((SECONDS - t)) s)"

t=$SECONDS
docker tag "pretrain/worker:$TAG" "pretrain/worker:$TAG-rolled"
docker save "pretrain/worker:$TAG-rolled" | ctr --address "$CONTAINERD_SOCK" -n k8s.io images import - >/dev/null
run="$(long_wine wine-drained 2 | submit)"
wait_for 600 "pretrain of $run is training" pretrain_checkpointed "$run"
old="$(worker_pod)"
helm upgrade "$RELEASE" "$CHART" "${helm_args[@]}" --set "workers.image.tag=$TAG-rolled" --wait --timeout 10m >/dev/null &
upgrade=$!
wait_for 600 "the upgrade drains $old" draining "$old"
stage="$(api "$API/api/v1/runs/$run" | jq -r '.stages[] | select(.stage == "pretrain") | .state')"
[[ "$stage" == RUNNING ]] || die "pretrain of $run was $stage when $old began to drain: lengthen LONG_EPOCHS or LONG_BATCH"
wait "$upgrade" || die "helm upgrade failed"
wait_for 240 "$old drained and exited" gone "$old"
image="$(kubectl -n "$NS" get pods -l app.kubernetes.io/component=worker -o jsonpath='{.items[*].spec.containers[0].image}')"
[[ "$image" == "pretrain/worker:$TAG-rolled" ]] || die "workers after the upgrade run $image"
wait_run "$run" 1200
# A failed activity is an event; a retried one shows as a later attempt on its one ActivityTaskStarted event.
# The drain does not finish a heartbeating training: the SDK's heartbeat throws once the worker shuts
# down, and the new worker resumes it from its checkpoint; the pass line says whether that happened.
events="$(history "$run")"
failures="$(jq '[.events[] | select(.eventType | test("ACTIVITY_TASK_(FAILED|TIMED_OUT)"))] | length' <<<"$events")"
[[ "$failures" == 0 ]] || die "run $run had $failures failed or timed-out activities across the upgrade"
attempts="$(jq '[.events[] | .activityTaskStartedEventAttributes.attempt // empty] | max' <<<"$events")"
pass "helm upgrade of the worker image tag: workers rolled, the old one drained, no stage failed, run COMPLETED (most attempts of an activity: $attempts; $((SECONDS - t)) s)"
log "cluster test done in $((SECONDS - started)) s"
