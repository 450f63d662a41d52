{{/*
Names, labels and the merged per-component settings of the chart.
*/}}

{{/* The chart name, or nameOverride. */}}
{{- define "pretrain-platform.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* <release>-<chart>, or fullnameOverride; the release name alone when it already holds the chart name. */}}
{{- define "pretrain-platform.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
<fullname>-<component>, at most 63 characters: the fullname is cut, never the component suffix,
so two components never end up with the same name.
Usage: include "pretrain-platform.componentName" (list $ "worker-gpu")
*/}}
{{- define "pretrain-platform.componentName" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- $prefix := include "pretrain-platform.fullname" $root | trunc (int (sub 62 (len $component))) | trimSuffix "-" -}}
{{- printf "%s-%s" $prefix $component -}}
{{- end -}}

{{- define "pretrain-platform.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that select a release's pods of one component. Usage: include ... (list $ "api") */}}
{{- define "pretrain-platform.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "pretrain-platform.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* Every label of a component's resources. Usage: include ... (list $ "api") */}}
{{- define "pretrain-platform.labels" -}}
{{- $root := index . 0 -}}
helm.sh/chart: {{ include "pretrain-platform.chart" $root }}
{{ include "pretrain-platform.selectorLabels" . }}
app.kubernetes.io/version: {{ $root.Chart.AppVersion | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
app.kubernetes.io/part-of: pretrain-platform
{{- with $root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "pretrain-platform.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "pretrain-platform.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* registry/repository:tag of a platform image. Usage: include ... (list $ .image) */}}
{{- define "pretrain-platform.image" -}}
{{- $root := index . 0 -}}
{{- $image := index . 1 -}}
{{- $tag := $image.tag | default $root.Values.image.tag | default $root.Chart.AppVersion -}}
{{- if $root.Values.image.registry -}}
{{- printf "%s/%s:%s" (trimSuffix "/" $root.Values.image.registry) $image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" $image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/*
Deep merge of two maps as YAML: keys of .override replace those of .base, maps merge key by key.
Unlike sprig's mergeOverwrite, a false, 0, "" or [] in .override wins over the base value, so
`workers.gpu.podDisruptionBudget.enabled: false` really turns it off.
*/}}
{{- define "pretrain-platform.deepMerge" -}}
{{- $out := deepCopy .base -}}
{{- range $key, $value := .override -}}
{{- $current := get $out $key -}}
{{- if and (kindIs "map" $value) (kindIs "map" $current) -}}
{{- $_ := set $out $key (include "pretrain-platform.deepMerge" (dict "base" $current "override" $value) | fromYaml) -}}
{{- else -}}
{{- $_ := set $out $key $value -}}
{{- end -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{/*
The settings of one worker kind: the shared `workers` defaults overridden by `workers.<kind>`, as YAML.
Usage: include "pretrain-platform.workerValues" (list $ "gpu") | fromYaml
*/}}
{{- define "pretrain-platform.workerValues" -}}
{{- $root := index . 0 -}}
{{- $kind := index . 1 -}}
{{- $shared := omit $root.Values.workers "cpu" "gpu" "pools" -}}
{{- if hasPrefix "pool-" $kind -}}
{{- $gpu := include "pretrain-platform.deepMerge" (dict "base" $shared "override" (omit $root.Values.workers.gpu "enabled")) | fromYaml -}}
{{- $pool := get $root.Values.workers.pools (trimPrefix "pool-" $kind) -}}
{{- $override := merge (dict "taskQueues" (list $pool.taskQueue)) (omit $pool "taskQueue") -}}
{{- $merged := include "pretrain-platform.deepMerge" (dict "base" $gpu "override" $override) | fromYaml -}}
{{- /* where a pool runs is its own: its node selector and affinity replace the GPU workers' */ -}}
{{- range $key := list "nodeSelector" "affinity" -}}
{{- if hasKey $pool $key -}}
{{- $_ := set $merged $key (get $pool $key) -}}
{{- end -}}
{{- end -}}
{{- toYaml $merged -}}
{{- else -}}
{{- $override := omit (get $root.Values.workers $kind) "enabled" -}}
{{- include "pretrain-platform.deepMerge" (dict "base" $shared "override" $override) -}}
{{- end -}}
{{- end -}}

{{/*
The worker kinds to render, as a JSON list: cpu and gpu where enabled, then `pool-<name>` for each of
workers.pools. Usage: include "pretrain-platform.workerKinds" $ | fromJsonArray
*/}}
{{- define "pretrain-platform.workerKinds" -}}
{{- $kinds := list -}}
{{- range $kind := list "cpu" "gpu" -}}
{{- if (get $.Values.workers $kind).enabled -}}
{{- $kinds = append $kinds $kind -}}
{{- end -}}
{{- end -}}
{{- range $name, $_ := $.Values.workers.pools -}}
{{- $kinds = append $kinds (printf "pool-%s" $name) -}}
{{- end -}}
{{- toJson $kinds -}}
{{- end -}}

{{/* PRETRAIN_TASK_QUEUES of the API: the queues of workers.pools, which specs may route stages to. */}}
{{- define "pretrain-platform.poolQueues" -}}
{{- $queues := list -}}
{{- range $_, $pool := .Values.workers.pools -}}
{{- $queues = append $queues $pool.taskQueue -}}
{{- end -}}
{{- join "," $queues -}}
{{- end -}}

{{/* The webhook settings, the same for the API (checks at submit) and the workers (check again, sign, send). */}}
{{- define "pretrain-platform.webhookEnv" -}}
- name: PRETRAIN_WEBHOOK_HOSTS
  value: {{ join "," .Values.notifications.webhookHosts | quote }}
{{- if or .Values.notifications.existingSecret .Values.notifications.secret }}
- name: PRETRAIN_WEBHOOK_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ .Values.notifications.existingSecret | default (include "pretrain-platform.componentName" (list . "webhooks")) }}
      key: {{ .Values.notifications.secretKey }}
{{- end }}
{{- end -}}

{{/* WORKER_TASK_QUEUES of a worker kind. Usage: include ... (list $ "cpu" $settings) */}}
{{- define "pretrain-platform.taskQueues" -}}
{{- $root := index . 0 -}}
{{- $kind := index . 1 -}}
{{- $settings := index . 2 -}}
{{- if $settings.taskQueues -}}
{{- join "," $settings.taskQueues -}}
{{- else if eq $kind "gpu" -}}
pretrain-gpu
{{- else if $root.Values.workers.gpu.enabled -}}
pretrain-cpu
{{- else -}}
pretrain-cpu,pretrain-gpu
{{- end -}}
{{- end -}}

{{/* Names of the Secrets the pods read, whether the chart creates them or they exist already. */}}
{{- define "pretrain-platform.storageSecretName" -}}
{{- .Values.storage.credentials.existingSecret | default (include "pretrain-platform.componentName" (list . "storage")) -}}
{{- end -}}
{{- define "pretrain-platform.codecSecretName" -}}
{{- .Values.codec.existingSecret | default (include "pretrain-platform.componentName" (list . "codec")) -}}
{{- end -}}
{{- define "pretrain-platform.apiKeysSecretName" -}}
{{- .Values.auth.apiKeys.existingSecret | default (include "pretrain-platform.componentName" (list . "api-keys")) -}}
{{- end -}}

{{/* The egress rules of the NetworkPolicies, when egress is restricted. */}}
{{- define "pretrain-platform.networkPolicyEgress" -}}
{{- if .Values.networkPolicy.egress.enabled }}
egress:
  # DNS, so the pods can resolve Temporal and the object store.
  - ports:
      - port: 53
        protocol: UDP
      - port: 53
        protocol: TCP
  {{- with .Values.networkPolicy.egress.to }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end }}
{{- end -}}

{{/* Where the Temporal client certificate files are mounted. */}}
{{- define "pretrain-platform.temporalTlsDir" -}}/etc/pretrain/temporal-tls{{- end -}}

{{/* Temporal connection env (api and workers): address, namespace, mTLS files. */}}
{{- define "pretrain-platform.temporalEnv" -}}
- name: TEMPORAL_ADDRESS
  value: {{ .Values.temporal.address | quote }}
- name: TEMPORAL_NAMESPACE
  value: {{ .Values.temporal.namespace | quote }}
{{- if .Values.temporal.tls.enabled }}
- name: TEMPORAL_TLS_CERT
  value: {{ printf "%s/%s" (include "pretrain-platform.temporalTlsDir" .) .Values.temporal.tls.certKey | quote }}
- name: TEMPORAL_TLS_KEY
  value: {{ printf "%s/%s" (include "pretrain-platform.temporalTlsDir" .) .Values.temporal.tls.keyKey | quote }}
{{- if .Values.temporal.tls.caKey }}
- name: TEMPORAL_TLS_CA
  value: {{ printf "%s/%s" (include "pretrain-platform.temporalTlsDir" .) .Values.temporal.tls.caKey | quote }}
{{- end }}
{{- end }}
{{- if .Values.codec.enabled }}
- name: PRETRAIN_CODEC_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "pretrain-platform.codecSecretName" . }}
      key: {{ .Values.codec.secretKey }}
{{- if .Values.codec.keyId }}
- name: PRETRAIN_CODEC_KEY_ID
  value: {{ .Values.codec.keyId | quote }}
{{- end }}
- name: PRETRAIN_CODEC_PREVIOUS_KEYS
  valueFrom:
    secretKeyRef:
      name: {{ include "pretrain-platform.codecSecretName" . }}
      key: {{ .Values.codec.previousKeysKey }}
      optional: true
{{- end }}
{{- end -}}

{{/* The volume holding the Temporal client certificate, when mTLS is on. */}}
{{- define "pretrain-platform.temporalTlsVolume" -}}
{{- if .Values.temporal.tls.enabled }}
- name: temporal-tls
  secret:
    secretName: {{ .Values.temporal.tls.existingSecret }}
    defaultMode: 0440
    items:
      - key: {{ .Values.temporal.tls.certKey }}
        path: {{ .Values.temporal.tls.certKey }}
      - key: {{ .Values.temporal.tls.keyKey }}
        path: {{ .Values.temporal.tls.keyKey }}
      {{- if .Values.temporal.tls.caKey }}
      - key: {{ .Values.temporal.tls.caKey }}
        path: {{ .Values.temporal.tls.caKey }}
      {{- end }}
{{- end }}
{{- end -}}

{{- define "pretrain-platform.temporalTlsMount" -}}
{{- if .Values.temporal.tls.enabled }}
- name: temporal-tls
  mountPath: {{ include "pretrain-platform.temporalTlsDir" . }}
  readOnly: true
{{- end }}
{{- end -}}

{{/*
Checks that fail the render with a message a user can act on: removed keys (pointing at the
upgrade notes) and settings that cannot work together.
*/}}
{{- define "pretrain-platform.validateValues" -}}
{{- if hasKey .Values "worker" -}}
{{- fail "values: `worker` was removed; its settings moved to `workers` (shared) and `workers.cpu` / `workers.gpu` (e.g. `worker.replicas` is now `workers.cpu.replicas`). See \"Upgrading\" in helm/pretrain-platform/README.md." -}}
{{- end -}}
{{- if not .Values.temporal.address -}}
{{- fail "values: temporal.address is required (the Temporal frontend host:port); without it a worker would start its in-process dev server." -}}
{{- end -}}
{{- if and .Values.temporal.tls.enabled (not .Values.temporal.tls.existingSecret) -}}
{{- fail "values: temporal.tls.enabled needs temporal.tls.existingSecret (a Secret with the client certificate and PKCS#8 key)." -}}
{{- end -}}
{{- if not (hasPrefix "s3://" .Values.storage.storeUri) -}}
{{- fail "values: storage.storeUri is required and must be s3://bucket[/prefix]." -}}
{{- end -}}
{{- if and (not .Values.storage.credentials.existingSecret) (or (not .Values.storage.credentials.accessKey) (not .Values.storage.credentials.secretKey)) -}}
{{- fail "values: set storage.credentials.existingSecret, or both storage.credentials.accessKey and storage.credentials.secretKey." -}}
{{- end -}}
{{- if and .Values.codec.enabled (not .Values.codec.existingSecret) (not .Values.codec.key) -}}
{{- fail "values: codec.enabled needs codec.existingSecret or codec.key." -}}
{{- end -}}
{{- if and .Values.auth.apiKeys.enabled (not .Values.auth.apiKeys.existingSecret) (not .Values.auth.apiKeys.hashes) -}}
{{- fail "values: auth.apiKeys.enabled needs auth.apiKeys.existingSecret or auth.apiKeys.hashes." -}}
{{- end -}}
{{- if and .Values.auth.oidc.enabled (or (not .Values.auth.oidc.issuerUrl) (not (or .Values.auth.oidc.clientId .Values.auth.oidc.audience)) (not .Values.auth.oidc.jwksUrl)) -}}
{{- fail "values: auth.oidc.enabled needs auth.oidc.issuerUrl, auth.oidc.clientId (or audience) and auth.oidc.jwksUrl." -}}
{{- end -}}
{{- if not (or .Values.auth.apiKeys.enabled .Values.auth.oidc.enabled .Values.auth.allowAnonymous) -}}
{{- fail "values: the API would run without authentication, so anyone who reaches it could start runs and delete artifacts. Enable auth.apiKeys (sha256 hashes of the keys) or auth.oidc, or set auth.allowAnonymous: true to accept that on a private test cluster." -}}
{{- end -}}
{{- if and (not .Values.workers.cpu.enabled) (not .Values.workers.gpu.enabled) -}}
{{- fail "values: enable workers.cpu or workers.gpu; without workers no run makes progress." -}}
{{- end -}}
{{- if not .Values.workers.cpu.enabled -}}
{{- /* Workflow tasks, data prep and evaluation live on pretrain-cpu: someone must poll it. */ -}}
{{- $gpu := include "pretrain-platform.workerValues" (list . "gpu") | fromYaml -}}
{{- if not (has "pretrain-cpu" ($gpu.taskQueues | default list)) -}}
{{- fail "values: with workers.cpu disabled, add pretrain-cpu to workers.gpu.taskQueues, or nothing polls the workflow queue." -}}
{{- end -}}
{{- end -}}
{{- if le (int .Values.api.terminationGracePeriodSeconds) (int .Values.api.preStopSleepSeconds) -}}
{{- fail "values: api.terminationGracePeriodSeconds must exceed api.preStopSleepSeconds." -}}
{{- end -}}
{{- range $kind := list "cpu" "gpu" -}}
{{- $w := include "pretrain-platform.workerValues" (list $ $kind) | fromYaml -}}
{{- if le (int $w.terminationGracePeriodSeconds) (add $w.shutdownGraceSeconds $w.preStopSleepSeconds | int) -}}
{{- fail (printf "values: workers.%s terminationGracePeriodSeconds (%v) must exceed shutdownGraceSeconds + preStopSleepSeconds (%v), or Kubernetes kills training before it checkpoints." $kind $w.terminationGracePeriodSeconds (add $w.shutdownGraceSeconds $w.preStopSleepSeconds)) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
The artifact store's settings, the same for the API (which streams artifacts and reports) and the workers; the
credentials come from a Secret, never inline.
*/}}
{{- define "pretrain-platform.storageEnv" -}}
- name: PRETRAIN_STORE_URI
  value: {{ .Values.storage.storeUri | quote }}
{{- with .Values.storage.endpoint }}
- name: S3_ENDPOINT
  value: {{ . | quote }}
{{- end }}
- name: S3_REGION
  value: {{ .Values.storage.region | quote }}
{{- with .Values.storage.dataBuckets }}
- name: PRETRAIN_DATA_BUCKETS
  value: {{ join "," . | quote }}
{{- end }}
- name: S3_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "pretrain-platform.storageSecretName" . }}
      key: {{ .Values.storage.credentials.accessKeyKey }}
- name: S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "pretrain-platform.storageSecretName" . }}
      key: {{ .Values.storage.credentials.secretKeyKey }}
{{- end }}
