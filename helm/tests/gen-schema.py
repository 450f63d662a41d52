#!/usr/bin/env python3
"""Writes helm/pretrain-platform/values.schema.json from values.yaml: types and defaults from the
values, descriptions from their `# --` comments (EXTRA below for parent keys without one), and the
constraints (enums, patterns, minimums) listed here. workers.cpu / workers.gpu accept every shared
worker key. Run it after changing values.yaml; `--check` (used by helm/tests/run.sh) fails when the
committed schema differs from what it would write.

Usage: python3 helm/tests/gen-schema.py [--check]   (needs PyYAML)
"""
import copy, json, os, re, sys
import yaml

CHART = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'pretrain-platform')
text = open(f'{CHART}/values.yaml').read()
values = yaml.safe_load(text)

# descriptions from `# --` comments, keyed by dotted path
desc = {}
stack = []  # (indent, key)
pending = []
for line in text.splitlines():
    s = line.strip()
    if s.startswith('# --'):
        pending = [s[4:].strip()]
        continue
    if s.startswith('#') and pending:
        pending.append(s[1:].strip())
        continue
    if not s:
        continue
    m = re.match(r'^(\s*)([A-Za-z0-9_.-]+):', line)
    if not m or s.startswith('-'):
        pending = []
        continue
    indent = len(m.group(1))
    # list item contents are not keys of the values tree
    while stack and stack[-1][0] >= indent:
        stack.pop()
    stack.append((indent, m.group(2)))
    path = '.'.join(k for _, k in stack)
    if pending:
        desc[path] = ' '.join(pending)
    pending = []

EXTRA = {
    'image': 'Defaults of the platform images (api, worker, worker-gpu).',
    'serviceAccount': 'The ServiceAccount of the api and worker pods.',
    'api': 'The REST API (Quarkus): a Deployment, its Service, and optional Ingress, HPA and PodDisruptionBudget.',
    'api.image': 'Image of the API.',
    'api.service': 'The API Service.',
    'api.ingress': 'The optional Ingress in front of the API Service.',
    'api.autoscaling': 'The optional HorizontalPodAutoscaler of the API.',
    'api.podDisruptionBudget': 'The PodDisruptionBudget of the API.',
    'workers': 'Settings shared by every worker kind; workers.cpu and workers.gpu override them key by key.',
    'workers.image': 'Image of the workers.',
    'workers.threads': 'libtorch and OpenMP thread counts.',
    'workers.podDisruptionBudget': 'The PodDisruptionBudget of each worker kind.',
    'workers.autoscaling': 'The optional KEDA ScaledObject of each worker kind (temporal scaler on the task-queue backlog).',
    'workers.gpu.image': 'Image of the GPU workers.',
    'workers.gpu.threads': 'libtorch and OpenMP thread counts of GPU workers.',
    'workers.cpu': 'CPU workers: any key of `workers` overrides the shared value for them.',
    'workers.gpu': 'GPU workers (CUDA image, nvidia.com/gpu limits): any key of `workers` overrides the shared value for them.',
    'temporal': 'The existing Temporal cluster the api and workers connect to.',
    'temporal.tls': 'mTLS to the Temporal frontend.',
    'temporal.searchAttributes': 'The optional hook Job that registers the custom search attributes.',
    'temporal.searchAttributes.image': 'Image of the hook Job.',
    'storage': 'The S3/MinIO artifact store the workers write to.',
    'storage.credentials': 'Credentials of the artifact store, passed as S3_ACCESS_KEY / S3_SECRET_KEY through secretKeyRef.',
    'codec': 'Payload-codec key (PRETRAIN_CODEC_KEY); the platform does not use it yet.',
    'auth': 'API authentication: hashed API keys and OIDC bearer tokens.',
    'auth.apiKeys': 'Hashed API keys.',
    'auth.oidc': 'OIDC bearer-token settings.',
    'auth.oidc.roleValues': 'Values of the roles claim that grant each role; the highest granted wins.',
    'metrics': 'Prometheus scraping.',
    'metrics.serviceMonitor': 'Prometheus Operator ServiceMonitors.',
    'networkPolicy': 'Optional NetworkPolicies of the api and workers.',
    'networkPolicy.egress': 'Egress restriction of the NetworkPolicies.',
    'notifications': "Webhooks a run reports its end to (a spec's `notify`): allowed hosts, the signing secret, link bases.",
    'tests': 'The `helm test` pod.',
    'tests.image': 'Image of the `helm test` pod.',
}
LEAF_EXTRA = {
    'runAsNonRoot': 'Refuse to start a container whose user is root.',
    'runAsUser': 'User id the containers run as.',
    'runAsGroup': 'Group id the containers run as.',
    'fsGroup': 'Group that owns mounted volumes.',
    'seccompProfile': 'Seccomp profile of the pods.',
    'seccompProfile.type': 'Seccomp profile type.',
    'allowPrivilegeEscalation': 'Whether a process may gain more privileges than its parent.',
    'readOnlyRootFilesystem': 'Mount the root filesystem read-only.',
    'capabilities': 'Linux capabilities.',
    'capabilities.drop': 'Capabilities removed from the containers.',
    'requests': 'Resource requests.',
    'limits': 'Resource limits.',
    'initialDelaySeconds': 'Seconds before the first probe.',
    'periodSeconds': 'Seconds between probes.',
    'timeoutSeconds': 'Seconds a probe may take.',
    'failureThreshold': 'Failed probes in a row that count as a failure.',
    'successThreshold': 'Successful probes in a row that count as a success.',
}

