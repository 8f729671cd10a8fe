// The API rights Cordon's containment needs in a cluster, written down from the code that uses
// them, so the tests can hold the rendered roles to them: every right here is granted by the
// responder overlay, and the responder overlay grants nothing that is not here.
import type { Step } from '../lib/containment/steps';
import type { Right } from './test-support';

const r = (verb: string, group: string, resource: string, subresource?: string): Right => ({ verb, group, resource, subresource });
const RBAC = 'rbac.authorization.k8s.io';
const bindAny = [r('bind', RBAC, 'roles'), r('bind', RBAC, 'clusterroles')];

/**
 * The writes (and the reads that only these writes need) of each step lib/containment/steps.ts
 * runs. Typed by the step union: a new kind of step does not compile until its rights are here.
 */
export const STEP_RIGHTS: Record<Step['op'], Right[]> = {
  createNetworkPolicy: [r('create', 'networking.k8s.io', 'networkpolicies')],
  deleteNetworkPolicy: [r('delete', 'networking.k8s.io', 'networkpolicies')],
  patchPodLabels: [r('patch', '', 'pods')],
  cordonNode: [r('patch', '', 'nodes')],
  uncordonNode: [r('patch', '', 'nodes')],
  labelNode: [r('patch', '', 'nodes')],
  taintNode: [r('patch', '', 'nodes')],
  untaintNode: [r('patch', '', 'nodes')],
  evictPod: [r('create', '', 'pods', 'eviction')],
  deletePod: [r('delete', '', 'pods')],
  // scaleWorkload reads the scale subresource and replaces it with the resourceVersion it read.
  scaleWorkload: ['deployments', 'statefulsets', 'replicasets'].flatMap((kind) => [r('get', 'apps', kind, 'scale'), r('update', 'apps', kind, 'scale')]),
  rolloutRestart: ['deployments', 'statefulsets', 'daemonsets'].map((kind) => r('patch', 'apps', kind)),
  // Updating a binding is checked for escalation like creating one: "bind" on its role, unless
  // the console already holds every right the role grants.
  removeSubjectFromBinding: [r('patch', RBAC, 'rolebindings'), r('patch', RBAC, 'clusterrolebindings'), ...bindAny],
  deleteBinding: [r('delete', RBAC, 'rolebindings'), r('delete', RBAC, 'clusterrolebindings')],
  restoreBinding: [r('create', RBAC, 'rolebindings'), r('create', RBAC, 'clusterrolebindings'), r('delete', RBAC, 'rolebindings'), r('delete', RBAC, 'clusterrolebindings'), ...bindAny],
  deleteSecret: [r('delete', '', 'secrets')],
  setAutomount: [r('patch', '', 'serviceaccounts')],
};

/** Needed outside the steps: planners, verification and evidence capture. */
export const OTHER_RESPONDER_RIGHTS: Right[] = [
  // revoke_service_account plans (and verifies) the deletion of the account's token Secrets by
  // listing the namespace's Secrets of type kubernetes.io/service-account-token.
  r('list', '', 'secrets'),
  // capture_evidence: exec over WebSocket is an HTTP GET; clusters authorize it as get (and newer
  // ones also create) on pods/exec.
  r('create', '', 'pods', 'exec'),
  r('get', '', 'pods', 'exec'),
];

/** Reviews: "create" on them evaluates a question and stores nothing. */
export const REVIEW_RIGHTS: Right[] = [r('create', 'authorization.k8s.io', 'selfsubjectaccessreviews'), r('create', 'authentication.k8s.io', 'selfsubjectreviews')];
