// The containment catalog: what each action is, what it needs, and how it plans its writes from
// the cluster's current state. Planning only reads; the steps it returns are run by the engine.
import 'server-only';
import {
  bindingsForServiceAccount,
  getPod,
  getWorkload,
  listPods,
  listSecrets,
  type AccessCheck,
  type ClusterConnection,
  type NetworkPolicyRuleDto,
  type PodDto,
  type WorkloadDto,
} from '../k8s';
import type { ActionKind, ActionParams, Target } from './schemas';
import type { Step } from './steps';

export interface ActionDefinition {
  kind: ActionKind;
  label: string;
  description: string;
  targets: Target['kind'][];
  /** Destroys or interrupts something: typed confirmation, evidence first. */
  destructive: boolean;
  /** What undoing it does, or null when it cannot be undone. */
  undo: string | null;
  /** The API rights the console needs in the cluster (SelfSubjectAccessReview). */
  access: AccessCheck[];
}

export interface PlannedAction {
  summary: string;
  steps: Step[];
  /** `edges`: map edges (recent allowed flows) the action cuts, filled in by the preview. */
  blastRadius: { pods: string[]; workloads: string[]; notes: string[]; edges?: string[] };
  warnings: string[];
  /** Pods whose evidence is captured first (destructive actions) or by capture_evidence. */
  evidencePods: { namespace: string; name: string }[];
}

const w = (verb: string, group: string, resource: string, subresource?: string): AccessCheck => ({ verb, group, resource, subresource });

export const CATALOG: Record<ActionKind, ActionDefinition> = {
  isolate_pod: {
    kind: 'isolate_pod',
    label: 'Isolate pod',
    description: 'Label the pod and deny all its ingress and egress with a NetworkPolicy (DNS and a forensic peer may stay). Other replicas keep serving.',
    targets: ['pod'],
    destructive: false,
    undo: 'delete the NetworkPolicy and remove the label',
    access: [w('patch', '', 'pods'), w('create', 'networking.k8s.io', 'networkpolicies'), w('delete', 'networking.k8s.io', 'networkpolicies')],
  },
  isolate_workload: {
    kind: 'isolate_workload',
    label: 'Isolate workload',
    description: 'Deny all ingress and egress of every pod of the workload (its selector), new replicas included.',
    targets: ['workload'],
    destructive: false,
    undo: 'delete the NetworkPolicy',
    access: [w('create', 'networking.k8s.io', 'networkpolicies'), w('delete', 'networking.k8s.io', 'networkpolicies')],
  },
  block_egress: {
    kind: 'block_egress',
    label: 'Block egress to addresses',
    description: 'Cut chosen destinations (the attacker\'s address) or ports while the service keeps running.',
    targets: ['pod', 'workload'],
    destructive: false,
    undo: 'delete the NetworkPolicy',
    access: [w('create', 'networking.k8s.io', 'networkpolicies'), w('delete', 'networking.k8s.io', 'networkpolicies')],
  },
  quarantine_node: {
    kind: 'quarantine_node',
    label: 'Quarantine node',
    description: 'Cordon, label and taint the node so nothing new lands there.',
    targets: ['node'],
    destructive: false,
    undo: 'uncordon, remove the label and the taint',
    access: [w('patch', '', 'nodes')],
  },
  cordon_node: { kind: 'cordon_node', label: 'Cordon node', description: 'Mark the node unschedulable.', targets: ['node'], destructive: false, undo: 'uncordon', access: [w('patch', '', 'nodes')] },
  uncordon_node: { kind: 'uncordon_node', label: 'Uncordon node', description: 'Mark the node schedulable again.', targets: ['node'], destructive: false, undo: 'cordon', access: [w('patch', '', 'nodes')] },
  label_node: { kind: 'label_node', label: 'Label node', description: 'Set a label on the node.', targets: ['node'], destructive: false, undo: 'restore the previous label', access: [w('patch', '', 'nodes')] },
  drain_node: {
    kind: 'drain_node',
    label: 'Drain node',
    description: 'Cordon the node and evict its pods (DaemonSet pods stay), respecting PodDisruptionBudgets.',
    targets: ['node'],
    destructive: true,
    undo: 'uncordon (evicted pods do not come back)',
    access: [w('patch', '', 'nodes'), w('create', '', 'pods', 'eviction'), w('list', '', 'pods')],
  },
  revoke_service_account: {
    kind: 'revoke_service_account',
    label: 'Revoke service account',
    description: 'Remove it from its RoleBindings and ClusterRoleBindings (backed up), delete its token Secrets, stop token automounting, restart the pods that hold its token.',
    targets: ['service_account'],
    destructive: true,
    undo: 'restore the bindings and automounting (deleted tokens are not restored; new ones are issued)',
    access: [
      w('delete', 'rbac.authorization.k8s.io', 'rolebindings'),
      w('patch', 'rbac.authorization.k8s.io', 'rolebindings'),
      w('delete', 'rbac.authorization.k8s.io', 'clusterrolebindings'),
      w('patch', 'rbac.authorization.k8s.io', 'clusterrolebindings'),
      w('delete', '', 'secrets'),
      w('patch', '', 'serviceaccounts'),
      w('patch', 'apps', 'deployments'),
    ],
  },
  scale_to_zero: {
    kind: 'scale_to_zero',
    label: 'Scale to zero',
    description: 'Stop every pod of the workload.',
    targets: ['workload'],
    destructive: true,
    undo: 'scale back to the previous replicas',
    // The step reads the scale subresource, then replaces it (update) with the resourceVersion read.
    access: [w('update', 'apps', 'deployments', 'scale')],
  },
  delete_pod: {
    kind: 'delete_pod',
    label: 'Delete pod',
    description: 'Delete the pod; its controller replaces it with a clean one.',
    targets: ['pod'],
    destructive: true,
    undo: null,
    access: [w('delete', '', 'pods')],
  },
  rollout_restart: {
    kind: 'rollout_restart',
    label: 'Redeploy (rollout restart)',
    description: 'Replace every pod of the workload with fresh ones from its template.',
    targets: ['workload'],
    destructive: true,
    undo: null,
    access: [w('patch', 'apps', 'deployments')],
  },
  capture_evidence: {
    kind: 'capture_evidence',
    label: 'Capture evidence',
    description: 'Manifests with status, logs (current and previous), events, and live forensics through exec (processes, connections, listening ports, redacted environment, recent file changes); a kubelet checkpoint where allowed.',
    targets: ['pod', 'workload'],
    destructive: false,
    undo: null,
    access: [w('get', '', 'pods'), w('get', '', 'pods', 'log'), w('create', '', 'pods', 'exec'), w('list', '', 'events')],
  },
};

