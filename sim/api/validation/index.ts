import type { ResourceType } from '../resources.js';
import { errors } from '../status.js';
import type { KubeObject, PodSpec } from '../types.js';
import { deepEqual } from '../../util/json.js';
import { FieldErrors } from './field-errors.js';
import type { NameRule } from './names.js';
import { validateLabels, validateName } from './names.js';
import {
  validateBinding, validateKeyedData, validateNetworkPolicy, validateNode, validatePdb, validatePodSpec, validatePvc, validateRole, validateService, validateWorkload,
} from './kinds.js';

const NAME_RULES: Record<string, NameRule> = {
  Namespace: 'label',
  Service: 'dns1035',
  Role: 'path',
  RoleBinding: 'path',
  ClusterRole: 'path',
  ClusterRoleBinding: 'path',
  Node: 'subdomain',
};

/** Runs create/update validation and throws a 422 Invalid `Status` naming every bad field. */
export function validateObject(type: ResourceType, obj: KubeObject, old?: KubeObject): void {
  const errs = new FieldErrors();
  const name = obj.metadata.name ?? '';
  if (!name) errs.required('metadata.name', 'name or generateName is required');
  else validateName(errs, 'metadata.name', name, NAME_RULES[type.kind] ?? 'subdomain');
  validateLabels(errs, 'metadata.labels', obj.metadata.labels);

  switch (type.kind) {
    case 'Pod':
      validatePodSpec(errs, 'spec', obj.spec as PodSpec);
      if (old) validatePodUpdate(errs, obj.spec as PodSpec, old.spec as PodSpec);
      break;
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
      validateWorkload(errs, obj, type.kind);
      if (old && !deepEqual((old.spec as { selector?: unknown }).selector, (obj.spec as { selector?: unknown }).selector)) {
        errs.invalid('spec.selector', (obj.spec as { selector?: unknown }).selector, 'field is immutable');
      }
      break;
    case 'Service':
      validateService(errs, obj);
      break;
    case 'NetworkPolicy':
      validateNetworkPolicy(errs, obj);
      break;
    case 'Role':
    case 'ClusterRole':
      validateRole(errs, obj);
      break;
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      validateBinding(errs, obj);
      if (old && !deepEqual(old.roleRef, obj.roleRef)) errs.invalid('roleRef', obj.roleRef, 'cannot change roleRef');
      break;
    case 'PodDisruptionBudget':
      validatePdb(errs, obj);
      break;
    case 'PersistentVolumeClaim':
      validatePvc(errs, obj);
      if (old && !deepEqual((old.spec as { accessModes?: unknown }).accessModes, (obj.spec as { accessModes?: unknown }).accessModes)) {
        errs.forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims');
      }
      break;
    case 'ConfigMap':
      validateKeyedData(errs, obj, false);
      break;
    case 'Secret':
      validateKeyedData(errs, obj, true);
      if (old && old.type !== obj.type) errs.invalid('type', obj.type, 'field is immutable');
      break;
    case 'Node':
      validateNode(errs, obj);
      break;
  }
  if (!errs.isEmpty) throw errors.invalid(type.kind, type.group, name, errs.causes);
}

/** Pods are mostly immutable once created; only images, tolerations (additions) and a few fields may change. */
function validatePodUpdate(errs: FieldErrors, next: PodSpec, prev: PodSpec): void {
  const strip = (spec: PodSpec) => {
    const copy = structuredClone<PodSpec>(spec);
    for (const c of [...(copy.containers ?? []), ...(copy.initContainers ?? [])]) delete c.image;
    delete copy.activeDeadlineSeconds;
    delete copy.tolerations;
    delete copy.terminationGracePeriodSeconds;
    return copy;
  };
  if (!deepEqual(strip(next), strip(prev))) {
    errs.forbidden(
      'spec',
      'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    );
  }
}

/** Secret data must be base64, as JSON decoding of []byte enforces on a real server. */
export function checkBase64Data(obj: KubeObject): void {
  const data = obj.data as Record<string, unknown> | undefined;
  if (obj.kind !== 'Secret' || !data) return;
  for (const value of Object.values(data)) {
    if (typeof value === 'string' && !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
      throw errors.badRequest(`Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 0`);
    }
  }
}
