#!/usr/bin/env bash
# Brings up a single-node Kubernetes on this machine, from the binaries install.sh built: containerd
# (CRI), etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy, the CNI
# bridge on 10.244.0.0/24 and CoreDNS at 10.96.0.10, plus a dockerd (sharing that containerd) for
# images.sh. Every address it uses is loopback or one it creates (the cni0 bridge, 10.244.0.1, is the
# node's address); nothing is pulled from a registry. down.sh removes all of it.
#
# Usage: helm/tests/cluster/up.sh   (as root; then `export KUBECONFIG=/var/lib/pretrain-cluster/admin.kubeconfig`)
set -euo pipefail
# shellcheck source=helm/tests/cluster/common.sh
source "$(dirname "$0")/common.sh"

NODE_NAME=pretrain-node
NODE_IP=10.244.0.1
PKI="$CLUSTER_STATE/pki"
CONF="$CLUSTER_STATE/conf"

[[ $(id -u) -eq 0 ]] || die "run as root: the cluster needs containerd, iptables and mounts"
[[ ! -e "$CLUSTER_STATE" ]] || die "$CLUSTER_STATE exists: a cluster is up or was left behind (run down.sh first)"
for bin in etcd kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl coredns; do
  [[ -x "$CLUSTER_BIN/$bin" ]] || die "$CLUSTER_BIN/$bin is missing (run helm/tests/cluster/install.sh)"
done
for port in 6443 2379 2380 10248 10249 10250 10256 10257 10259; do
  ! ss -Hltn "sport = :$port" | grep -q . || die "port $port is taken: another cluster or service is using it"
