package main

import (
	"fmt"
	"sort"
	"strconv"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The custom resources the chart renders, as hand-written subsets of their CRDs (KEDA v2.17+,
// Prometheus Operator v1): only the fields this chart uses are listed, so strict decoding fails on a
// misspelt or mistyped field the chart renders, but a field the upstream CRD has and the chart does not
// use is refused here too. Extend these types when the chart starts using a new field.

// ScaledObject is keda.sh/v1alpha1 ScaledObject.
type ScaledObject struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              ScaledObjectSpec `json:"spec"`
}

// ScaledObjectSpec is the part of KEDA's ScaledObjectSpec the chart uses.
type ScaledObjectSpec struct {
	ScaleTargetRef   *ScaleTarget    `json:"scaleTargetRef"`
	PollingInterval  *int32          `json:"pollingInterval,omitempty"`
	CooldownPeriod   *int32          `json:"cooldownPeriod,omitempty"`
	IdleReplicaCount *int32          `json:"idleReplicaCount,omitempty"`
	MinReplicaCount  *int32          `json:"minReplicaCount,omitempty"`
	MaxReplicaCount  *int32          `json:"maxReplicaCount,omitempty"`
	Advanced         *AdvancedConfig `json:"advanced,omitempty"`
	Fallback         *Fallback       `json:"fallback,omitempty"`
	Triggers         []ScaleTrigger  `json:"triggers"`
}

// ScaleTarget names the workload KEDA scales.
type ScaleTarget struct {
	APIVersion             string `json:"apiVersion,omitempty"`
	Kind                   string `json:"kind,omitempty"`
	Name                   string `json:"name"`
	EnvSourceContainerName string `json:"envSourceContainerName,omitempty"`
}

// AdvancedConfig is KEDA's advanced block.
type AdvancedConfig struct {
	HorizontalPodAutoscalerConfig *HPAConfig `json:"horizontalPodAutoscalerConfig,omitempty"`
	RestoreToOriginalReplicaCount bool       `json:"restoreToOriginalReplicaCount,omitempty"`
}

// HPAConfig tunes the HPA that KEDA creates.
type HPAConfig struct {
	Name     string                                         `json:"name,omitempty"`
	Behavior *autoscalingv2.HorizontalPodAutoscalerBehavior `json:"behavior,omitempty"`
}

// Fallback is the replica count KEDA keeps while the scaler fails.
type Fallback struct {
	FailureThreshold int32 `json:"failureThreshold"`
	Replicas         int32 `json:"replicas"`
}

// ScaleTrigger is one KEDA trigger; metadata values are strings in the CRD, so an unquoted number fails.
type ScaleTrigger struct {
	Type              string             `json:"type"`
	Name              string             `json:"name,omitempty"`
	UseCachedMetrics  bool               `json:"useCachedMetrics,omitempty"`
	Metadata          map[string]string  `json:"metadata"`
	AuthenticationRef *AuthenticationRef `json:"authenticationRef,omitempty"`
	MetricType        string             `json:"metricType,omitempty"`
}

// AuthenticationRef points a trigger at a TriggerAuthentication.
type AuthenticationRef struct {
	Name string `json:"name"`
	Kind string `json:"kind,omitempty"`
}

// TriggerAuthentication is keda.sh/v1alpha1 TriggerAuthentication (secret references only).
type TriggerAuthentication struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              TriggerAuthenticationSpec `json:"spec"`
}

// TriggerAuthenticationSpec maps scaler auth parameters to Secret keys.
type TriggerAuthenticationSpec struct {
	SecretTargetRef []AuthSecretTargetRef `json:"secretTargetRef"`
}

// AuthSecretTargetRef is one parameter read from one Secret key.
type AuthSecretTargetRef struct {
	Parameter string `json:"parameter"`
	Name      string `json:"name"`
	Key       string `json:"key"`
}

// ServiceMonitor is monitoring.coreos.com/v1 ServiceMonitor.
type ServiceMonitor struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              ServiceMonitorSpec `json:"spec"`
}

// ServiceMonitorSpec is the part of the Prometheus Operator's ServiceMonitorSpec the chart uses.
type ServiceMonitorSpec struct {
	JobLabel          string               `json:"jobLabel,omitempty"`
	Selector          metav1.LabelSelector `json:"selector"`
	NamespaceSelector *NamespaceSelector   `json:"namespaceSelector,omitempty"`
	Endpoints         []MonitorEndpoint    `json:"endpoints"`
}

// NamespaceSelector picks the namespaces a ServiceMonitor looks in.
type NamespaceSelector struct {
	Any        bool     `json:"any,omitempty"`
	MatchNames []string `json:"matchNames,omitempty"`
}

