#!/usr/bin/env bash
# Tests of the Helm chart, offline: `helm lint --strict` and `helm template` for every value set in
# helm/pretrain-platform/ci/, each rendered stream validated strictly against the Kubernetes API
# types (helm/tests/validate), assertions on the fields that matter (lib.jq), and values that must
# be refused (schema typos and types, removed keys, settings that cannot work).
#
# Usage: helm/tests/run.sh
# Needs: Go (builds helm once, and the validator), jq. Ends with `helm chart: N passed, M failed`
# and exits non-zero when anything failed.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CHART="$REPO/helm/pretrain-platform"
HELM="${PRETRAIN_TOOLS:-$HOME/.cache/pretrain/tools}/bin/helm"
# The oldest Kubernetes the chart supports (Chart.yaml kubeVersion) and a current one.
KUBE_VERSIONS=(1.25.0 1.34.0)

log() { printf '[helm-tests] %s\n' "$*" >&2; }

started=$SECONDS
"$HERE/install-helm.sh"
"$HERE/install-hadolint.sh"
HADOLINT="${PRETRAIN_TOOLS:-$HOME/.cache/pretrain/tools}/bin/hadolint"
command -v jq >/dev/null 2>&1 || { log "ERROR: jq is needed (scripts/install-tools.sh installs it)"; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$HERE/validate" && GOFLAGS="${GOFLAGS:--buildvcs=false} -mod=readonly" go build -o "$work/validate" .)
VALIDATE="$work/validate"

passed=0
failed=0
pass() { passed=$((passed + 1)); printf 'ok   %s\n' "$1"; }
fail() {
  failed=$((failed + 1))
  printf 'FAIL %s\n' "$1"
  [[ -n "${2:-}" ]] && printf '%s\n' "$2" | sed 's/^/     /' | head -n 40
  return 0
}

# render NAME KUBE_VERSION [helm args...]: helm template into $work/NAME.yaml, validated into $work/NAME.json.
render() {
  local name=$1 kube=$2 out
  shift 2
  if ! out="$("$HELM" template pretrain "$CHART" --namespace ml --kube-version "$kube" "$@" 2>&1 >"$work/$name.yaml")"; then
    fail "$name: helm template" "$out"
    return 1
  fi
  if ! out="$("$VALIDATE" --to-json <"$work/$name.yaml" 2>&1 >"$work/$name.json")"; then
    fail "$name: strict validation against the Kubernetes API types" "$out"
    return 1
  fi
  pass "$name: helm template + strict validation ($(tail -n 1 <<<"$out" | sed 's/^validated //'))"
}

# expect NAME FILE JQ: the jq program (with lib.jq) must yield an empty array of violations.
expect() {
  local name=$1 file=$2 program=$3 out
  if ! out="$(jq -L "$HERE" -r "include \"lib\"; $program" "$file" 2>&1)"; then
    fail "$name" "$out"
  elif [[ "$(jq -r 'if type == "array" then length else 1 end' <<<"$out" 2>/dev/null)" != "0" ]]; then
    fail "$name" "$(jq -r 'if type == "array" then .[] else . end' <<<"$out" 2>/dev/null || echo "$out")"
  else
    pass "$name"
  fi
}

# equals NAME FILE JQ EXPECTED: the jq program's compact output must be EXPECTED.
equals() {
  local name=$1 file=$2 program=$3 expected=$4 got
  got="$(jq -L "$HERE" -c "include \"lib\"; $program" "$file" 2>&1)" || true
  if [[ "$got" == "$expected" ]]; then pass "$name"; else fail "$name" "expected $expected"$'\n'"got      $got"; fi
}