done
mkdir -p "$PKI" "$CONF" "$CLUSTER_RUN/pids" "$CLUSTER_LOGS" "$CLUSTER_STATE/cni/net.d"
rm -f "$CLUSTER_LOGS"/*.log

# What down.sh restores: the host's sysctls that the node changes, and which netfilter tables existed.
for key in "${RESTORED_SYSCTLS[@]}"; do printf '%s=%s\n' "$key" "$(sysctl -n "$key")"; done >"$CLUSTER_STATE/sysctls"
nft list tables >"$CLUSTER_STATE/nft-tables"

# start NAME COMMAND...: runs a daemon in its own session, its pid in $CLUSTER_RUN/pids, its log in $CLUSTER_LOGS.
start() {
  local name=$1
  shift
  setsid "$@" >"$CLUSTER_LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$CLUSTER_RUN/pids/$name.pid"
}

certificates() {
  local sans="IP:127.0.0.1,IP:$NODE_IP,IP:$KUBERNETES_SERVICE_IP,DNS:kubernetes,DNS:kubernetes.default"
  sans+=",DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:$NODE_NAME"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=pretrain-cluster-ca \
    -keyout "$PKI/ca.key" -out "$PKI/ca.crt" 2>/dev/null
  # issue NAME SUBJECT [SANS]
  issue() {
    local ext=()
    if [[ -n "${3:-}" ]]; then
      printf 'subjectAltName=%s\n' "$3" >"$PKI/$1.ext"
      ext=(-extfile "$PKI/$1.ext")
    fi
    openssl req -newkey rsa:2048 -nodes -subj "$2" -keyout "$PKI/$1.key" -out "$PKI/$1.csr" 2>/dev/null
    openssl x509 -req -in "$PKI/$1.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial -days 2 \
      "${ext[@]}" -out "$PKI/$1.crt" 2>/dev/null
  }
  issue apiserver /CN=kube-apiserver "$sans"
  issue kubelet "/CN=system:node:$NODE_NAME/O=system:nodes" "IP:$NODE_IP,DNS:$NODE_NAME"
  # One client identity in system:masters for the admin and the control-plane components: a
  # throwaway test cluster, not a model of production RBAC.
  issue admin /CN=pretrain-admin/O=system:masters
  openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
  openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
}

kubeconfig() {
  local file=$1 cert=$2
  KUBECONFIG="$file" kubectl config set-cluster pretrain --server="https://$NODE_IP:6443" \
    --certificate-authority="$PKI/ca.crt" --embed-certs >/dev/null
  KUBECONFIG="$file" kubectl config set-credentials "$cert" --client-certificate="$PKI/$cert.crt" \
    --client-key="$PKI/$cert.key" --embed-certs >/dev/null
  KUBECONFIG="$file" kubectl config set-context pretrain --cluster=pretrain --user="$cert" >/dev/null
  KUBECONFIG="$file" kubectl config use-context pretrain >/dev/null
}

# The node's address lives on the CNI bridge, created here so the API server can bind to it before
# the first pod exists; the bridge plugin then reuses it.
network() {
  ip link add "$CNI_BRIDGE" type bridge
  ip addr add "$NODE_IP/24" dev "$CNI_BRIDGE"
  ip link set "$CNI_BRIDGE" up
  sysctl -qw net.ipv4.ip_forward=1
  # dockerd (from the docker.io package, elsewhere) may set FORWARD's policy to DROP; pod-to-service traffic needs these.
  iptables -I FORWARD 1 -i "$CNI_BRIDGE" -m comment --comment "$IPTABLES_COMMENT" -j ACCEPT
  iptables -I FORWARD 1 -o "$CNI_BRIDGE" -m comment --comment "$IPTABLES_COMMENT" -j ACCEPT
  # No ipMasq: pods talk only to each other, the services and the node; nothing is routed off the host.
  cat >"$CLUSTER_STATE/cni/net.d/10-pretrain.conflist" <<EOF
{"cniVersion": "1.0.0", "name": "pretrain", "plugins": [
  {"type": "bridge", "bridge": "$CNI_BRIDGE", "isGateway": true, "ipMasq": false, "hairpinMode": true,
   "ipam": {"type": "host-local", "dataDir": "$CLUSTER_STATE/cni/networks",
            "ranges": [[{"subnet": "$POD_CIDR", "gateway": "$NODE_IP"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
  {"type": "loopback"}]}
EOF
}

containerd_and_docker() {
  cat >"$CONF/containerd.toml" <<EOF
version = 2
root = "$CLUSTER_STATE/containerd"
state = "$CLUSTER_RUN/containerd"
[grpc]
  address = "$CONTAINERD_SOCK"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # No CAP_SYS_RESOURCE here: without this every pod sandbox fails ("can't get final child's PID from pipe: EOF").
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$CLUSTER_STATE/cni/net.d"
EOF
  start containerd containerd --config "$CONF/containerd.toml"
  wait_for 30 "containerd is up" ctr --address "$CONTAINERD_SOCK" version
  # Docker builds the images (images.sh) into its own cache, kept between runs; it touches no
  # network or iptables of the host (builds run with --network none).
  start dockerd dockerd --host "unix://$DOCKER_SOCK" --containerd "$CONTAINERD_SOCK" \
    --data-root "$CLUSTER_CACHE/docker" --exec-root "$CLUSTER_RUN/docker" --pidfile "$CLUSTER_RUN/docker.pid" \
    --bridge none --iptables=false --ip-forward=false --ip-masq=false
  wait_for 60 "dockerd is up" docker --host "unix://$DOCKER_SOCK" version
}

control_plane() {
  start etcd etcd --name pretrain --data-dir "$CLUSTER_STATE/etcd" \
    --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster pretrain=http://127.0.0.1:2380 --listen-metrics-urls ""
  wait_for 60 "etcd is up" curl -fsS http://127.0.0.1:2379/health
  start kube-apiserver kube-apiserver --etcd-servers=http://127.0.0.1:2379 \
    --bind-address="$NODE_IP" --advertise-address="$NODE_IP" --secure-port=6443 \
    --service-cluster-ip-range="$SERVICE_CIDR" --authorization-mode=Node,RBAC \
    --client-ca-file="$PKI/ca.crt" --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
    --kubelet-client-certificate="$PKI/admin.crt" --kubelet-client-key="$PKI/admin.key" \
    --kubelet-preferred-address-types=InternalIP \
    --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local
  wait_for 90 "kube-apiserver is ready" kubectl get --raw /readyz
  start kube-controller-manager kube-controller-manager --kubeconfig="$KUBECONFIG" --bind-address=127.0.0.1 \
    --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" \
    --use-service-account-credentials
  start kube-scheduler kube-scheduler --kubeconfig="$KUBECONFIG" --bind-address=127.0.0.1
}

node() {
  printf '' >"$CONF/resolv.conf"
  cat >"$CONF/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
healthzBindAddress: 127.0.0.1
healthzPort: 10248
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
cgroupDriver: cgroupfs
# The host is cgroup v1, which kubelet refuses from 1.35 on unless told otherwise.
failCgroupV1: false
failSwapOn: false
clusterDNS: [$DNS_SERVICE_IP]
clusterDomain: cluster.local
# Pods resolve only cluster names: no host resolvers are handed to them.
resolvConf: $CONF/resolv.conf
# Only clients with a certificate from the cluster's CA (the API server) reach the kubelet.
authentication:
  anonymous: {enabled: false}
  x509: {clientCAFile: $PKI/ca.crt}
  webhook: {enabled: false}
authorization: {mode: AlwaysAllow}
tlsCertFile: $PKI/kubelet.crt
tlsPrivateKeyFile: $PKI/kubelet.key
imageGCHighThresholdPercent: 100
evictionHard: {memory.available: 256Mi, nodefs.available: 2%, imagefs.available: 2%}
EOF
  kubeconfig "$CONF/kubelet.kubeconfig" kubelet
  start kubelet kubelet --config="$CONF/kubelet.yaml" --kubeconfig="$CONF/kubelet.kubeconfig" \
    --root-dir="$CLUSTER_STATE/kubelet" --hostname-override="$NODE_NAME" --node-ip="$NODE_IP"
  cat >"$CONF/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
clientConnection: {kubeconfig: $KUBECONFIG}
hostnameOverride: $NODE_NAME
bindAddress: $NODE_IP
clusterCIDR: $POD_CIDR
metricsBindAddress: 127.0.0.1:10249
healthzBindAddress: 127.0.0.1:10256
nodePortAddresses: [$NODE_IP/32]
# Zeros leave the host's conntrack sysctls as they are.
conntrack: {maxPerCore: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
EOF
  start kube-proxy kube-proxy --config="$CONF/kube-proxy.yaml"
  wait_for 120 "node $NODE_NAME is Ready" kubectl wait --for=condition=Ready "node/$NODE_NAME" --timeout=5s
}

# CoreDNS in the cluster, serving cluster.local only (no upstream: nothing leaves the host).
dns() {
  kubectl apply -f - >/dev/null <<EOF
apiVersion: v1
kind: ServiceAccount
metadata: {name: coredns, namespace: kube-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: pretrain:coredns}
rules:
  - apiGroups: [""]
    resources: [services, pods, namespaces]
    verbs: [list, watch]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: pretrain:coredns}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pretrain:coredns}
subjects: [{kind: ServiceAccount, name: coredns, namespace: kube-system}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: coredns, namespace: kube-system}
data:
  Corefile: |
    .:53 {
        errors
        health :8080
        ready :8181
        kubernetes cluster.local in-addr.arpa ip6.arpa {
            pods insecure
            fallthrough in-addr.arpa ip6.arpa
        }
        cache 30
    }
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  replicas: 1
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata: {labels: {k8s-app: kube-dns}}
    spec:
      serviceAccountName: coredns
      dnsPolicy: Default
      containers:
        - name: coredns
          image: $COREDNS_IMAGE
          imagePullPolicy: Never
          command: [coredns, -conf, /etc/coredns/Corefile]
          ports: [{containerPort: 53, protocol: UDP}, {containerPort: 53, protocol: TCP}]
          readinessProbe: {httpGet: {path: /ready, port: 8181}, periodSeconds: 2}
          volumeMounts: [{name: config, mountPath: /etc/coredns}]
      volumes: [{name: config, configMap: {name: coredns}}]
---
apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  clusterIP: $DNS_SERVICE_IP
  selector: {k8s-app: kube-dns}
  ports: [{name: dns, port: 53, protocol: UDP}, {name: dns-tcp, port: 53, protocol: TCP}]
EOF
  wait_for 120 "CoreDNS is ready" kubectl -n kube-system rollout status deployment/coredns --timeout=5s
}

started=$SECONDS
certificates
kubeconfig "$KUBECONFIG" admin
network
containerd_and_docker
"$(dirname "$0")/images.sh" system
control_plane
node
dns
log "cluster up in $((SECONDS - started)) s (KUBECONFIG=$KUBECONFIG)"
