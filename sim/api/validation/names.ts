import type { LabelSelector } from '../types.js';
import type { FieldErrors } from './field-errors.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export const MESSAGES = {
  subdomain:
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  label:
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  dns1035:
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  labelValue:
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  qualifiedName:
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
};

export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path';

export function validateName(errs: FieldErrors, field: string, name: string, rule: NameRule): void {
  if (rule === 'path') {
    if (name === '.' || name === '..') errs.invalid(field, name, `may not be '${name}'`);
    else if (name.includes('/') || name.includes('%')) errs.invalid(field, name, `may not contain '${name.includes('/') ? '/' : '%'}'`);
    return;
  }
  const max = rule === 'subdomain' ? 253 : 63;
  if (name.length > max) errs.invalid(field, name, `must be no more than ${max} characters`);
  const re = rule === 'subdomain' ? DNS1123_SUBDOMAIN : rule === 'label' ? DNS1123_LABEL : DNS1035_LABEL;
  if (!re.test(name)) errs.invalid(field, name, MESSAGES[rule]);
}

export function validateLabels(errs: FieldErrors, field: string, labels: unknown): void {
  if (labels === undefined || labels === null) return;
  for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
    validateQualifiedName(errs, field, key);
    if (typeof value !== 'string') errs.invalid(`${field}`, value, 'label values must be strings');
    else if (value.length > 63) errs.invalid(field, value, 'must be no more than 63 characters');
    else if (!LABEL_VALUE.test(value)) errs.invalid(field, value, MESSAGES.labelValue);
  }
}

export function validateQualifiedName(errs: FieldErrors, field: string, key: string): void {
  const parts = key.split('/');
  const name = parts.length === 2 ? (parts[1] as string) : key;
  if (parts.length > 2 || (parts.length === 2 && !DNS1123_SUBDOMAIN.test(parts[0] as string))) {
    errs.invalid(field, key, `prefix part ${MESSAGES.subdomain}`);
  } else if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME_PART.test(name)) {
    errs.invalid(field, key, MESSAGES.qualifiedName);
  }
}

export function validateLabelSelector(errs: FieldErrors, field: string, selector: LabelSelector | undefined): void {
  if (!selector) return;
  validateLabels(errs, `${field}.matchLabels`, selector.matchLabels);
  (selector.matchExpressions ?? []).forEach((expr, i) => {
    const f = `${field}.matchExpressions[${i}]`;
    const values = expr.values ?? [];
    if (expr.operator === 'In' || expr.operator === 'NotIn') {
      if (values.length === 0) errs.required(`${f}.values`, 'must be specified when `operator` is \'In\' or \'NotIn\'');
    } else if (expr.operator === 'Exists' || expr.operator === 'DoesNotExist') {
      if (values.length > 0) errs.forbidden(`${f}.values`, 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\'');
    } else {
      errs.invalid(`${f}.operator`, expr.operator, 'not a valid selector operator');
    }
    validateQualifiedName(errs, `${f}.key`, expr.key ?? '');
  });
}

export function isValidPortName(name: string): boolean {
  return name.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes('--');
}

export function validatePortNumber(errs: FieldErrors, field: string, port: unknown): void {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    errs.invalid(field, port, 'must be between 1 and 65535, inclusive');
  }
}