export const QUARANTINE_LABEL = 'cordon.io/quarantine';

/** A short, label-safe id derived from the action id. */
export const shortId = (actionId: string) => actionId.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(-12);

function podsOfWorkload(pods: PodDto[], workload: WorkloadDto): PodDto[] {
  const selector = workload.selector?.matchLabels ?? {};
  const keys = Object.keys(selector);
  return pods.filter((p) => keys.length > 0 && keys.every((k) => p.labels[k] === selector[k]));
}

function dnsRule(): NetworkPolicyRuleDto {
  return {
    peers: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' }, matchExpressions: [] }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' }, matchExpressions: [] } }],
    ports: [
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ],
  };
}

/** Ports 1..65535 except the blocked ones, as TCP and UDP ranges (NetworkPolicy only allows). */
function allPortsExcept(blocked: number[]) {
  const sorted = [...new Set(blocked)].sort((a, b) => a - b);
  const ranges: { port: number; endPort: number }[] = [];
  let start = 1;
  for (const port of sorted) {
    if (port > start) ranges.push({ port: start, endPort: port - 1 });
    start = port + 1;
  }
  if (start <= 65_535) ranges.push({ port: start, endPort: 65_535 });
  return ranges.flatMap((r) => (['TCP', 'UDP'] as const).map((protocol) => ({ protocol, ...r })));
}