# refused NAME MODE MESSAGE [helm args...]: the chart refuses the values, saying MESSAGE.
# MODE schema: values.schema.json refuses them, so both `helm lint` and `helm template` fail.
# MODE render: a `fail` in the templates refuses them; `helm template` fails, while `helm lint`
# only reports such failures as [INFO] (Helm's choice), so lint must print the message.
# MODE kube: Chart.yaml's kubeVersion refuses the cluster; only `helm template` checks it.
refused() {
  local name=$1 mode=$2 message=$3 out
  shift 3
  if out="$("$HELM" template pretrain "$CHART" --kube-version 1.34.0 "$@" 2>&1)"; then
    fail "$name: helm template should fail" "$(head -n 5 <<<"$out")"
    return 0
  elif ! grep -qF -- "$message" <<<"$out"; then
    fail "$name: helm template failed without saying \"$message\"" "$(grep -v '^$' <<<"$out" | head -n 8)"
    return 0
  fi
  if [[ $mode != kube ]]; then
    local lint_rc=0
    out="$("$HELM" lint "$CHART" --kube-version 1.34.0 "$@" 2>&1)" || lint_rc=$?
    if [[ $mode == schema && $lint_rc -eq 0 ]]; then
      fail "$name: helm lint should fail" "$(head -n 5 <<<"$out")"
      return 0
    elif ! grep -qF -- "$message" <<<"$out"; then
      fail "$name: helm lint did not say \"$message\"" "$(grep -v '^$' <<<"$out" | head -n 8)"
      return 0
    fi
  fi
  pass "$name: refused ($mode: $message)"
}

# The variables the platform reads, from the configuration table in docs/operating.md, plus those the chart
# passes for the JVM, DJL and Quarkus.
known_env="$(grep -E '^\| `[A-Z][A-Z0-9_]*`' "$REPO/docs/operating.md" | cut -d'|' -f2 | grep -oE '[A-Z][A-Z0-9_]+' | sort -u || true)"
if [[ -z "$known_env" ]]; then
  fail "docs/operating.md configuration table" "no \`VARIABLE\` rows found in docs/operating.md's configuration table"
fi
known_env_json="$(printf '%s\n' $known_env JAVA_TOOL_OPTIONS OMP_NUM_THREADS DJL_CACHE_DIR ENGINE_CACHE_DIR \
  QUARKUS_HTTP_PORT HOME | jq -R . | jq -sc .)"