def description(path):
    if path in desc:
        return desc[path]
    if path in EXTRA:
        return EXTRA[path]
    for suffix, d in LEAF_EXTRA.items():
        if path.endswith('.' + suffix):
            return d
    raise SystemExit(f'no description for {path}')

FREEFORM_STRING_MAPS = {'commonLabels', 'annotations', 'podAnnotations', 'podLabels', 'nodeSelector', 'labels'}
FREEFORM_MAPS = {'affinity', 'behavior'}
PASSTHROUGH = {'podSecurityContext', 'containerSecurityContext', 'resources', 'requests', 'limits'}
ENUMS = {
    'pullPolicy': ['Always', 'IfNotPresent', 'Never'],
    'type@api.service': ['ClusterIP', 'NodePort', 'LoadBalancer'],
}
MINIMUMS = {'replicas': 0, 'minReplicas': 0, 'maxReplicas': 1, 'trainingSlots': 1, 'port': 1, 'metricsPort': 1,
            'checkpointIntervalSeconds': 0, 'shutdownGraceSeconds': 0, 'terminationGracePeriodSeconds': 1,
            'preStopSleepSeconds': 0, 'gpus': 1, 'omp': 1, 'intraOp': 1, 'interOp': 1, 'pollingInterval': 1,
            'cooldownPeriod': 0, 'targetQueueSize': 1, 'activationTargetQueueSize': 0, 'backlogLimit': 0,
            'initialDelaySeconds': 0, 'periodSeconds': 1, 'timeoutSeconds': 1, 'failureThreshold': 1,
            'successThreshold': 1, 'backoffLimit': 0, 'minAvailable': 0, 'maxUnavailable': 0,
            'targetCPUUtilizationPercentage': 0, 'targetMemoryUtilizationPercentage': 0}
QUANTITY = {'type': ['string', 'integer', 'number'], 'description': 'A Kubernetes quantity, e.g. 500m, 2, 4Gi.'}

