# Helpers for the chart assertions in run.sh. Input: the JSON array of rendered documents that
# `validate --to-json` prints. Every assertion yields an array of violations; empty means it holds.

def workloads: .[] | select(.kind == "Deployment" or .kind == "Job" or .kind == "Pod");
def podspec: if .kind == "Pod" then .spec else .spec.template.spec end;
def containers: podspec | ((.initContainers // []) + .containers) | .[];
def deployments: .[] | select(.kind == "Deployment");
def workers: deployments | select(.metadata.labels["app.kubernetes.io/component"] == "worker");
def kind_of_worker: .metadata.labels["pretrain.ai/worker-kind"];
def env($name): [(.env // [])[] | select(.name == $name)] | first;
def envvalue($name): env($name).value;
# true when every key/value of $selector is among $labels
def selects($selector; $labels): ($selector // {}) | to_entries | length > 0 and all(.[]; $labels[.key] == .value);

# nvidia.com/gpu limits on GPU worker containers, and nowhere else.
def gpu_limits_only_on_gpu_workers:
  [ workloads
    | (.kind + "/" + .metadata.name) as $w
    | (.kind == "Deployment" and (kind_of_worker == "gpu" or (kind_of_worker // "" | startswith("pool-")))) as $gpu
    | containers
    | (.resources.limits // {})["nvidia.com/gpu"] as $limit
    | select(($gpu and ($limit == null or ($limit | tostring) == "0")) or (($gpu | not) and $limit != null))
    | "\($w)/\(.name): nvidia.com/gpu limit \($limit)" ];

# Credentials reach containers only through secretKeyRef: no env var with a credential-like name
# holds a plain value, and no env value equals a value of a Secret the chart renders.
def secrets_never_inlined:
  ([ .[] | select(.kind == "Secret") | (.data // {}) | .[] | @base64d | select(length > 0) ]) as $secretValues
  | [ workloads
      | (.kind + "/" + .metadata.name) as $w
      | containers
      | .name as $c
      | (.env // [])[]
      | select(
          ((.name | test("SECRET|PASSWORD|TOKEN|ACCESS_KEY|CODEC_KEY|API_KEY|CREDENTIAL"))
            and (.value != null or .valueFrom.secretKeyRef == null))
          or ((.value // "") as $v | $v != "" and any($secretValues[]; . == $v)))
      | "\($w)/\($c): \(.name) is not a secretKeyRef" ];

# Every long-running container has liveness, readiness and startup probes.
def probes_on_every_container:
  [ deployments | .metadata.name as $d | .spec.template.spec.containers[]
    | select(.livenessProbe == null or .readinessProbe == null or .startupProbe == null)
    | "\($d)/\(.name): missing probe(s): \([("livenessProbe", "readinessProbe", "startupProbe") as $p | select(.[$p] == null) | $p] | join(","))" ];

# Non-root, seccomp RuntimeDefault, no privilege escalation, ALL capabilities dropped, read-only
# root filesystem with a writable /tmp.
def hardened:
  [ workloads
    | (.kind + "/" + .metadata.name) as $w
    | (podspec.securityContext // {}) as $pod
    | ( (if $pod.runAsNonRoot != true then "\($w): pod runAsNonRoot is not true" else empty end),
        (if $pod.seccompProfile.type != "RuntimeDefault" then "\($w): pod seccompProfile is not RuntimeDefault" else empty end),
        (containers
          | (.securityContext // {}) as $sc
          | .name as $c
          | (if $sc.allowPrivilegeEscalation != false then "\($w)/\($c): allowPrivilegeEscalation is not false" else empty end),
            (if $sc.readOnlyRootFilesystem != true then "\($w)/\($c): readOnlyRootFilesystem is not true" else empty end),
            (if (($sc.capabilities.drop // []) | index("ALL")) == null then "\($w)/\($c): capabilities do not drop ALL" else empty end),
            (if $w | startswith("Pod/") then empty
             elif ([(.volumeMounts // [])[] | select(.mountPath == "/tmp")] | length) == 0 then "\($w)/\($c): no writable /tmp" else empty end)) ) ];

# Workers: DJL cache on an emptyDir, thread settings, graceful shutdown longer than the drain.
def workers_configured:
  [ workers
    | .metadata.name as $d
    | .spec.template.spec as $spec
    | $spec.containers[0] as $c
    | ([$spec.volumes[] | select(.emptyDir != null) | .name]) as $emptyDirs
    | ( (if ($c | envvalue("DJL_CACHE_DIR")) != "/var/cache/djl" or ($c | envvalue("ENGINE_CACHE_DIR")) != "/var/cache/djl"
         then "\($d): DJL_CACHE_DIR/ENGINE_CACHE_DIR are not /var/cache/djl" else empty end),
        (if ([$c.volumeMounts[] | select(.mountPath == "/var/cache/djl" and (.name as $n | $emptyDirs | index($n)))] | length) == 0
         then "\($d): /var/cache/djl is not an emptyDir" else empty end),
        (if ($c | envvalue("OMP_NUM_THREADS")) == null then "\($d): OMP_NUM_THREADS unset" else empty end),
        (($c | envvalue("JAVA_TOOL_OPTIONS")) // "" | if test("-Dai\\.djl\\.pytorch\\.num_threads=[0-9]+") and test("-Dai\\.djl\\.pytorch\\.num_interop_threads=[0-9]+")
         then empty else "\($d): JAVA_TOOL_OPTIONS lacks the DJL thread properties" end),
        (if ($c | envvalue("PRETRAIN_DATA_ROOT")) != "/opt/pretrain/data" then "\($d): PRETRAIN_DATA_ROOT is not the image's /opt/pretrain/data" else empty end),
        (if $c.lifecycle.preStop.exec.command[0] != "sleep" then "\($d): no preStop sleep" else empty end),
        (($c | envvalue("WORKER_SHUTDOWN_GRACE_SECONDS") | tonumber) as $grace
         | ($c.lifecycle.preStop.exec.command[1] | tonumber) as $sleep
         | if $spec.terminationGracePeriodSeconds <= $grace + $sleep
           then "\($d): terminationGracePeriodSeconds \($spec.terminationGracePeriodSeconds) <= shutdown grace \($grace) + preStop \($sleep)" else empty end),
        (if ([$c.ports[] | select(.containerPort == 9464 and .name == "metrics")] | length) == 0 then "\($d): no metrics port 9464" else empty end),
        ([$c.livenessProbe, $c.readinessProbe, $c.startupProbe] | map(select(.httpGet.path != "/health" or .httpGet.port != "metrics"))
         | if length > 0 then "\($d): a probe is not GET /health on the metrics port" else empty end) ) ];

# The API: Quarkus port, health endpoints, graceful stop.
def api_configured:
  [ deployments | select(.metadata.labels["app.kubernetes.io/component"] == "api")
    | .metadata.name as $d | .spec.template.spec.containers[0] as $c
    | ( (if ($c | envvalue("QUARKUS_HTTP_PORT")) != "8080" then "\($d): QUARKUS_HTTP_PORT is not 8080" else empty end),
        (if $c.livenessProbe.httpGet.path != "/q/health/live" then "\($d): liveness is not /q/health/live" else empty end),
        (if $c.readinessProbe.httpGet.path != "/q/health/ready" then "\($d): readiness is not /q/health/ready" else empty end),
        (if $c.startupProbe.httpGet.path != "/q/health/started" then "\($d): startup is not /q/health/started" else empty end),
        (if $c.lifecycle.preStop.exec.command[0] != "sleep" then "\($d): no preStop sleep" else empty end) ) ];

# Every env var the chart sets is one the platform reads (README's configuration table) or one of
# the few the chart documents itself ($extra).
def env_names_known($known):
  [ workloads | (.kind + "/" + .metadata.name) as $w | containers | .name as $c | (.env // [])[]
    | select(.name as $n | $known | index($n) | not) | "\($w)/\($c): \(.name) is not a known variable" ];

# References between rendered objects resolve: Services, PDBs and ServiceMonitors select pods or
# Services that exist; HPA/ScaledObject targets and Ingress backends exist.
def references_resolve:
  . as $docs
  | ([ $docs[] | select(.kind == "Deployment") | .spec.template.metadata.labels ]) as $podLabels
  | ([ $docs[] | select(.kind == "Deployment") | .metadata.name ]) as $deployments
  | ([ $docs[] | select(.kind == "Service") ]) as $services
  | [ ( $docs[] | select(.kind == "Service") | select(.spec.selector as $s | any($podLabels[]; selects($s; .)) | not)
        | "Service/\(.metadata.name) selects no pods" ),
      ( $docs[] | select(.kind == "PodDisruptionBudget" or .kind == "NetworkPolicy")
        | select((.spec.selector // .spec.podSelector).matchLabels as $s | any($podLabels[]; selects($s; .)) | not)
        | "\(.kind)/\(.metadata.name) selects no pods" ),
      ( $docs[] | select(.kind == "ServiceMonitor")
        | select(.spec.selector.matchLabels as $s | .spec.endpoints[0].port as $p
                 | any($services[]; selects($s; .metadata.labels) and any(.spec.ports[]; .name == $p)) | not)
        | "ServiceMonitor/\(.metadata.name) matches no Service port" ),
      ( $docs[] | select(.kind == "HorizontalPodAutoscaler" or .kind == "ScaledObject")
        | select(.spec.scaleTargetRef.name as $n | $deployments | index($n) | not)
        | "\(.kind)/\(.metadata.name) targets a missing Deployment" ),
      ( $docs[] | select(.kind == "ScaledObject") | .metadata.name as $so | .spec.triggers[] | select(.authenticationRef != null)
        | select(.authenticationRef.name as $a | any($docs[]; .kind == "TriggerAuthentication" and .metadata.name == $a) | not)
        | "ScaledObject/\($so) references a missing TriggerAuthentication" ),
      ( $docs[] | select(.kind == "Ingress") | .spec.rules[].http.paths[].backend.service.name
        | select(. as $n | any($services[]; .metadata.name == $n) | not) | "Ingress backend \(.) is missing" ),
      ( $docs[] | select(.kind == "Deployment") | select(.spec.template.spec.serviceAccountName as $sa
          | ($sa == "default") or any($docs[]; .kind == "ServiceAccount" and .metadata.name == $sa) | not)
        | "Deployment/\(.metadata.name) uses a ServiceAccount that is not rendered" ) ];

# Names of the secretKeyRefs: "secret/key" for every credential env var.
def secret_refs:
  [ workloads | containers | (.env // [])[] | select(.valueFrom.secretKeyRef != null)
    | "\(.name)=\(.valueFrom.secretKeyRef.name)/\(.valueFrom.secretKeyRef.key)" ] | unique;

def kinds: [ .[].kind ] | group_by(.) | map({key: .[0], value: length}) | from_entries;

# WORKER_TASK_QUEUES of each worker kind, as {cpu: ..., gpu: ...}.
def task_queues: [ workers | {key: kind_of_worker, value: (.spec.template.spec.containers[0] | envvalue("WORKER_TASK_QUEUES"))} ] | from_entries;

# values.yaml against values.schema.json: every key has a schema entry with a type and a
# description, and every leaf (or free-form map/list) has the same default as values.yaml.
def schema_matches_values($schema):
  def check($v; $s; $path):
    if $s == null then ["\($path): not in the schema"]
    else
      (if ($s.type == null) or ($s.description == null) then ["\($path): schema entry lacks type or description"] else [] end)
      + if ($v | type) == "object" and ($s.properties != null) and ($s.additionalProperties == false) then
          [ $v | to_entries[] | . as $e | check($e.value; $s.properties[$e.key]; "\($path).\($e.key)")[] ]
        elif ($s | has("default") | not) then ["\($path): schema entry has no default"]
        elif $s.default != $v then ["\($path): default \($s.default | tojson) differs from values.yaml \($v | tojson)"]
        else [] end
    end;
  [ to_entries[] | . as $e | check($e.value; $schema.properties[$e.key]; $e.key)[] ];

# API containers that get neither the API-key hashes nor an OIDC issuer: authentication off.
def api_without_auth:
  [ deployments | select(.metadata.labels["app.kubernetes.io/component"] == "api") | .spec.template.spec.containers[0]
    | select(env("PRETRAIN_AUTH_API_KEY_HASHES") == null and env("PRETRAIN_AUTH_OIDC_ISSUER") == null) ] | length;
