package main

import (
	"fmt"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"
)

// checkObject runs the API server's field validations that strict decoding cannot see and that a chart
// gets wrong most often: object names, label keys and values, selectors that match their pod template,
// container, port and env var names.
func checkObject(obj any, meta *metav1.ObjectMeta) []string {
	var problems []string
	add := func(field string, errs []string) {
		for _, e := range errs {
			problems = append(problems, fmt.Sprintf("%s: %s", field, e))
		}
	}
	if meta.Name == "" {
		problems = append(problems, "metadata.name is required")
	}
	add("metadata.name", validation.IsDNS1123Subdomain(meta.Name))
	add("metadata.labels", checkLabels(meta.Labels))

	switch o := obj.(type) {
	case *corev1.Service:
		// Service names become DNS labels.
		add("metadata.name", validation.IsDNS1035Label(meta.Name))
		for i, port := range o.Spec.Ports {
			if port.Name != "" {
				add(fmt.Sprintf("spec.ports[%d].name", i), validation.IsValidPortName(port.Name))
			}
		}
		if len(o.Spec.Selector) == 0 {
			problems = append(problems, "spec.selector is empty: the Service would select no pods")
		}
	case *appsv1.Deployment:
		add("metadata.name", validation.IsDNS1123Label(meta.Name))
		problems = append(problems, checkSelector(o.Spec.Selector, o.Spec.Template.Labels)...)
		add("spec.template.metadata.labels", checkLabels(o.Spec.Template.Labels))
		problems = append(problems, checkPodSpec("spec.template.spec", &o.Spec.Template.Spec)...)
	case *batchv1.Job:
		problems = append(problems, checkPodSpec("spec.template.spec", &o.Spec.Template.Spec)...)
		if p := o.Spec.Template.Spec.RestartPolicy; p != corev1.RestartPolicyNever && p != corev1.RestartPolicyOnFailure {
			problems = append(problems, "spec.template.spec.restartPolicy must be Never or OnFailure for a Job")
		}
	case *corev1.Pod:
		problems = append(problems, checkPodSpec("spec", &o.Spec)...)
	case *ScaledObject:
		problems = append(problems, o.check()...)
	case *TriggerAuthentication:
		problems = append(problems, o.check()...)
	}
	return problems
}

func checkLabels(labels map[string]string) []string {
	var errs []string
	for key, value := range labels {
		for _, e := range validation.IsQualifiedName(key) {
			errs = append(errs, fmt.Sprintf("key %q: %s", key, e))
		}
		for _, e := range validation.IsValidLabelValue(value) {
			errs = append(errs, fmt.Sprintf("value %q of %q: %s", value, key, e))
		}
	}
	return errs
}

func checkSelector(selector *metav1.LabelSelector, podLabels map[string]string) []string {
	if selector == nil || len(selector.MatchLabels) == 0 {
		return []string{"spec.selector.matchLabels is required"}
	}
	var errs []string
	for key, value := range selector.MatchLabels {
		if podLabels[key] != value {
			errs = append(errs, fmt.Sprintf("spec.selector.matchLabels %s=%s does not match the pod template's labels", key, value))
		}
	}
	return errs
}

func checkPodSpec(path string, spec *corev1.PodSpec) []string {
	var problems []string
	if len(spec.Containers) == 0 {
		problems = append(problems, path+".containers: at least one container is required")
	}
	volumes := map[string]bool{}
	for _, v := range spec.Volumes {
		for _, e := range validation.IsDNS1123Label(v.Name) {
			problems = append(problems, fmt.Sprintf("%s.volumes[%s].name: %s", path, v.Name, e))
		}
		if volumes[v.Name] {
			problems = append(problems, fmt.Sprintf("%s.volumes: duplicate name %q", path, v.Name))
		}
		volumes[v.Name] = true
	}
	all := append(append([]corev1.Container{}, spec.InitContainers...), spec.Containers...)
	for _, c := range all {
		cpath := fmt.Sprintf("%s.containers[%s]", path, c.Name)
		for _, e := range validation.IsDNS1123Label(c.Name) {
			problems = append(problems, cpath+".name: "+e)
		}
		if c.Image == "" {
			problems = append(problems, cpath+".image is required")
		}
		seen := map[string]bool{}
		for _, env := range c.Env {
			for _, e := range validation.IsEnvVarName(env.Name) {
				problems = append(problems, fmt.Sprintf("%s.env[%s]: %s", cpath, env.Name, e))
			}
			if seen[env.Name] {
				problems = append(problems, fmt.Sprintf("%s.env: %s is set twice", cpath, env.Name))
			}
			seen[env.Name] = true
			if env.Value != "" && env.ValueFrom != nil {
				problems = append(problems, fmt.Sprintf("%s.env[%s]: value and valueFrom are exclusive", cpath, env.Name))
			}
		}
		for _, port := range c.Ports {
			if port.Name != "" {
				for _, e := range validation.IsValidPortName(port.Name) {
					problems = append(problems, fmt.Sprintf("%s.ports[%s]: %s", cpath, port.Name, e))
				}
			}
		}
		for _, m := range c.VolumeMounts {
			if !volumes[m.Name] {
				problems = append(problems, fmt.Sprintf("%s.volumeMounts[%s]: no volume of that name", cpath, m.Name))
			}
			if !strings.HasPrefix(m.MountPath, "/") {
				problems = append(problems, fmt.Sprintf("%s.volumeMounts[%s].mountPath must be absolute", cpath, m.Name))
			}
		}
	}
	return problems
}