def items_schema(path, key):
    if key == 'taskQueues':
        return {'type': 'string', 'enum': ['pretrain-cpu', 'pretrain-gpu']}
    if key == 'hashes':
        return {'type': 'string', 'pattern': '^[0-9a-f]{64}:[A-Za-z0-9._@-]{1,64}:(viewer|submitter|admin)$',
                'description': 'One API key as sha256hex:owner:role.'}
    if key == 'drop':
        return {'type': 'string'}
    if path.startswith('auth.oidc.roleValues.'):
        return {'type': 'string', 'minLength': 1, 'description': 'A value of the roles claim.'}
    if key == 'dataBuckets':
        return {'type': 'string', 'pattern': '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$', 'description': 'An S3 bucket name.'}
    if key == 'webhookHosts':
        return {'type': 'string', 'pattern': '^[A-Za-z0-9.:-]+$', 'description': 'A host name or an IP literal.'}
    if key == 'corsOrigins':
        return {'type': 'string', 'pattern': '^https?://[^/]+$', 'description': 'An origin: scheme, host and port.'}
    if path == 'temporal.searchAttributes.attributes':
        return {'type': 'object', 'additionalProperties': False, 'required': ['name', 'type'],
                'properties': {
                    'name': {'type': 'string', 'pattern': '^[A-Za-z][A-Za-z0-9_]*$', 'description': 'Name of the search attribute.'},
                    'type': {'type': 'string', 'enum': ['Keyword', 'Text', 'Int', 'Double', 'Bool', 'Datetime', 'KeywordList'],
                             'description': 'Type of the search attribute.'}}}
    if path == 'api.ingress.hosts':
        return {'type': 'object', 'additionalProperties': False, 'required': ['host', 'paths'],
                'properties': {
                    'host': {'type': 'string', 'description': 'Host name routed to the API.'},
                    'paths': {'type': 'array', 'description': 'Paths routed to the API.', 'items': {
                        'type': 'object', 'additionalProperties': False, 'required': ['path', 'pathType'],
                        'properties': {
                            'path': {'type': 'string', 'description': 'URL path.'},
                            'pathType': {'type': 'string', 'enum': ['Prefix', 'Exact', 'ImplementationSpecific'],
                                         'description': 'How the path matches.'}}}}}}
    if key == 'extraObjects':
        return {'type': ['object', 'string']}
    return {'type': 'object'}

def schema_for(path, key, value):
    d = description(path)
    if key in PASSTHROUGH or path.endswith('SecurityContext'):
        s = {'type': 'object', 'description': d, 'additionalProperties': True}
        if key in ('requests', 'limits'):
            s['additionalProperties'] = QUANTITY
        if isinstance(value, dict) and value and key not in ('requests', 'limits'):
            s['properties'] = {k: schema_for(f'{path}.{k}', k, v) for k, v in value.items()}
        s['default'] = value
        return s
    if isinstance(value, dict) and (value or key in FREEFORM_STRING_MAPS or key in FREEFORM_MAPS):
        if key in FREEFORM_STRING_MAPS:
            return {'type': 'object', 'description': d, 'additionalProperties': {'type': 'string'}, 'default': value}
        if key in FREEFORM_MAPS:
            return {'type': 'object', 'description': d, 'additionalProperties': True, 'default': value}
        return {'type': 'object', 'description': d, 'additionalProperties': False,
                'properties': {k: schema_for(f'{path}.{k}', k, v) for k, v in value.items()}}
    if path == 'workers.pools':
        # filled in below, from the GPU block's schema, once that is known
        return {'type': 'object', 'description': d, 'default': value}
    if isinstance(value, dict):
        raise SystemExit(f'empty map with unknown shape: {path}')
    if isinstance(value, list):
        s = {'type': 'array', 'description': d, 'items': items_schema(path, key), 'default': value}
        if key in ('taskQueues', 'dataBuckets'):
            s['uniqueItems'] = True
        return s
    if isinstance(value, bool):
        return {'type': 'boolean', 'description': d, 'default': value}
    if isinstance(value, int):
        s = {'type': 'integer', 'description': d, 'default': value}
        if key in MINIMUMS:
            s['minimum'] = MINIMUMS[key]
        if key.endswith('Percentage'):
            s['maximum'] = 100
        if key in ('port', 'metricsPort'):
            s['maximum'] = 65535
        return s
    if isinstance(value, str):
        s = {'type': 'string', 'description': d, 'default': value}
        if key == 'pullPolicy':
            s['enum'] = ENUMS['pullPolicy']
        if path == 'api.service.type':
            s['enum'] = ENUMS['type@api.service']
        if key == 'storeUri':
            s['pattern'] = '^(s3://[^/]+.*)?$'
        if key in ('tmpSizeLimit', 'djlCacheSizeLimit'):
            s['pattern'] = '^[0-9]+(\\.[0-9]+)?([EPTGMk]i?)?$'
        if key in ('interval', 'scrapeTimeout'):
            s['pattern'] = '^([0-9]+(ms|s|m|h))+$'
        if path == 'temporal.address':
            s['pattern'] = '^([^:/\\s]+:[0-9]{1,5})?$'
        return s
    raise SystemExit(f'unhandled {path}: {value!r}')