export async function planAction(conn: ClusterConnection, kind: ActionKind, target: Target, params: ActionParams, actionId: string): Promise<PlannedAction> {
  const id = shortId(actionId);
  const policyName = `cordon-quarantine-${id}`;
  const warnings: string[] = [];
  switch (kind) {
    case 'isolate_pod': {
      if (target.kind !== 'pod') throw new Error('isolate_pod needs a pod');
      const pod = await getPod(conn, target.namespace, target.name);
      const egress: NetworkPolicyRuleDto[] = [];
      if (params.allowDns !== false) egress.push(dnsRule());
      if (params.forensicPeerCidr) egress.push({ peers: [{ ipBlock: { cidr: params.forensicPeerCidr, except: [] } }], ports: [] });
      const ingress: NetworkPolicyRuleDto[] = params.forensicPeerCidr ? [{ peers: [{ ipBlock: { cidr: params.forensicPeerCidr, except: [] } }], ports: [] }] : [];
      return {
        summary: `Isolate pod ${pod.namespace}/${pod.name}: no traffic in or out${params.allowDns !== false ? ' except DNS' : ''}${params.forensicPeerCidr ? ` and the forensic peer ${params.forensicPeerCidr}` : ''}.`,
        steps: [
          { op: 'patchPodLabels', namespace: pod.namespace, name: pod.name, add: { [QUARANTINE_LABEL]: id } },
          {
            op: 'createNetworkPolicy',
            policy: {
              name: policyName,
              namespace: pod.namespace,
              labels: { 'app.kubernetes.io/managed-by': 'cordon', [QUARANTINE_LABEL]: id },
              annotations: { 'cordon.io/action': actionId, 'cordon.io/reason': 'incident containment' },
              podSelector: { matchLabels: { [QUARANTINE_LABEL]: id }, matchExpressions: [] },
              policyTypes: ['Ingress', 'Egress'],
              ingress,
              egress,
            },
          },
        ],
        blastRadius: { pods: [`${pod.namespace}/${pod.name}`], workloads: [], notes: ['other replicas of the workload keep serving'] },
        warnings,
        evidencePods: [],
      };
    }
    case 'isolate_workload':
    case 'block_egress': {
      let selector: Record<string, string>;
      let pods: PodDto[];
      let subject: string;
      let namespace: string;
      if (target.kind === 'workload') {
        const workload = await getWorkload(conn, target.workloadKind, target.namespace, target.name);
        selector = workload.selector?.matchLabels ?? {};
        if (Object.keys(selector).length === 0) throw new Error(`${target.workloadKind} ${target.name} has no matchLabels selector to isolate by`);
        pods = podsOfWorkload(await listPods(conn, { namespace: target.namespace }), workload);
        subject = `${target.workloadKind} ${target.namespace}/${target.name}`;
        namespace = target.namespace;
      } else if (target.kind === 'pod') {
        const pod = await getPod(conn, target.namespace, target.name);
        selector = { [QUARANTINE_LABEL]: id };
        pods = [pod];
        subject = `pod ${pod.namespace}/${pod.name}`;
        namespace = pod.namespace;
      } else {
        throw new Error(`${kind} needs a pod or a workload`);
      }
      const labelStep: Step[] = target.kind === 'pod' ? [{ op: 'patchPodLabels', namespace, name: target.name, add: { [QUARANTINE_LABEL]: id } }] : [];
      if (kind === 'isolate_workload') {
        const egress = params.allowDns !== false ? [dnsRule()] : [];
        return {
          summary: `Isolate ${subject} (${pods.length} pod(s) now, new replicas too): no traffic in or out${params.allowDns !== false ? ' except DNS' : ''}.`,
          steps: [
            ...labelStep,
            {
              op: 'createNetworkPolicy',
              policy: {
                name: policyName,
                namespace,
                labels: { 'app.kubernetes.io/managed-by': 'cordon', [QUARANTINE_LABEL]: id },
                annotations: { 'cordon.io/action': actionId },
                podSelector: { matchLabels: selector, matchExpressions: [] },
                policyTypes: ['Ingress', 'Egress'],
                ingress: [],
                egress,
              },
            },
          ],
          blastRadius: { pods: pods.map((p) => `${p.namespace}/${p.name}`), workloads: [subject], notes: ['the service stops answering'] },
          warnings,
          evidencePods: [],
        };
      }
      const cidrs = params.cidrs ?? [];
      const ports = params.ports ?? [];
      if (cidrs.length === 0 && ports.length === 0) throw new Error('Name the addresses (CIDRs) or ports to block.');
      const egress: NetworkPolicyRuleDto[] = [
        // In-cluster traffic stays allowed; only the named destinations are cut.
        { peers: [{ namespaceSelector: { matchLabels: {}, matchExpressions: [] } }], ports: [] },
        {
          peers: [{ ipBlock: { cidr: '0.0.0.0/0', except: cidrs } }],
          ports: ports.length > 0 ? allPortsExcept(ports) : [],
        },
      ];
      return {
        summary: `Block egress of ${subject} to ${[...cidrs, ...ports.map((p) => `port ${p}`)].join(', ')}; everything else keeps working.`,
        steps: [
          ...labelStep,
          {
            op: 'createNetworkPolicy',
            policy: {
              name: `cordon-block-${id}`,
              namespace,
              labels: { 'app.kubernetes.io/managed-by': 'cordon' },
              annotations: { 'cordon.io/action': actionId },
              podSelector: { matchLabels: selector, matchExpressions: [] },
              policyTypes: ['Egress'],
              egress,
            },
          },
        ],
        blastRadius: { pods: pods.map((p) => `${p.namespace}/${p.name}`), workloads: target.kind === 'workload' ? [subject] : [], notes: [] },
        warnings,
        evidencePods: [],
      };
    }
    default:
      return await planOther(conn, kind, target, params, id);
  }
}