// MonitorEndpoint is one scraped Service port.
type MonitorEndpoint struct {
	Port              string          `json:"port"`
	Path              string          `json:"path,omitempty"`
	Scheme            string          `json:"scheme,omitempty"`
	Interval          string          `json:"interval,omitempty"`
	ScrapeTimeout     string          `json:"scrapeTimeout,omitempty"`
	HonorLabels       bool            `json:"honorLabels,omitempty"`
	Relabelings       []RelabelConfig `json:"relabelings,omitempty"`
	MetricRelabelings []RelabelConfig `json:"metricRelabelings,omitempty"`
}

// RelabelConfig is a Prometheus relabel rule.
type RelabelConfig struct {
	SourceLabels []string `json:"sourceLabels,omitempty"`
	Separator    *string  `json:"separator,omitempty"`
	TargetLabel  string   `json:"targetLabel,omitempty"`
	Regex        string   `json:"regex,omitempty"`
	Modulus      uint64   `json:"modulus,omitempty"`
	Replacement  *string  `json:"replacement,omitempty"`
	Action       string   `json:"action,omitempty"`
}

// temporalTriggerFields are the metadata keys of KEDA's temporal scaler (pkg/scalers/temporal_scaler.go,
// KEDA 2.17+), with whether each must be a whole number.
var temporalTriggerFields = map[string]bool{
	"endpoint": false, "endpointFromEnv": false, "namespace": false, "taskQueue": false,
	"targetQueueSize": true, "activationTargetQueueSize": true, "queueTypes": false,
	"buildId": false, "workerDeploymentName": false, "workerDeploymentBuildId": false,
	"selectAllActive": false, "selectUnversioned": false, "minConnectTimeout": true,
	"unsafeSsl": false, "tlsServerName": false,
}

// temporalAuthParameters are the parameters the temporal scaler reads from a TriggerAuthentication.
var temporalAuthParameters = map[string]bool{"cert": true, "key": true, "keyPassword": true, "ca": true, "apiKey": true}

func (o *ScaledObject) check() []string {
	var problems []string
	if o.Spec.ScaleTargetRef == nil || o.Spec.ScaleTargetRef.Name == "" {
		problems = append(problems, "spec.scaleTargetRef.name is required")
	}
	if len(o.Spec.Triggers) == 0 {
		problems = append(problems, "spec.triggers: at least one trigger is required")
	}
	if o.Spec.MinReplicaCount != nil && o.Spec.MaxReplicaCount != nil && *o.Spec.MinReplicaCount > *o.Spec.MaxReplicaCount {
		problems = append(problems, "spec.minReplicaCount is above spec.maxReplicaCount")
	}
	for i, t := range o.Spec.Triggers {
		if t.Type != "temporal" {
			continue
		}
		keys := make([]string, 0, len(t.Metadata))
		for key := range t.Metadata {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		for _, key := range keys {
			numeric, known := temporalTriggerFields[key]
			if !known {
				problems = append(problems, fmt.Sprintf("spec.triggers[%d].metadata.%s: not a field of KEDA's temporal scaler", i, key))
			} else if numeric {
				if _, err := strconv.ParseInt(t.Metadata[key], 10, 64); err != nil {
					problems = append(problems, fmt.Sprintf("spec.triggers[%d].metadata.%s: %q is not a whole number", i, key, t.Metadata[key]))
				}
			}
		}
		if t.Metadata["endpoint"] == "" && t.Metadata["endpointFromEnv"] == "" {
			problems = append(problems, fmt.Sprintf("spec.triggers[%d].metadata.endpoint is required", i))
		}
		if t.Metadata["taskQueue"] == "" {
			problems = append(problems, fmt.Sprintf("spec.triggers[%d].metadata.taskQueue is required", i))
		}
	}
	return problems
}

func (o *TriggerAuthentication) check() []string {
	var problems []string
	params := map[string]bool{}
	for i, ref := range o.Spec.SecretTargetRef {
		if !temporalAuthParameters[ref.Parameter] {
			problems = append(problems, fmt.Sprintf("spec.secretTargetRef[%d].parameter %q is not read by KEDA's temporal scaler", i, ref.Parameter))
		}
		if ref.Name == "" || ref.Key == "" {
			problems = append(problems, fmt.Sprintf("spec.secretTargetRef[%d]: name and key are required", i))
		}
		params[ref.Parameter] = true
	}
	if params["cert"] != params["key"] {
		problems = append(problems, "spec.secretTargetRef: the temporal scaler needs both cert and key, or neither")
	}
	return problems
}
