// Test support for deploy/: render a kustomization with the machine's kubectl, and read the RBAC
// rules out of what it renders. Tests only.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import YAML from 'yaml';

export const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';
export const hasKubectl = existsSync(KUBECTL);
export const DEPLOY_DIR = path.dirname(fileURLToPath(import.meta.url));

const run = promisify(execFile);

export async function kubectl(args: string[], options: { input?: string } = {}): Promise<{ stdout: string; stderr: string }> {
  const pending = run(KUBECTL, args, { maxBuffer: 16 * 1024 * 1024 });
  if (options.input !== undefined) pending.child.stdin?.end(options.input);
  return await pending;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** `kubectl kustomize <dir>` (relative to deploy/), parsed. */
export async function render(dir: string): Promise<KubeObject[]> {
  const { stdout } = await kubectl(['kustomize', path.resolve(DEPLOY_DIR, dir)]);
  return YAML.parseAllDocuments(stdout).map((doc) => doc.toJS() as KubeObject);
}

/**
 * A kustomization in a temporary folder combining an overlay with components (kustomize wants
 * relative paths). Returns its folder, for `kubectl kustomize` / `kubectl apply -k`.
 */
export async function composeOverlay(overlay: string, components: string[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cordon-overlay-'));
  const rel = (p: string) => path.relative(dir, path.resolve(DEPLOY_DIR, p));
  await writeFile(path.join(dir, 'kustomization.yaml'), YAML.stringify({ resources: [rel(overlay)], components: components.map(rel) }));
  return dir;
}

export function find(objects: KubeObject[], kind: string, name?: string): KubeObject {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (!found) throw new Error(`no ${kind}${name ? ` ${name}` : ''} in the rendered manifests`);
  return found;
}

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

export interface Right {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
}

/** The rules of the ClusterRoles that ClusterRoleBindings in `objects` give `subject`. */
export function boundRules(objects: KubeObject[], subject: { namespace: string; name: string }): PolicyRule[] {
  const bound = objects
    .filter((o) => o.kind === 'ClusterRoleBinding')
    .filter((b) => ((b.subjects as { kind: string; name: string; namespace?: string }[] | undefined) ?? []).some((s) => s.kind === 'ServiceAccount' && s.name === subject.name && s.namespace === subject.namespace))
    .map((b) => (b.roleRef as { kind: string; name: string }).name);
  return objects.filter((o) => o.kind === 'ClusterRole' && bound.includes(o.metadata.name)).flatMap((role) => (role.rules as PolicyRule[] | undefined) ?? []);
}

/** RBAC's own matching, for rules without resourceNames (those never grant a collection-wide right). */
export function grants(rules: PolicyRule[], right: Right): boolean {
  const resource = right.subresource ? `${right.resource}/${right.subresource}` : right.resource;
  return rules.some(
    (rule) =>
      !rule.resourceNames?.length &&
      (rule.apiGroups ?? []).some((g) => g === '*' || g === right.group) &&
      (rule.resources ?? []).some((r) => r === '*' || r === resource || (right.subresource && r === `*/${right.subresource}`)) &&
      rule.verbs.some((v) => v === '*' || v === right.verb),
  );
}

/** Every (group, resource, verb) the rules name, as "group|resource|verb". */
export function namedRights(rules: PolicyRule[]): Set<string> {
  const out = new Set<string>();
  for (const rule of rules) for (const g of rule.apiGroups ?? []) for (const r of rule.resources ?? []) for (const v of rule.verbs) out.add(`${g}|${r}|${v}`);
  return out;
}

export const rightKey = (right: Right) => `${right.group}|${right.subresource ? `${right.resource}/${right.subresource}` : right.resource}|${right.verb}`;

export const READ_VERBS = new Set(['get', 'list', 'watch']);
