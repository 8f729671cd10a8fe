'use client';

import { useState, useTransition, type FormEvent, type InputHTMLAttributes } from 'react';
import {
  createNotificationTargetAction,
  deleteNotificationTargetAction,
  sendTestNotificationAction,
  setNotificationTargetEnabledAction,
} from '@/app/(console)/settings/actions';
import { formText } from '@/lib/forms';
import type { NotificationTargetSummary } from '@/lib/notify/queries';
import {
  KIND_LABELS,
  NOTIFICATION_KINDS,
  SEVERITIES,
  type CreateNotificationTargetInput,
  type NotificationKindName,
} from '@/lib/notify/schemas';

type Feedback = { ok: boolean; text: string };

const STATUS_CLASS: Record<string, string> = {
  sent: 'text-emerald-300',
  failed: 'text-rose-300',
  retrying: 'text-amber-300',
  pending: 'text-muted',
};

export function NotificationTargets({ targets }: { targets: NotificationTargetSummary[] }) {
  const [pending, startTransition] = useTransition();
  const [feedback, setFeedback] = useState<Record<string, Feedback>>({});
  const report = (id: string, value: Feedback) => setFeedback((current) => ({ ...current, [id]: value }));

  function sendTest(id: string) {
    report(id, { ok: true, text: 'Sending…' });
    startTransition(async () => {
      const result = await sendTestNotificationAction({ targetId: id });
      if (!result.ok) report(id, { ok: false, text: result.message });
      else report(id, { ok: result.data.delivered, text: `${result.data.delivered ? 'Delivered' : 'Not delivered'}: ${result.data.message}` });
    });
  }

  function setEnabled(id: string, enabled: boolean) {
    startTransition(async () => {
      const result = await setNotificationTargetEnabledAction({ targetId: id, enabled });
      if (!result.ok) report(id, { ok: false, text: result.message });
    });
  }

  function remove(target: NotificationTargetSummary) {
    if (!window.confirm(`Delete the notification target "${target.name}" and its delivery log?`)) return;
    startTransition(async () => {
      const result = await deleteNotificationTargetAction({ targetId: target.id });
      if (!result.ok) report(target.id, { ok: false, text: result.message });
    });
  }

  const button = 'rounded border border-line px-2 py-0.5 hover:border-slate-400 disabled:opacity-60';
  return (
    <div className="space-y-3 text-sm">
      <table className="w-full" data-testid="notification-target-table">
        <thead className="text-left text-xs uppercase text-muted">
          <tr><th className="py-1">Name</th><th>Kind</th><th>Min severity</th><th>Credential</th><th>Last delivery</th><th /></tr>
        </thead>
        <tbody>
          {targets.length === 0 ? (
            <tr className="border-t border-line"><td colSpan={6} className="py-2 text-muted">No targets yet: incidents notify no one.</td></tr>
          ) : null}
          {targets.map((t) => (
            <tr key={t.id} className="border-t border-line align-top">
              <td className="py-1.5">
                {t.name}
                {t.enabled ? null : <span className="ml-1 text-xs text-muted">(disabled)</span>}
                {feedback[t.id] ? (
                  <p role={feedback[t.id]!.ok ? 'status' : 'alert'} className={`text-xs ${feedback[t.id]!.ok ? 'text-emerald-300' : 'text-rose-300'}`}>
                    {feedback[t.id]!.text}
                  </p>
                ) : null}
              </td>
              <td>{KIND_LABELS[t.kind]}</td>
              <td>{t.minSeverity}</td>
              <td className="font-mono text-xs">{t.hint}</td>
              <td className="text-xs">
                {t.lastDelivery ? (
                  <span title={t.lastDelivery.lastError ?? undefined}>
                    <span className={STATUS_CLASS[t.lastDelivery.status]}>{t.lastDelivery.status}</span>
                    {t.lastDelivery.responseCode ? ` (HTTP ${t.lastDelivery.responseCode})` : ''} · incident #{t.lastDelivery.incidentId}
                  </span>
                ) : (
                  <span className="text-muted">never</span>
                )}
              </td>
              <td className="space-x-1 whitespace-nowrap text-right">
                <button type="button" disabled={pending} className={button} onClick={() => sendTest(t.id)}>Send test</button>
                <button type="button" disabled={pending} className={button} onClick={() => setEnabled(t.id, !t.enabled)}>
                  {t.enabled ? 'Disable' : 'Enable'}
                </button>
                <button type="button" disabled={pending} className={`${button} text-rose-300`} onClick={() => remove(t)}>Delete</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <CreateTargetForm />
    </div>
  );
}

/** "Name: value" lines → headers; blank lines are skipped, the server validates names and values. */
function parseHeaderLines(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (line.trim() === '') continue;
    headers[(colon < 0 ? line : line.slice(0, colon)).trim()] = colon < 0 ? '' : line.slice(colon + 1).trim();
  }
  return headers;
}

function configFromForm(kind: NotificationKindName, data: FormData) {
  const optional = (name: string) => formText(data, name).trim() || undefined;
  switch (kind) {
    case 'pagerduty':
      return { kind, routingKey: formText(data, 'routingKey'), url: optional('url') };
    case 'opsgenie':
      return { kind, apiKey: formText(data, 'apiKey'), region: formText(data, 'region') === 'eu' ? ('eu' as const) : ('us' as const), url: optional('url') };
    case 'slack':
      return { kind, webhookUrl: formText(data, 'webhookUrl') };
    case 'webhook': {
      const headers = parseHeaderLines(formText(data, 'headers'));
      return { kind, url: formText(data, 'url'), secret: optional('secret'), headers: Object.keys(headers).length > 0 ? headers : undefined };
    }
  }
}

function CreateTargetForm() {
  const [kind, setKind] = useState<NotificationKindName>('pagerduty');
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<(Feedback & { fieldErrors?: Record<string, string[]> }) | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const input = {
      ...configFromForm(kind, data),
      name: formText(data, 'name'),
      minSeverity: formText(data, 'minSeverity', 'high') as CreateNotificationTargetInput['minSeverity'],
      enabled: data.get('enabled') === 'on',
    };
    startTransition(async () => {
      const response = await createNotificationTargetAction(input);
      if (response.ok) {
        form.reset();
        setResult({ ok: true, text: 'Target added. Use "Send test" to check it.' });
      } else {
        setResult({ ok: false, text: response.message, fieldErrors: response.fieldErrors });
      }
    });
  }

  const input = 'w-full rounded border border-line bg-surface px-2 py-1.5';
  const field = (name: string, label: string, props: InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label key={`${kind}-${name}`}>
      <span className="text-xs text-muted">{label}</span>
      <input name={name} className={input} autoComplete="off" {...props} />
      {result?.fieldErrors?.[name]?.[0] ? <span className="text-xs text-rose-300">{result.fieldErrors[name][0]}</span> : null}
    </label>
  );

  return (
    <form onSubmit={onSubmit} className="grid gap-2 rounded border border-line bg-panel p-3 sm:grid-cols-4" aria-label="Add notification target">
      <label>
        <span className="text-xs text-muted">Kind</span>
        <select name="kind" className={input} value={kind} onChange={(e) => setKind(e.target.value as NotificationKindName)}>
          {NOTIFICATION_KINDS.map((k) => <option key={k} value={k}>{KIND_LABELS[k]}</option>)}
        </select>
      </label>
      {field('name', 'Name', { required: true, placeholder: 'on-call' })}
      <label>
        <span className="text-xs text-muted">Notify from severity</span>
        <select name="minSeverity" className={input} defaultValue="high">
          {SEVERITIES.map((s) => <option key={s}>{s}</option>)}
        </select>
      </label>
      <label className="flex items-end gap-2 pb-2">
        <input type="checkbox" name="enabled" defaultChecked /> <span>Enabled</span>
      </label>

      {kind === 'pagerduty' ? [field('routingKey', 'Integration (routing) key', { type: 'password', required: true }), field('url', 'Events API URL (optional)', { placeholder: 'https://events.pagerduty.com/v2/enqueue' })] : null}
      {kind === 'opsgenie' ? [
        field('apiKey', 'API key', { type: 'password', required: true }),
        <label key="region"><span className="text-xs text-muted">Region</span><select name="region" className={input}><option value="us">US</option><option value="eu">EU</option></select></label>,
        field('url', 'Alert API URL (optional)', { placeholder: 'https://api.opsgenie.com/v2/alerts' }),
      ] : null}
      {kind === 'slack' ? field('webhookUrl', 'Incoming webhook URL', { type: 'password', required: true, placeholder: 'https://hooks.slack.com/services/…' }) : null}
      {kind === 'webhook' ? [
        field('url', 'URL', { required: true, placeholder: 'https://siem.example/cordon' }),
        field('secret', 'Signing secret (optional)', { type: 'password', minLength: 16 }),
        <label key="headers" className="sm:col-span-2">
          <span className="text-xs text-muted">Extra headers (optional, one &quot;Name: value&quot; a line)</span>
          <textarea name="headers" rows={2} className={`${input} font-mono text-xs`} />
          {result?.fieldErrors?.headers?.[0] ? <span className="text-xs text-rose-300">{result.fieldErrors.headers[0]}</span> : null}
        </label>,
      ] : null}

      <div className="flex items-end sm:col-start-4">
        <button type="submit" disabled={pending} className="w-full rounded bg-accent px-3 py-1.5 font-medium text-slate-950 disabled:opacity-60">
          {pending ? 'Adding…' : 'Add target'}
        </button>
      </div>
      {kind === 'opsgenie' ? (
        <p className="text-xs text-amber-200 sm:col-span-4">Atlassian ends Opsgenie support on 2027-04-05; plan a move to Jira Service Management.</p>
      ) : null}
      {result ? (
        <p role={result.ok ? 'status' : 'alert'} className={`sm:col-span-4 ${result.ok ? 'text-emerald-300' : 'text-rose-300'}`}>{result.text}</p>
      ) : null}
    </form>
  );
}
