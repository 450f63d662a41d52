// Command validate checks a stream of rendered Kubernetes manifests offline, the way the API server
// would refuse them: each document is decoded strictly into the typed Go struct of its apiVersion and
// kind from k8s.io/api, so an unknown field, a duplicate key or a wrong type is an error, and a few
// of the API server's own field validations (names, labels, env var and port names) are run on top.
//
// Custom resources (KEDA ScaledObject and TriggerAuthentication, Prometheus Operator ServiceMonitor)
// have no Go types in k8s.io/api: they are decoded strictly into the hand-written subsets in crds.go,
// which list only the fields this chart uses. That catches misspelt or mistyped fields in what the
// chart renders, not every rule of the upstream CRDs.
//
// Usage:
//
//	helm template ... | validate            # one "ok" line per document; exit 1 on the first bad stream
//	helm template ... | validate --to-json  # the same checks, then the documents as one JSON array on stdout
//	validate --yaml-to-json < values.yaml    # plain conversion, for jq checks of values against the schema
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	sigsjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// newObject returns an empty typed object for apiVersion/kind, or nil for a kind this validator does not know.
func newObject(apiVersion, kind string) any {
	switch apiVersion + "/" + kind {
	case "apps/v1/Deployment":
		return &appsv1.Deployment{}
	case "v1/Service":
		return &corev1.Service{}
	case "v1/ServiceAccount":
		return &corev1.ServiceAccount{}
	case "v1/Secret":
		return &corev1.Secret{}
	case "v1/ConfigMap":
		return &corev1.ConfigMap{}
	case "v1/Pod":
		return &corev1.Pod{}
	case "networking.k8s.io/v1/Ingress":
		return &networkingv1.Ingress{}
	case "networking.k8s.io/v1/NetworkPolicy":
		return &networkingv1.NetworkPolicy{}
	case "autoscaling/v2/HorizontalPodAutoscaler":
		return &autoscalingv2.HorizontalPodAutoscaler{}
	case "policy/v1/PodDisruptionBudget":
		return &policyv1.PodDisruptionBudget{}
	case "batch/v1/Job":
		return &batchv1.Job{}
	case "keda.sh/v1alpha1/ScaledObject":
		return &ScaledObject{}
	case "keda.sh/v1alpha1/TriggerAuthentication":
		return &TriggerAuthentication{}
	case "monitoring.coreos.com/v1/ServiceMonitor":
		return &ServiceMonitor{}
	}
	return nil
}

func main() {
	toJSON := flag.Bool("to-json", false, "after validating, print the documents as one JSON array on stdout")
	yamlToJSON := flag.Bool("yaml-to-json", false, "no validation: print one plain YAML document (e.g. values.yaml) as JSON")
	flag.Parse()

	if *yamlToJSON {
		in, err := io.ReadAll(os.Stdin)
		if err == nil {
			in, err = yaml.YAMLToJSONStrict(in)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "invalid:", err)
			os.Exit(1)
		}
		fmt.Println(string(in))
		return
	}

	docs, errs := validateStream(os.Stdin, !*toJSON)
	for _, err := range errs {
		fmt.Fprintln(os.Stderr, "invalid:", err)
	}
	if len(errs) > 0 {
		os.Exit(1)
	}
	if *toJSON {
		out, err := json.Marshal(docs)
		if err != nil {
			fmt.Fprintln(os.Stderr, "invalid:", err)
			os.Exit(1)
		}
		fmt.Println(string(out))
	}
}

// validateStream checks every document of a multi-document YAML stream and returns them as JSON values;
// with listOK it prints one "ok Kind/name" line per good document.
func validateStream(r io.Reader, listOK bool) ([]json.RawMessage, []error) {
	reader := utilyaml.NewYAMLReader(bufio.NewReader(r))
	var docs []json.RawMessage
	var errs []error
	counts := map[string]int{}
	for index := 0; ; index++ {
		raw, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return docs, append(errs, fmt.Errorf("document %d: %w", index, err))
		}
		if isBlank(raw) {
			continue
		}
		doc, name, err := validateDocument(raw)
		if err != nil {
			errs = append(errs, fmt.Errorf("document %d (%s): %w", index, name, err))
			continue
		}
		docs = append(docs, doc)
		counts[strings.SplitN(name, "/", 2)[0]]++
		if listOK {
			fmt.Println("ok", name)
		}
	}
	if len(docs) == 0 && len(errs) == 0 {
		errs = append(errs, errors.New("the stream holds no documents"))
	}
	fmt.Fprintf(os.Stderr, "validated %d documents: %s\n", len(docs), summary(counts))
	return docs, errs
}

// validateDocument decodes one document strictly and runs the field checks; it returns the document as
// JSON and "Kind/name" for messages.
func validateDocument(raw []byte) (json.RawMessage, string, error) {
	// YAMLToJSONStrict refuses duplicate keys, which plain YAML parsing would silently resolve.
	data, err := yaml.YAMLToJSONStrict(raw)
	if err != nil {
		return nil, "?", err
	}
	var typeMeta metav1.TypeMeta
	var meta struct {
		Metadata metav1.ObjectMeta `json:"metadata"`
	}
	if err := json.Unmarshal(data, &typeMeta); err != nil {
		return nil, "?", fmt.Errorf("not an object: %w", err)
	}
	_ = json.Unmarshal(data, &meta)
	name := typeMeta.Kind + "/" + meta.Metadata.Name
	if typeMeta.APIVersion == "" || typeMeta.Kind == "" {
		return nil, name, errors.New("apiVersion and kind are required")
	}
	obj := newObject(typeMeta.APIVersion, typeMeta.Kind)
	if obj == nil {
		return nil, name, fmt.Errorf("%s %s is not a kind this validator knows; add it to newObject", typeMeta.APIVersion, typeMeta.Kind)
	}
	// sigs.k8s.io/json matches field names case-sensitively, like the API server (encoding/json does not).
	strictErrs, err := sigsjson.UnmarshalStrict(data, obj, sigsjson.DisallowDuplicateFields, sigsjson.DisallowUnknownFields)
	if err != nil {
		return nil, name, err
	}
	if len(strictErrs) > 0 {
		return nil, name, errors.Join(strictErrs...)
	}
	if problems := checkObject(obj, &meta.Metadata); len(problems) > 0 {
		return nil, name, errors.New(strings.Join(problems, "; "))
	}
	return data, name, nil
}

func isBlank(doc []byte) bool {
	for _, line := range bytes.Split(doc, []byte("\n")) {
		trimmed := bytes.TrimSpace(line)
		if len(trimmed) > 0 && trimmed[0] != '#' && string(trimmed) != "---" {
			return false
		}
	}
	return true
}

func summary(counts map[string]int) string {
	kinds := make([]string, 0, len(counts))
	for kind, n := range counts {
		kinds = append(kinds, fmt.Sprintf("%s=%d", kind, n))
	}
	sort.Strings(kinds)
	return strings.Join(kinds, " ")
}