root_props = {k: schema_for(k, k, v) for k, v in values.items()}

# workers.cpu / workers.gpu accept every shared worker key (overrides) plus their own.
shared = {k: v for k, v in root_props['workers']['properties'].items() if k not in ('cpu', 'gpu', 'pools')}

def override_schema(shared_s, own_s):
    """The shared key's schema, with the kind's own value as default where it sets one."""
    s = copy.deepcopy(shared_s)
    if own_s is None:
        return s
    if s.get('type') == 'object' and 'properties' in s and 'properties' in own_s and s.get('additionalProperties') is False:
        for k, v in own_s['properties'].items():
            s['properties'][k] = override_schema(s['properties'].get(k, v), v)
        return s
    own = copy.deepcopy(own_s)
    own['description'] = own.get('description') or s.get('description')
    return own

for kind in ('cpu', 'gpu'):
    block = root_props['workers']['properties'][kind]
    own = block['properties']
    props = {}
    for k, v in shared.items():
        props[k] = override_schema(v, own.get(k))
    for k, v in own.items():
        if k not in props:
            props[k] = v
    block['properties'] = props

# each of workers.pools takes any key of workers.gpu (but `enabled`) and names its task queue
pool = copy.deepcopy(root_props['workers']['properties']['gpu'])
pool['properties'].pop('enabled')
pool['properties'].pop('taskQueues')
for k, v in pool['properties'].items():
    v.pop('default', None)
pool['description'] = 'A GPU worker pool: its task queue, and any key of workers.gpu that it overrides.'
pool['required'] = ['taskQueue']
pool['properties'] = {'taskQueue': {
    'type': 'string', 'pattern': '^[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?$',
    'description': 'The task queue the pool polls for training (WORKER_TASK_QUEUES), e.g. gpu-a100.'},
    **pool['properties']}
root_props['workers']['properties']['pools'].update({
    'propertyNames': {'pattern': '^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$'},
    'additionalProperties': pool})

root_props['worker'] = {
    'type': 'object',
    'description': 'Removed: the single worker block became `workers` (shared) with `workers.cpu` / `workers.gpu`. '
                   'Accepted here only so the chart can fail with a pointer to the upgrade notes (README, "Upgrading").',
}

schema = {
    '$schema': 'http://json-schema.org/draft-07/schema#',
    'title': 'Values of the pretrain-platform chart',
    'type': 'object',
    'additionalProperties': False,
    'properties': root_props,
}
rendered = json.dumps(schema, indent=2) + '\n'
target = os.path.join(CHART, 'values.schema.json')
if '--check' in sys.argv[1:]:
    if open(target).read() != rendered:
        sys.exit('values.schema.json is not what helm/tests/gen-schema.py writes from values.yaml: run it and commit the result')
else:
    open(target, 'w').write(rendered)
    print('wrote', target)
