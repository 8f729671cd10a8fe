import type { LabelSelector } from '../api/types.js';
import { errors } from '../api/status.js';

/** One parsed requirement of a label selector string (`a=b`, `a!=b`, `a in (x,y)`, `a`, `!a`). */
export interface LabelRequirement {
  key: string;
  operator: 'in' | 'notin' | 'exists' | '!';
  values: string[];
}

export type Labels = Record<string, string> | undefined;

/** Parses the `labelSelector` query parameter the way apimachinery does (the common subset). */
export function parseLabelSelector(text: string | null | undefined): LabelRequirement[] {
  if (!text || text.trim() === '') return [];
  const parts = splitTopLevel(text);
  return parts.map((raw) => {
    const part = raw.trim();
    let m = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (m) {
      const values = (m[3] ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
      return { key: m[1] as string, operator: m[2] as 'in' | 'notin', values };
    }
    m = /^([^\s!=]+)\s*(==|=|!=)\s*([^\s,]*)$/.exec(part);
    if (m) {
      const op = m[2] === '!=' ? 'notin' : 'in';
      return { key: m[1] as string, operator: op, values: [m[3] ?? ''] };
    }
    m = /^!\s*([^\s!=]+)$/.exec(part);
    if (m) return { key: m[1] as string, operator: '!', values: [] };
    m = /^([^\s!=()]+)$/.exec(part);
    if (m) return { key: m[1] as string, operator: 'exists', values: [] };
    throw errors.badRequest(`unable to parse requirement: found '${part}', expected: identifier`);
  });
}

function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') out.push(current);
  return out;
}

export function matchesRequirements(labels: Labels, requirements: readonly LabelRequirement[]): boolean {
  for (const r of requirements) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
    const value = has ? labels?.[r.key] : undefined;
    switch (r.operator) {
      case 'in':
        if (!has || !r.values.includes(value as string)) return false;
        break;
      case 'notin':
        if (has && r.values.includes(value as string)) return false;
        break;
      case 'exists':
        if (!has) return false;
        break;
      case '!':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** metav1.LabelSelector semantics: an empty selector matches everything; a missing one matches nothing. */
export function matchesLabelSelector(labels: Labels, selector: LabelSelector | null | undefined): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels?.[k] !== v) return false;
  }
  for (const expr of selector.matchExpressions ?? []) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, expr.key);
    const value = labels?.[expr.key];
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
        if (!has || !values.includes(value as string)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** `matchLabels` as the `a=b,c=d` string Kubernetes shows in Scale.status.selector. */
export function selectorToString(selector: LabelSelector | undefined): string {
  if (!selector) return '';
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

export function isSubsetSelector(selector: LabelSelector, labels: Labels): boolean {
  return matchesLabelSelector(labels, selector);
}