async function planOther(conn: ClusterConnection, kind: ActionKind, target: Target, params: ActionParams, id: string): Promise<PlannedAction> {
  const none = { pods: [] as string[], workloads: [] as string[], notes: [] as string[] };
  switch (kind) {
    case 'quarantine_node':
    case 'cordon_node':
    case 'uncordon_node':
    case 'label_node':
    case 'drain_node': {
      if (target.kind !== 'node') throw new Error(`${kind} needs a node`);
      const pods = (await listPods(conn, { fieldSelector: `spec.nodeName=${target.name}` })).filter((p) => !p.deletionTimestamp);
      const movable = pods.filter((p) => !p.ownerReferences.some((o) => o.kind === 'DaemonSet'));
      const radius = { pods: pods.map((p) => `${p.namespace}/${p.name}`), workloads: [], notes: [`${pods.length} pod(s) run on ${target.name}`] };
      if (kind === 'cordon_node') return { summary: `Cordon node ${target.name}: no new pods land there; running pods stay.`, steps: [{ op: 'cordonNode', name: target.name }], blastRadius: radius, warnings: [], evidencePods: [] };
      if (kind === 'uncordon_node') return { summary: `Uncordon node ${target.name}.`, steps: [{ op: 'uncordonNode', name: target.name }], blastRadius: none, warnings: [], evidencePods: [] };
      if (kind === 'label_node') {
        if (!params.labelKey) throw new Error('Give the label key (and value).');
        return { summary: `Label node ${target.name} ${params.labelKey}=${params.labelValue ?? ''}.`, steps: [{ op: 'labelNode', name: target.name, add: { [params.labelKey]: params.labelValue ?? '' } }], blastRadius: none, warnings: [], evidencePods: [] };
      }
      if (kind === 'quarantine_node') {
        return {
          summary: `Quarantine node ${target.name}: cordon, label ${QUARANTINE_LABEL}=${id}, taint ${QUARANTINE_LABEL}:NoSchedule.`,
          steps: [
            { op: 'cordonNode', name: target.name },
            { op: 'labelNode', name: target.name, add: { [QUARANTINE_LABEL]: id } },
            { op: 'taintNode', name: target.name, taint: { key: QUARANTINE_LABEL, value: id, effect: 'NoSchedule' } },
          ],
          blastRadius: radius,
          warnings: [],
          evidencePods: [],
        };
      }
      return {
        summary: `Drain node ${target.name}: cordon it and evict ${movable.length} pod(s); ${pods.length - movable.length} DaemonSet pod(s) stay.`,
        steps: [{ op: 'cordonNode', name: target.name }, ...movable.map((p) => ({ op: 'evictPod' as const, namespace: p.namespace, name: p.name, uid: p.uid }))],
        blastRadius: { ...radius, notes: [...radius.notes, 'evictions that would break a PodDisruptionBudget are refused by the cluster'] },
        warnings: [],
        evidencePods: movable.map((p) => ({ namespace: p.namespace, name: p.name })),
      };
    }
    case 'revoke_service_account': {
      if (target.kind !== 'service_account') throw new Error('revoke_service_account needs a service account');
      const grants = await bindingsForServiceAccount(conn, target.namespace, target.name);
      const direct = grants.filter((g) => g.matchedBy !== 'Group');
      const secrets = (await listSecrets(conn, target.namespace, { type: 'kubernetes.io/service-account-token' })).filter((s) => s.serviceAccountName === target.name);
      const pods = (await listPods(conn, { namespace: target.namespace })).filter((p) => p.serviceAccountName === target.name && !p.deletionTimestamp);
      const owners = new Map<string, { kind: 'Deployment' | 'StatefulSet' | 'DaemonSet'; name: string }>();
      for (const pod of pods) {
        const owner = pod.ownerReferences.find((o) => o.controller) ?? pod.ownerReferences[0];
        if (owner?.kind === 'ReplicaSet') {
          const deployment = /^(.*)-[a-z0-9]+$/.exec(owner.name)?.[1];
          if (deployment) owners.set(`Deployment/${deployment}`, { kind: 'Deployment', name: deployment });
        } else if (owner?.kind === 'StatefulSet' || owner?.kind === 'DaemonSet') owners.set(`${owner.kind}/${owner.name}`, { kind: owner.kind, name: owner.name });
      }
      const steps: Step[] = [
        ...direct.map((g): Step =>
          g.binding.subjects.length === 1
            ? { op: 'deleteBinding', kind: g.binding.kind, namespace: g.binding.namespace, name: g.binding.name, backup: g.binding.raw }
            : { op: 'removeSubjectFromBinding', kind: g.binding.kind, namespace: g.binding.namespace, name: g.binding.name, subject: g.subject, backup: g.binding.raw },
        ),
        { op: 'setAutomount', namespace: target.namespace, name: target.name, automount: false },
        ...secrets.map((s): Step => ({ op: 'deleteSecret', namespace: s.namespace, name: s.name })),
        ...[...owners.values()].map((o): Step => ({ op: 'rolloutRestart', kind: o.kind, namespace: target.namespace, name: o.name })),
      ];
      const groupGrants = grants.filter((g) => g.matchedBy === 'Group');
      return {
        summary: `Revoke ${target.namespace}/${target.name}: ${direct.length} binding(s), ${secrets.length} token Secret(s), ${owners.size} workload(s) restarted.`,
        steps,
        blastRadius: {
          pods: pods.map((p) => `${p.namespace}/${p.name}`),
          workloads: [...owners.values()].map((o) => `${o.kind} ${target.namespace}/${o.name}`),
          notes: [`${direct.length} binding(s) lose this subject`],
        },
        warnings: groupGrants.map((g) => `${g.binding.kind} ${g.binding.name} grants to the group ${g.subject.name}; it is left alone (it grants every ServiceAccount of the group).`),
        evidencePods: pods.map((p) => ({ namespace: p.namespace, name: p.name })),
      };
    }
    case 'scale_to_zero':
    case 'rollout_restart': {
      if (target.kind !== 'workload') throw new Error(`${kind} needs a workload`);
      const workload = await getWorkload(conn, target.workloadKind, target.namespace, target.name);
      const pods = podsOfWorkload(await listPods(conn, { namespace: target.namespace }), workload);
      const subject = `${target.workloadKind} ${target.namespace}/${target.name}`;
      const radius = { pods: pods.map((p) => `${p.namespace}/${p.name}`), workloads: [subject], notes: [] as string[] };
      if (kind === 'scale_to_zero') {
        return {
          summary: `Scale ${subject} from ${workload.replicas} to 0 replicas.`,
          steps: [{ op: 'scaleWorkload', kind: target.workloadKind, namespace: target.namespace, name: target.name, replicas: 0 }],
          blastRadius: { ...radius, notes: ['the service stops'] },
          warnings: target.workloadKind === 'DaemonSet' ? ['A DaemonSet cannot be scaled; isolate it or delete its pods instead.'] : [],
          evidencePods: pods.map((p) => ({ namespace: p.namespace, name: p.name })),
        };
      }
      return {
        summary: `Redeploy ${subject}: its ${pods.length} pod(s) are replaced with fresh ones.`,
        steps: [{ op: 'rolloutRestart', kind: target.workloadKind, namespace: target.namespace, name: target.name }],
        blastRadius: radius,
        warnings: [],
        evidencePods: pods.map((p) => ({ namespace: p.namespace, name: p.name })),
      };
    }
    case 'delete_pod': {
      if (target.kind !== 'pod') throw new Error('delete_pod needs a pod');
      const pod = await getPod(conn, target.namespace, target.name);
      return {
        summary: `Delete pod ${pod.namespace}/${pod.name}${pod.ownerReferences.length ? '; its controller replaces it' : '; nothing replaces it (no controller)'}.`,
        steps: [{ op: 'deletePod', namespace: pod.namespace, name: pod.name, uid: pod.uid }],
        blastRadius: { pods: [`${pod.namespace}/${pod.name}`], workloads: [], notes: [] },
        warnings: [],
        evidencePods: [{ namespace: pod.namespace, name: pod.name }],
      };
    }
    case 'capture_evidence': {
      let pods: { namespace: string; name: string }[];
      if (target.kind === 'pod') pods = [{ namespace: target.namespace, name: target.name }];
      else if (target.kind === 'workload') {
        const workload = await getWorkload(conn, target.workloadKind, target.namespace, target.name);
        pods = podsOfWorkload(await listPods(conn, { namespace: target.namespace }), workload).map((p) => ({ namespace: p.namespace, name: p.name }));
      } else throw new Error('capture_evidence needs a pod or a workload');
      return {
        summary: `Capture evidence from ${pods.length} pod(s): manifests, logs, events, live forensics${params.checkpoint ? ', container checkpoints' : ''}.`,
        steps: [],
        blastRadius: { pods: pods.map((p) => `${p.namespace}/${p.name}`), workloads: [], notes: ['read-only: forensic commands run inside the containers'] },
        warnings: [],
        evidencePods: pods,
      };
    }
    default:
      throw new Error(`no planner for ${kind}`);
  }
}
