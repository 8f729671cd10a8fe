import type { BindingObject, Container, KubeObject, LabelSelector, NetworkPolicy, PodSpec, RoleObject } from '../types.js';
import { matchesLabelSelector } from '../../store/selectors.js';
import { isIPv6Cidr, isStrictSubset, parseCidr } from '../../netpol/ip.js';
import { type FieldErrors } from './field-errors.js';
import { isValidPortName, validateLabelSelector, validateName, validatePortNumber } from './names.js';

export function validatePodSpec(errs: FieldErrors, prefix: string, spec: PodSpec | undefined): void {
  if (!spec || !Array.isArray(spec.containers) || spec.containers.length === 0) {
    errs.required(`${prefix}.containers`);
    return;
  }
  const seen = new Set<string>();
  const check = (list: Container[] | undefined, field: string) =>
    (list ?? []).forEach((c, i) => {
      const f = `${prefix}.${field}[${i}]`;
      if (!c.name) errs.required(`${f}.name`);
      else {
        validateName(errs, `${f}.name`, c.name, 'label');
        if (seen.has(c.name)) errs.duplicate(`${f}.name`, c.name);
        seen.add(c.name);
      }
      if (!c.image) errs.required(`${f}.image`);
      (c.ports ?? []).forEach((p, j) => {
        validatePortNumber(errs, `${f}.ports[${j}].containerPort`, p.containerPort);
        if (p.name !== undefined && !isValidPortName(p.name)) errs.invalid(`${f}.ports[${j}].name`, p.name, 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
        if (p.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) errs.notSupported(`${f}.ports[${j}].protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']);
      });
    });
  check(spec.containers, 'containers');
  check(spec.initContainers, 'initContainers');
  const restart = spec.restartPolicy;
  if (restart !== undefined && !['Always', 'OnFailure', 'Never'].includes(restart as string)) errs.notSupported(`${prefix}.restartPolicy`, restart, ['Always', 'OnFailure', 'Never']);
}

export function validateWorkload(errs: FieldErrors, obj: KubeObject, kind: string): void {
  const spec = obj.spec as { selector?: LabelSelector; replicas?: unknown; template?: { metadata?: { labels?: Record<string, string> }; spec?: PodSpec } } | undefined;
  if (!spec) {
    errs.required('spec');
    return;
  }
  if (!spec.selector) errs.required('spec.selector');
  else {
    validateLabelSelector(errs, 'spec.selector', spec.selector);
    const empty = Object.keys(spec.selector.matchLabels ?? {}).length === 0 && (spec.selector.matchExpressions ?? []).length === 0;
    if (empty) errs.invalid('spec.selector', spec.selector, 'empty selector is invalid for deployment');
  }
  if (kind !== 'DaemonSet' && spec.replicas !== undefined && (typeof spec.replicas !== 'number' || spec.replicas < 0)) {
    errs.invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0');
  }
  if (!spec.template) {
    errs.required('spec.template');
    return;
  }
  const labels = spec.template.metadata?.labels ?? {};
  if (spec.selector && !matchesLabelSelector(labels, spec.selector)) {
    errs.invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`');
  }
  validatePodSpec(errs, 'spec.template.spec', spec.template.spec);
}

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

export function validateService(errs: FieldErrors, obj: KubeObject): void {
  const spec = (obj.spec ?? {}) as { type?: string; ports?: { name?: string; port?: unknown; protocol?: string; targetPort?: unknown }[]; clusterIP?: string };
  if (spec.type !== undefined && !SERVICE_TYPES.includes(spec.type)) errs.notSupported('spec.type', spec.type, SERVICE_TYPES);
  const ports = spec.ports ?? [];
  if (ports.length === 0 && spec.type !== 'ExternalName' && spec.clusterIP !== 'None') errs.required('spec.ports');
  const names = new Set<string>();
  ports.forEach((p, i) => {
    if (ports.length > 1 && !p.name) errs.required(`spec.ports[${i}].name`);
    if (p.name) {
      if (names.has(p.name)) errs.duplicate(`spec.ports[${i}].name`, p.name);
      names.add(p.name);
    }
    validatePortNumber(errs, `spec.ports[${i}].port`, p.port);
    if (p.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) errs.notSupported(`spec.ports[${i}].protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']);
  });
}

export function validateNetworkPolicy(errs: FieldErrors, obj: KubeObject): void {
  const spec = (obj.spec ?? {}) as Partial<NetworkPolicy['spec']>;
  validateLabelSelector(errs, 'spec.podSelector', spec.podSelector);
  (spec.policyTypes ?? []).forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') errs.notSupported(`spec.policyTypes[${i}]`, t, ['Egress', 'Ingress']);
  });
  const rules = (direction: 'ingress' | 'egress') => {
    const peerField = direction === 'ingress' ? 'from' : 'to';
    ((spec[direction] ?? []) as Record<string, unknown>[]).forEach((rule, i) => {
      const base = `spec.${direction}[${i}]`;
      ((rule.ports ?? []) as { protocol?: string; port?: unknown; endPort?: unknown }[]).forEach((p, j) => {
        const f = `${base}.ports[${j}]`;
        if (p.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) errs.notSupported(`${f}.protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']);
        if (typeof p.port === 'number') validatePortNumber(errs, `${f}.port`, p.port);
        else if (typeof p.port === 'string' && !isValidPortName(p.port)) errs.invalid(`${f}.port`, p.port, 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
        if (p.endPort !== undefined) {
          if (typeof p.port !== 'number') errs.forbidden(`${f}.endPort`, 'may not be specified when `port` is non-numeric');
          else if (typeof p.endPort !== 'number' || p.endPort < p.port) errs.invalid(`${f}.endPort`, p.endPort, 'must be greater than or equal to `port`');
        }
      });
      ((rule[peerField] ?? []) as Record<string, unknown>[]).forEach((peer, j) => {
        const f = `${base}.${peerField}[${j}]`;
        const ipBlock = peer.ipBlock as { cidr?: string; except?: string[] } | undefined;
        const selectors = peer.podSelector !== undefined || peer.namespaceSelector !== undefined;
        if (!ipBlock && !selectors) errs.required(f, 'must specify a peer');
        if (ipBlock && selectors) errs.forbidden(f, 'may not specify both ipBlock and another peer');
        validateLabelSelector(errs, `${f}.podSelector`, peer.podSelector as LabelSelector | undefined);
        validateLabelSelector(errs, `${f}.namespaceSelector`, peer.namespaceSelector as LabelSelector | undefined);
        if (ipBlock) validateIpBlock(errs, `${f}.ipBlock`, ipBlock);
      });
    });
  };
  rules('ingress');
  rules('egress');
}

function validateIpBlock(errs: FieldErrors, field: string, block: { cidr?: string; except?: string[] }): void {
  if (!block.cidr) {
    errs.required(`${field}.cidr`);
    return;
  }
  if (isIPv6Cidr(block.cidr)) return;
  const outer = parseCidr(block.cidr);
  if (!outer) {
    errs.invalid(`${field}.cidr`, block.cidr, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
    return;
  }
  (block.except ?? []).forEach((text, i) => {
    const inner = parseCidr(text);
    if (!inner) errs.invalid(`${field}.except[${i}]`, text, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
    else if (!isStrictSubset(inner, outer)) errs.invalid(`${field}.except[${i}]`, text, 'must be a strict subset of `cidr`');
  });
}

export function validateRole(errs: FieldErrors, obj: KubeObject): void {
  ((obj as RoleObject).rules ?? []).forEach((rule, i) => {
    if (!Array.isArray(rule.verbs) || rule.verbs.length === 0) errs.required(`rules[${i}].verbs`, 'verbs must contain at least one value');
    const resourceRule = (rule.resources ?? []).length > 0;
    const urlRule = (rule.nonResourceURLs ?? []).length > 0;
    if (obj.kind === 'Role' && urlRule) errs.invalid(`rules[${i}].nonResourceURLs`, rule.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs');
    if (resourceRule && !Array.isArray(rule.apiGroups)) errs.required(`rules[${i}].apiGroups`, 'resource rules must supply at least one api group');
  });
}

export function validateBinding(errs: FieldErrors, obj: KubeObject): void {
  const binding = obj as BindingObject;
  const ref = binding.roleRef;
  if (!ref) {
    errs.required('roleRef');
    return;
  }
  const kinds = obj.kind === 'RoleBinding' ? ['ClusterRole', 'Role'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind)) errs.notSupported('roleRef.kind', ref.kind, kinds);
  if (ref.apiGroup !== 'rbac.authorization.k8s.io') errs.notSupported('roleRef.apiGroup', ref.apiGroup, ['rbac.authorization.k8s.io']);
  if (!ref.name) errs.required('roleRef.name');
  (binding.subjects ?? []).forEach((s, i) => {
    if (!['User', 'Group', 'ServiceAccount'].includes(s.kind)) errs.notSupported(`subjects[${i}].kind`, s.kind, ['Group', 'ServiceAccount', 'User']);
    if (!s.name) errs.required(`subjects[${i}].name`);
    if (s.kind === 'ServiceAccount' && obj.kind === 'ClusterRoleBinding' && !s.namespace) errs.required(`subjects[${i}].namespace`);
  });
}

export function validatePdb(errs: FieldErrors, obj: KubeObject): void {
  const spec = (obj.spec ?? {}) as { minAvailable?: unknown; maxUnavailable?: unknown; selector?: LabelSelector };
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    errs.invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set');
  }
  validateLabelSelector(errs, 'spec.selector', spec.selector);
}

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

export function validatePvc(errs: FieldErrors, obj: KubeObject): void {
  const spec = (obj.spec ?? {}) as { accessModes?: string[]; resources?: { requests?: Record<string, unknown> } };
  const modes = spec.accessModes ?? [];
  if (modes.length === 0) errs.required('spec.accessModes', 'at least 1 access mode is required');
  for (const mode of modes) if (!ACCESS_MODES.includes(mode)) errs.notSupported('spec.accessModes', mode, ACCESS_MODES);
  if (spec.resources?.requests?.storage === undefined) errs.required('spec.resources[storage]');
}

export function validateKeyedData(errs: FieldErrors, obj: KubeObject, isSecret: boolean): void {
  for (const field of isSecret ? ['data'] : ['data', 'binaryData']) {
    const data = obj[field] as Record<string, unknown> | undefined;
    for (const [key, value] of Object.entries(data ?? {})) {
      if (!/^[-._a-zA-Z0-9]+$/.test(key)) errs.invalid(`${field}[${key}]`, key, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
      if (typeof value !== 'string') errs.invalid(`${field}[${key}]`, value, 'must be a string');
    }
  }
}

export function validateNode(errs: FieldErrors, obj: KubeObject): void {
  const taints = ((obj.spec as { taints?: { key?: string; effect?: string }[] } | undefined)?.taints ?? []);
  taints.forEach((t, i) => {
    if (!t.key) errs.required(`spec.taints[${i}].key`);
    if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect ?? '')) errs.notSupported(`spec.taints[${i}].effect`, t.effect ?? '', ['NoExecute', 'NoSchedule', 'PreferNoSchedule']);
  });
}