# --- lint and render every CI value set, on the oldest and a current Kubernetes -----------------
sets=()
for values in "$CHART"/ci/*-values.yaml; do
  set_name="$(basename "$values" -values.yaml)"
  sets+=("$set_name")
  if out="$("$HELM" lint --strict "$CHART" --kube-version 1.34.0 -f "$values" 2>&1)"; then
    pass "$set_name: helm lint --strict"
  else
    fail "$set_name: helm lint --strict" "$out"
  fi
  for kube in "${KUBE_VERSIONS[@]}"; do
    render "$set_name-k$kube" "$kube" -f "$values" || true
  done
  cp "$work/$set_name-k1.34.0.json" "$work/$set_name.json" 2>/dev/null || echo '[]' >"$work/$set_name.json"
done
[[ " ${sets[*]} " == *" minimal "* && " ${sets[*]} " == *" production "* && " ${sets[*]} " == *" existing-secrets "* ]] \
  && pass "ci value sets: minimal, production, existing-secrets present (${#sets[@]} sets)" \
  || fail "ci value sets" "expected ci/minimal-values.yaml, ci/production-values.yaml, ci/existing-secrets-values.yaml; found ${sets[*]}"

# --- assertions that hold for every value set ----------------------------------------------------
for set_name in "${sets[@]}"; do
  f="$work/$set_name.json"
  expect "$set_name: nvidia.com/gpu limits on GPU workers only" "$f" 'gpu_limits_only_on_gpu_workers'
  expect "$set_name: credentials only through secretKeyRef, never a plain env value" "$f" 'secrets_never_inlined'
  expect "$set_name: liveness, readiness and startup probes on every container" "$f" 'probes_on_every_container'
  expect "$set_name: non-root, seccomp RuntimeDefault, no escalation, ALL dropped, read-only root" "$f" 'hardened'
  expect "$set_name: workers' DJL cache, threads, data root, probes, graceful shutdown" "$f" 'workers_configured'
  expect "$set_name: API port, health endpoints, preStop" "$f" 'api_configured'
  expect "$set_name: every env var is one the platform reads" "$f" "env_names_known($known_env_json)"
  expect "$set_name: selectors, targets and backends resolve" "$f" 'references_resolve'
done

# --- what each value set must render -------------------------------------------------------------
f="$work/minimal.json"
equals "minimal: kinds" "$f" 'kinds' \
  '{"Deployment":2,"Pod":1,"PodDisruptionBudget":2,"Secret":1,"Service":2,"ServiceAccount":1}'
equals "minimal: CPU workers poll both queues when there are no GPU workers" "$f" 'task_queues' \
  '{"cpu":"pretrain-cpu,pretrain-gpu"}'
equals "minimal: storage credentials from the Secret the chart creates" "$f" 'secret_refs' \
  '["S3_ACCESS_KEY=pretrain-pretrain-platform-storage/accessKey","S3_SECRET_KEY=pretrain-pretrain-platform-storage/secretKey"]'
equals "minimal: no data buckets besides the store's" "$f" \
  '[deployments | .spec.template.spec.containers[0] | envvalue("PRETRAIN_DATA_BUCKETS")]' '[null,null]'
equals "minimal: API replicas and PDB" "$f" \
  '[.[] | select(.metadata.name == "pretrain-pretrain-platform-api") | select(.kind == "Deployment" or .kind == "PodDisruptionBudget") | .spec.replicas // .spec.minAvailable]' '[1,2]'
equals "minimal: workers train with libtorch's CPU kernels reproducible" "$f" \
  '[workers | .spec.template.spec.containers[0] | [envvalue("MKL_CBWR"), envvalue("MKL_DYNAMIC"), envvalue("OMP_DYNAMIC")]]' \
  '[["AUTO,STRICT","FALSE","FALSE"]]'
if render "fast-kernels-k1.34.0" 1.34.0 -f "$CHART/ci/minimal-values.yaml" --set workers.reproducibleKernels=false; then
  equals "workers.reproducibleKernels=false: no MKL or OpenMP settings" "$work/fast-kernels-k1.34.0.json" \
    '[workers | .spec.template.spec.containers[0] | [env("MKL_CBWR"), env("MKL_DYNAMIC"), env("OMP_DYNAMIC")]]' \
    '[[null,null,null]]'
fi

# Named GPU worker pools and webhooks on top of the production values: a Deployment (and PDB) per pool
# polling its own queue, with the GPU workers' settings and its own overrides; the API allows the
# pools' queues; webhook hosts reach the API and workers, the signing secret only through secretKeyRef.
if render "worker-pools-k1.34.0" 1.34.0 -f "$CHART/ci/production-values.yaml" \
  --set-json 'workers.pools={"a100":{"taskQueue":"gpu-a100","gpus":2,"nodeSelector":{"gpu":"a100"},"autoscaling":{"enabled":false},"podDisruptionBudget":{"enabled":true}},"small":{"taskQueue":"gpu-small","replicas":3,"autoscaling":{"enabled":false}}}' \
  --set-json 'notifications={"webhookHosts":["hooks.slack.com"],"apiUrl":"https://pretrain.example.com","existingSecret":"pretrain-webhooks"}'; then
  f="$work/worker-pools-k1.34.0.json"
  expect "worker pools: nvidia.com/gpu limits on GPU workers and pools only" "$f" 'gpu_limits_only_on_gpu_workers'
  expect "worker pools: every env var is one the platform reads" "$f" "env_names_known($known_env_json)"
  expect "worker pools: selectors, targets and backends resolve" "$f" 'references_resolve'
  equals "worker pools: each pool polls its own queue" "$f" 'task_queues' \
    '{"cpu":"pretrain-cpu","gpu":"pretrain-gpu","pool-a100":"gpu-a100","pool-small":"gpu-small"}'
  equals "worker pools: GPUs, node selector, tolerations and replicas per pool, the rest from workers.gpu" "$f" \
    '[workers | select(kind_of_worker | startswith("pool-")) | [.metadata.name, .spec.replicas, .spec.template.spec.containers[0].resources.limits["nvidia.com/gpu"], .spec.template.spec.nodeSelector, .spec.template.spec.tolerations[0].key, .spec.template.spec.containers[0].image]]' \
    '[["pretrain-pretrain-platform-worker-pool-a100",1,2,{"gpu":"a100"},"nvidia.com/gpu","registry.example.com/ml/pretrain/worker-gpu:0.1.0"],["pretrain-pretrain-platform-worker-pool-small",3,1,{"cloud.google.com/gke-accelerator":"nvidia-l4"},"nvidia.com/gpu","registry.example.com/ml/pretrain/worker-gpu:0.1.0"]]'
  equals "worker pools: a PodDisruptionBudget for a pool that enables one" "$f" \
    '[.[] | select(.kind == "PodDisruptionBudget") | .metadata.name] | sort' \
    '["pretrain-pretrain-platform-api","pretrain-pretrain-platform-worker-cpu","pretrain-pretrain-platform-worker-pool-a100"]'
  equals "worker pools: the API allows the pools' queues and the webhook hosts" "$f" \
    '[deployments | select(.metadata.labels["app.kubernetes.io/component"] == "api") | .spec.template.spec.containers[0] | envvalue("PRETRAIN_TASK_QUEUES"), envvalue("PRETRAIN_WEBHOOK_HOSTS")]' \
    '["gpu-a100,gpu-small","hooks.slack.com"]'
  equals "worker pools: workers sign webhooks with the secret from its Secret and link to the API" "$f" \
    '[workers | .spec.template.spec.containers[0] | "\(env("PRETRAIN_WEBHOOK_SECRET").valueFrom.secretKeyRef.name)/\(envvalue("PRETRAIN_API_URL"))"] | unique' \
    '["pretrain-webhooks/https://pretrain.example.com"]'
fi
refused "a pool without its task queue" schema "taskQueue" \
  --set-json 'workers.pools={"a100":{"gpus":2}}'

f="$work/production.json"
equals "production: kinds" "$f" 'kinds' \
  '{"ConfigMap":1,"Deployment":3,"HorizontalPodAutoscaler":1,"Ingress":1,"Job":1,"NetworkPolicy":2,"Pod":1,"PodDisruptionBudget":2,"ScaledObject":2,"Secret":1,"Service":2,"ServiceAccount":1,"ServiceMonitor":2,"TriggerAuthentication":1}'
equals "production: CPU workers poll pretrain-cpu, GPU workers pretrain-gpu" "$f" 'task_queues' \
  '{"cpu":"pretrain-cpu","gpu":"pretrain-gpu"}'
equals "production: GPU worker limits, tolerations, nodeSelector, priority class" "$f" \
  '[workers | select(kind_of_worker == "gpu") | .spec.template.spec | [.containers[0].resources.limits["nvidia.com/gpu"], .tolerations[0].key, .nodeSelector["cloud.google.com/gke-accelerator"], .priorityClassName]] | first' \
  '[1,"nvidia.com/gpu","nvidia-l4","ml-training"]'
equals "production: KEDA temporal triggers per queue (endpoint, namespace, queue, target, auth)" "$f" \
  '[.[] | select(.kind == "ScaledObject") | .spec | [.scaleTargetRef.name, .minReplicaCount, .maxReplicaCount, (.triggers[] | .type, .metadata.endpoint, .metadata.namespace, .metadata.taskQueue, .metadata.targetQueueSize, .authenticationRef.name)]]' \
  '[["pretrain-pretrain-platform-worker-cpu",1,8,"temporal","pretrain.a1b2c.tmprl.cloud:7233","pretrain.a1b2c","pretrain-cpu","2","pretrain-pretrain-platform-keda-temporal"],["pretrain-pretrain-platform-worker-gpu",0,4,"temporal","pretrain.a1b2c.tmprl.cloud:7233","pretrain.a1b2c","pretrain-gpu","1","pretrain-pretrain-platform-keda-temporal"]]'
equals "production: KEDA reads the mTLS client certificate from the TLS Secret" "$f" \
  '[.[] | select(.kind == "TriggerAuthentication") | .spec.secretTargetRef[] | "\(.parameter)=\(.name)/\(.key)"]' \
  '["cert=temporal-client-tls/tls.crt","key=temporal-client-tls/tls.key","ca=temporal-client-tls/ca.crt"]'
equals "production: workers under KEDA and the API under its HPA leave replicas unset" "$f" \
  '[deployments | .spec.replicas]' '[null,null,null]'
equals "production: mTLS files mounted from the Secret and passed as TEMPORAL_TLS_*" "$f" \
  '[deployments | .spec.template.spec | [(.containers[0] | envvalue("TEMPORAL_TLS_CERT"), envvalue("TEMPORAL_TLS_KEY"), envvalue("TEMPORAL_TLS_CA")), (.volumes[] | select(.name == "temporal-tls") | .secret.secretName)]] | unique' \
  '[["/etc/pretrain/temporal-tls/tls.crt","/etc/pretrain/temporal-tls/tls.key","/etc/pretrain/temporal-tls/ca.crt","temporal-client-tls"]]'
equals "production: credentials from the existing Secrets, API key hashes from the chart's Secret" "$f" 'secret_refs' \
  '["PRETRAIN_AUTH_API_KEY_HASHES=pretrain-pretrain-platform-api-keys/api-key-hashes","PRETRAIN_CODEC_KEY=pretrain-codec/codec-key","PRETRAIN_CODEC_PREVIOUS_KEYS=pretrain-codec/previous-keys","S3_ACCESS_KEY=pretrain-s3/accessKey","S3_SECRET_KEY=pretrain-s3/secretKey"]'
equals "production: the search-attribute Job is a pre-install/pre-upgrade hook registering PipelineName" "$f" \
  '[.[] | select(.kind == "Job") | .metadata.annotations["helm.sh/hook"], (.spec.template.spec.containers[0].command[2] | test("register \"PipelineName\" \"Keyword\""))]' \
  '["pre-install,pre-upgrade",true]'
equals "production: ServiceMonitors scrape /q/metrics and /metrics with the release label" "$f" \
  '[.[] | select(.kind == "ServiceMonitor") | [.spec.endpoints[0].port, .spec.endpoints[0].path, .metadata.labels.release]]' \
  '[["http","/q/metrics","kube-prometheus-stack"],["metrics","/metrics","kube-prometheus-stack"]]'
equals "production: NetworkPolicies restrict ingress and egress" "$f" \
  '[.[] | select(.kind == "NetworkPolicy") | [.spec.policyTypes, (.spec.ingress[0].from | length), .spec.egress[0].ports[0].port]]' \
  '[[["Ingress","Egress"],2,53],[["Ingress","Egress"],1,53]]'
equals "production: images from the configured registry and tag" "$f" \
  '[deployments | .spec.template.spec.containers[0].image]' \
  '["registry.example.com/ml/pretrain/api:0.1.0","registry.example.com/ml/pretrain/worker:0.1.0","registry.example.com/ml/pretrain/worker-gpu:0.1.0"]'
equals "production: shared worker settings reach both kinds, overrides only their own" "$f" \
  '[workers | .spec.template.spec | [.terminationGracePeriodSeconds, (.containers[0] | envvalue("WORKER_SHUTDOWN_GRACE_SECONDS"), envvalue("WORKER_CHECKPOINT_INTERVAL_SECONDS"), envvalue("OMP_NUM_THREADS"))]]' \
  '[[180,"120","30","4"],[180,"120","60","4"]]'
equals "production: the API and both workers may read the data buckets (PRETRAIN_DATA_BUCKETS)" "$f" \
  '[deployments | .spec.template.spec.containers[0] | envvalue("PRETRAIN_DATA_BUCKETS")]' \
  '["team-data,warehouse-exports","team-data,warehouse-exports","team-data,warehouse-exports"]'
equals "production: extraObjects rendered through tpl" "$f" \
  '[.[] | select(.kind == "ConfigMap") | .metadata.name]' '["pretrain-runbook"]'

f="$work/existing-secrets.json"
equals "existing-secrets: the chart creates no Secret" "$f" '[.[] | select(.kind == "Secret")] | length' '0'
equals "existing-secrets: every credential references the named Secret and key" "$f" 'secret_refs' \
  '["PRETRAIN_AUTH_API_KEY_HASHES=api-key-hashes/hashes","PRETRAIN_CODEC_KEY=payload-codec/key","PRETRAIN_CODEC_PREVIOUS_KEYS=payload-codec/previous-keys","S3_ACCESS_KEY=minio-pretrain/AWS_ACCESS_KEY_ID","S3_SECRET_KEY=minio-pretrain/AWS_SECRET_ACCESS_KEY"]'
equals "existing-secrets: custom TLS keys mounted, no CA (JVM trust store)" "$f" \
  '[deployments | .spec.template.spec | [(.volumes[] | select(.name == "temporal-tls") | .secret.items | map(.key)), (.containers[0] | envvalue("TEMPORAL_TLS_KEY"), envvalue("TEMPORAL_TLS_CA"))]] | unique' \
  '[[["client.pem","client.key"],"/etc/pretrain/temporal-tls/client.key",null]]'

# --- names: truncated to 63 characters with the component suffix kept -------------------------
long_release="a-release-name-that-is-much-too-long-for-kubernetes-object-names"
if out="$("$HELM" template "${long_release:0:53}" "$CHART" --kube-version 1.34.0 -f "$CHART/ci/production-values.yaml" \
      --set fullnameOverride="$long_release" 2>&1 >"$work/long.yaml")" \
   && out="$("$VALIDATE" --to-json <"$work/long.yaml" 2>&1 >"$work/long.json")"; then
  expect "long names: at most 63 characters, component suffix kept" "$work/long.json" \
    '[.[] | select(.kind != "ServiceAccount") | .metadata.name | select(length > 63 or (test("-(api|worker|worker-cpu|worker-gpu|keda-temporal|search-attributes|test-connection|api-keys|runbook)$") | not))]'
else
  fail "long names: render and validate" "$out"
fi

# --- NOTES.txt renders for every value set (helm template does not render it, so render a copy) --
for values in "$CHART"/ci/*-values.yaml; do
  set_name="$(basename "$values" -values.yaml)"
  rm -rf "$work/notes-chart" && cp -r "$CHART" "$work/notes-chart"
  cp "$CHART/templates/NOTES.txt" "$work/notes-chart/notes.txt"
  printf '%s\n' 'apiVersion: v1' 'kind: ConfigMap' 'metadata:' '  name: notes' 'data:' \
    '  notes: {{ tpl (.Files.Get "notes.txt") . | quote }}' >"$work/notes-chart/templates/notes-render.yaml"
  if out="$("$HELM" template pretrain "$work/notes-chart" --kube-version 1.34.0 -f "$values" \
        --show-only templates/notes-render.yaml 2>&1)" \
     && notes="$("$VALIDATE" --to-json <<<"$out" 2>/dev/null | jq -r '.[0].data.notes')" \
     && grep -q "Reach the API" <<<"$notes" && grep -q "Temporal UI" <<<"$notes"; then
    pass "$set_name: NOTES.txt renders and says how to reach the API and the Temporal UI"
  else
    fail "$set_name: NOTES.txt" "$out"
  fi
  anonymous="$(jq -L "$HERE" -r 'include "lib"; api_without_auth' "$work/$set_name-k1.34.0.json" 2>/dev/null \
    || echo "unknown")"
  if [[ "$(grep -c "WARNING: authentication is off" <<<"${notes:-}")" == "$anonymous" ]]; then
    pass "$set_name: NOTES.txt warns about authentication exactly when it is off ($anonymous)"
  else
    fail "$set_name: NOTES.txt authentication warning" "expected $anonymous warning(s) in:"$'\n'"${notes:-}"
  fi
done

# --- values the chart must refuse (helm's own messages are checked, so a Helm upgrade that rewords them shows here) ------------------------------------------------------------------
minimal=(-f "$CHART/ci/minimal-values.yaml")
refused "misspelt key workers.cpu.replicaz" schema "additional properties 'replicaz' not allowed" "${minimal[@]}" --set workers.cpu.replicaz=2
refused "string for a number api.replicas=two" schema "/api/replicas': got string, want integer" "${minimal[@]}" --set-string api.replicas=two
refused "removed key worker.replicas" render 'See "Upgrading" in helm/pretrain-platform/README.md' "${minimal[@]}" --set worker.replicas=2
refused "unknown task queue" schema "/workers/gpu/taskQueues/0" "${minimal[@]}" --set 'workers.gpu.taskQueues={pretrain-tpu}'
refused "missing temporal.address" render "temporal.address is required" --set storage.storeUri=s3://b --set storage.credentials.existingSecret=s3
refused "storage that is not s3://" schema "/storage/storeUri" "${minimal[@]}" --set storage.storeUri=file:///data
# The API refuses to start on a bare hash (it needs the owner and role too): found by installing the chart.
refused "API key hash without owner and role" schema "/auth/apiKeys/hashes/0" "${minimal[@]}" \
  --set auth.apiKeys.enabled=true --set "auth.apiKeys.hashes={$(printf %064d 0)}"
refused "grace period shorter than the worker drain" render "must exceed shutdownGraceSeconds + preStopSleepSeconds" \
  "${minimal[@]}" --set workers.gpu.enabled=true --set workers.gpu.shutdownGraceSeconds=300
refused "no authentication unless asked for" render "the API would run without authentication" \
  "${minimal[@]}" --set auth.allowAnonymous=false
refused "TLS without a Secret" render "temporal.tls.enabled needs temporal.tls.existingSecret" "${minimal[@]}" --set temporal.tls.enabled=true
refused "Kubernetes older than 1.25" kube "incompatible with Kubernetes" "${minimal[@]}" --kube-version 1.24.0

# --- container images: no Docker engine here to build them, so lint them and hold them to the chart --
for dockerfile in "$REPO"/docker/*.Dockerfile; do
  image="$(basename "$dockerfile" .Dockerfile)"
  if out="$("$HADOLINT" --no-color "$dockerfile" 2>&1)"; then
    pass "docker/$image.Dockerfile: hadolint"
  else
    fail "docker/$image.Dockerfile: hadolint" "$out"
  fi
  problems=()
  grep -q '^USER 10001:10001$' "$dockerfile" || problems+=("does not run as USER 10001:10001 (the chart's runAsUser)")
  grep -q -- '--uid 10001 ' "$dockerfile" || problems+=("creates no user with uid 10001")
  [[ -f "$dockerfile.dockerignore" ]] || problems+=("has no $image.Dockerfile.dockerignore (the whole repository would be sent)")
  case "$image" in
    api)
      grep -qF 'ENTRYPOINT ["java", "-jar", "/opt/pretrain/api/quarkus-app/quarkus-run.jar"]' "$dockerfile" || problems+=("entrypoint is not the Quarkus fast-jar")
      grep -q '^EXPOSE 8080$' "$dockerfile" || problems+=("does not expose 8080") ;;
    worker | worker-gpu)
      grep -qF 'ENTRYPOINT ["java", "-cp", "/opt/pretrain/worker/worker.jar:/opt/pretrain/worker/lib/*", "ai.pretrain.worker.WorkerMain"]' "$dockerfile" || problems+=("entrypoint is not WorkerMain")
      grep -q '^EXPOSE 9464$' "$dockerfile" || problems+=("does not expose 9464")
      grep -q 'PRETRAIN_DATA_ROOT=/opt/pretrain/data' "$dockerfile" || problems+=("does not ship the data at /opt/pretrain/data")
      grep -q 'DJL_CACHE_DIR=/var/cache/djl' "$dockerfile" || problems+=("DJL cache is not /var/cache/djl (the chart's emptyDir)") ;;&
    worker) grep -q '^ARG BASE_IMAGE=eclipse-temurin:17-jre' "$dockerfile" || problems+=("is not on eclipse-temurin:17-jre") ;;
    worker-gpu)
      grep -q '^ARG BASE_IMAGE=nvidia/cuda:12\.4' "$dockerfile" || problems+=("is not on the CUDA 12.4 runtime")
      grep -q 'pytorch-native-cu124' "$dockerfile" || problems+=("does not check for the cu124 libtorch") ;;
  esac
  if [[ ${#problems[@]} -eq 0 ]]; then
    pass "docker/$image.Dockerfile: user, entrypoint, ports and paths agree with the chart"
  else
    fail "docker/$image.Dockerfile: agrees with the chart" "$(printf '%s\n' "${problems[@]}")"
  fi
done

# --- values.yaml and values.schema.json agree ------------------------------------------------------
if out="$(python3 "$HERE/gen-schema.py" --check 2>&1)"; then
  pass "values.schema.json is what helm/tests/gen-schema.py writes from values.yaml"
else
  fail "values.schema.json is generated from values.yaml" "$out"
fi
"$VALIDATE" --yaml-to-json <"$CHART/values.yaml" >"$work/values.json"
expect "values.schema.json has a type, description and the values.yaml default for every key" "$work/values.json" \
  "schema_matches_values($(jq -c . "$CHART/values.schema.json"))"

log "finished in $((SECONDS - started)) s"
echo "helm chart: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
