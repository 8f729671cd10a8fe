import type { KubeObject } from '../api/types.js';
import type { SeededRandom } from '../util/random.js';

export interface NodePlan {
  name: string;
  controlPlane: boolean;
  index: number;
}

/** A kubeadm-style node: labels, control-plane taint, addresses, capacity and a podCIDR per node. */
export function nodeObject(plan: NodePlan, random: SeededRandom): KubeObject {
  const ip = `10.0.${1 + Math.floor(plan.index / 250)}.${10 + (plan.index % 250)}`;
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': plan.name,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': plan.controlPlane ? 'm6i.large' : 'm6i.xlarge',
    'topology.kubernetes.io/region': 'eu-west-1',
    'topology.kubernetes.io/zone': `eu-west-1${'abc'[plan.index % 3]}`,
  };
  if (plan.controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  const cpu = plan.controlPlane ? '2' : '4';
  const memory = plan.controlPlane ? '7936Mi' : '15872Mi';
  const heartbeat = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const condition = (type: string, status: string, reason: string, message: string) => ({ type, status, lastHeartbeatTime: heartbeat, lastTransitionTime: heartbeat, reason, message });
  const cidr = `10.244.${plan.index}.0/24`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: plan.name, labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true', 'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock' } },
    spec: {
      podCIDR: cidr,
      podCIDRs: [cidr],
      providerID: `aws:///eu-west-1${'abc'[plan.index % 3]}/i-0${random.hex(16)}`,
      ...(plan.controlPlane ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {}),
    },
    status: {
      capacity: { cpu, 'ephemeral-storage': '81106868Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory, pods: '110' },
      allocatable: { cpu, 'ephemeral-storage': '74747739785', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory, pods: '110' },
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: plan.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: random.hex(32),
        systemUUID: random.uuid(),
        bootID: random.uuid(),
        kernelVersion: '6.1.0-27-cloud-amd64',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        containerRuntimeVersion: 'containerd://1.7.22',
        kubeletVersion: 'v1.32.4',
        kubeProxyVersion: 'v1.32.4',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

/** Static control-plane pods, as kubeadm runs them (mirror pods owned by the Node). */
export function staticPods(nodeName: string, nodeUid: string, nodeIp: string): KubeObject[] {
  const components: [string, string][] = [
    ['etcd', 'registry.k8s.io/etcd:3.5.16-0'],
    ['kube-apiserver', 'registry.k8s.io/kube-apiserver:v1.32.4'],
    ['kube-controller-manager', 'registry.k8s.io/kube-controller-manager:v1.32.4'],
    ['kube-scheduler', 'registry.k8s.io/kube-scheduler:v1.32.4'],
  ];
  return components.map(([component, image]) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${component}-${nodeName}`,
      namespace: 'kube-system',
      labels: { component, tier: 'control-plane' },
      annotations: { 'kubernetes.io/config.source': 'file', 'kubernetes.io/config.mirror': 'c0ffee', ...(component === 'kube-apiserver' ? { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${nodeIp}:6443` } : {}) },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid, controller: true }],
    },
    spec: {
      nodeName,
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
      automountServiceAccountToken: false,
      containers: [{ name: component, image, command: [component], resources: { requests: { cpu: '100m' } } }],
    },
  }));
}
