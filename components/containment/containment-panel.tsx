'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, useTransition } from 'react';
import {
  approveContainmentAction,
  executeContainmentAction,
  previewContainmentAction,
  undoContainmentAction,
} from '@/app/(console)/containment/actions';
import type { ActionDefinition } from '@/lib/containment/catalog';
import type { ActionView } from '@/lib/containment/records';
import type { ActionRight } from '@/lib/containment/rights';
import type { ActionKind, ActionParams } from '@/lib/containment/schemas';
import type { TargetOption } from '@/lib/containment/targets';
import { ActionCard, PlanView } from './action-card';


interface Props {
  clusterId: string | null;
  incidentId: number | null;
  targets: TargetOption[];
  /** List the actions on these targets instead of the incident's (the map's side panel). */
  actionsOf?: { namespace: string; names: string[] };
  /** Prefilled destinations for "block egress" (the incident's external addresses). */
  suggestedCidrs?: string[];
  canAct: boolean;
  canApprove: boolean;
  role: string;
  /** The signed-in user's email (a requester may not approve their own action). */
  me: string;
}

interface ContainmentData {
  actions: ActionView[];
  catalog: ActionDefinition[];
  rights: ActionRight[];
}

const newKey = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

/** Plan → preview (server dry-run) → confirm → execute and verify → undo, for one incident's entities. */
export function ContainmentPanel({ clusterId, incidentId, targets, actionsOf, suggestedCidrs = [], canAct, canApprove, role, me }: Props) {
  const queryClient = useQueryClient();
  const namespace = targets[0] && 'namespace' in targets[0].target ? targets[0].target.namespace : undefined;
  const search = new URLSearchParams({
    ...(incidentId ? { incident: String(incidentId) } : {}),
    ...(clusterId ? { cluster: clusterId } : {}),
    ...(actionsOf ? { namespace: actionsOf.namespace, targets: actionsOf.names.join(',') } : namespace ? { namespace } : {}),
  });
  const { data, error } = useQuery({
    queryKey: ['actions', incidentId, clusterId, namespace, actionsOf?.names.join(',') ?? null],
    queryFn: async (): Promise<ContainmentData> => {
      const response = await fetch(`/api/containment?${search.toString()}`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as ContainmentData;
    },
    refetchInterval: (query) => (query.state.data?.actions.some((a) => a.status === 'running') ? 1_500 : false),
  });
  const [targetIndex, setTargetIndex] = useState(0);
  const [kind, setKind] = useState<ActionKind | null>(null);
  const [params, setParams] = useState<ActionParams>({});
  const [preview, setPreview] = useState<ActionView | null>(null);
  const [confirmation, setConfirmation] = useState('');
  const [skipEvidence, setSkipEvidence] = useState(false);
  const [skipReason, setSkipReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const [running, setRunning] = useState<string | null>(null);

  const option = targets[targetIndex];
  const denied = canAct ? null : `Containment needs the responder role; you are ${role}.`;
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['actions'] });
  const reset = () => {
    setPreview(null);
    setConfirmation('');
    setSkipEvidence(false);
    setSkipReason('');
  };

  const run = (work: () => Promise<{ ok: true; data: ActionView } | { ok: false; message: string }>, after?: (action: ActionView) => void) => {
    setMessage(null);
    startTransition(async () => {
      const result = await work();
      if (!result.ok) setMessage(result.message);
      else after?.(result.data);
      refresh();
    });
  };

  if (!clusterId) return <p className="text-sm text-muted">This incident is not tied to a connected cluster.</p>;
  const catalog = (data?.catalog ?? []).filter((d) => option && d.targets.includes(option.target.kind));
  const rights = new Map((data?.rights ?? []).map((r) => [r.kind, r]));
  const definition = data?.catalog.find((d) => d.kind === kind);

  return (
    <div className="space-y-3" data-testid="containment-panel">
      {targets.length === 0 ? <p className="text-sm text-muted">No pod, workload, node or service account to act on yet.</p> : null}
      {targets.length > 0 ? (
        <div className="flex flex-wrap items-center gap-1 text-xs" role="group" aria-label="Target">
          <span className="mr-1 uppercase text-muted">Target</span>
          {targets.map((t, i) => (
            <button
              key={t.label}
              type="button"
              aria-pressed={i === targetIndex}
              onClick={() => {
                setTargetIndex(i);
                setKind(null);
                reset();
              }}
              className={`rounded border px-2 py-0.5 font-mono ${i === targetIndex ? 'border-accent bg-accent/15' : 'border-line text-muted'}`}
            >
              {t.label}
            </button>
          ))}
        </div>
      ) : null}
      {option ? (
        <div className="flex flex-wrap gap-1" role="group" aria-label="Actions">
          {catalog.map((d) => {
            const right = rights.get(d.kind);
            const reason = denied ?? (right && !right.allowed ? right.reason : null);
            return (
              <button
                key={d.kind}
                type="button"
                disabled={!!reason || pending}
                title={reason ?? d.description}
                onClick={() => {
                  setKind(d.kind);
                  setParams(d.kind === 'block_egress' && suggestedCidrs.length > 0 ? { cidrs: suggestedCidrs } : {});
                  reset();
                }}
                className={`rounded border px-2 py-1 text-xs disabled:opacity-40 ${kind === d.kind ? 'border-accent bg-accent/15' : d.destructive ? 'border-rose-500/50' : 'border-line'}`}
              >
                {d.label}
              </button>
            );
          })}
          {denied ? <span className="self-center text-xs text-muted">{denied}</span> : null}
        </div>
      ) : null}

      {definition && option && !preview ? (
        <div className="space-y-2 rounded border border-line p-2 text-sm">
          <p className="text-xs text-muted">{definition.description}</p>
          <ParamsForm kind={definition.kind} params={params} onChange={setParams} />
          <button
            type="button"
            disabled={pending}
            onClick={() =>
              run(
                () => previewContainmentAction({ clusterId, incidentId, kind: definition.kind, target: option.target, params, idempotencyKey: newKey() }),
                setPreview,
              )
            }
            className="rounded bg-accent px-3 py-1 text-sm font-medium text-slate-950 disabled:opacity-60"
          >
            {pending ? 'Planning…' : 'Plan and dry-run'}
          </button>
        </div>
      ) : null}

      {preview ? (
        <div className="space-y-2 rounded border border-accent/40 p-2" data-testid="preview">
          <PlanView action={preview} />
          {preview.status === 'failed' ? (
            <p role="alert" className="text-sm text-rose-300">
              {preview.error?.message} {preview.error?.clusterMessage ? <span className="font-mono">Cluster said: {preview.error.clusterMessage}</span> : null}
            </p>
          ) : (
            <form
              className="space-y-2 text-sm"
              onSubmit={(event) => {
                event.preventDefault();
                setRunning(preview.id);
                run(
                  () => executeContainmentAction({ actionId: preview.id, confirmation, skipEvidence: skipEvidence || undefined, skipReason: skipReason || undefined }),
                  () => {
                    setRunning(null);
                    reset();
                    setKind(null);
                  },
                );
              }}
            >
              {preview.destructive ? (
                <>
                  <label className="block">
                    <span className="text-xs text-muted">
                      Type <span className="font-mono text-slate-200">{preview.target.name}</span> to confirm
                    </span>
                    <input value={confirmation} onChange={(e) => setConfirmation(e.target.value)} aria-label="Confirmation" className="mt-1 w-full rounded border border-line bg-surface px-2 py-1 font-mono" />
                  </label>
                  <label className="flex items-center gap-2 text-xs">
                    <input type="checkbox" checked={skipEvidence} onChange={(e) => setSkipEvidence(e.target.checked)} /> Skip evidence capture (recorded)
                  </label>
                  {skipEvidence ? <input value={skipReason} onChange={(e) => setSkipReason(e.target.value)} placeholder="Why" aria-label="Why evidence is skipped" className="w-full rounded border border-line bg-surface px-2 py-1" /> : null}
                </>
              ) : null}
              <div className="flex gap-2">
                <button
                  type="submit"
                  disabled={pending || (preview.destructive && confirmation !== preview.target.name)}
                  className={`rounded px-3 py-1 font-medium text-slate-950 disabled:opacity-50 ${preview.destructive ? 'bg-rose-400' : 'bg-accent'}`}
                >
                  {running ? 'Applying…' : preview.destructive ? `${preview.label}${skipEvidence ? '' : ' (evidence first)'}` : `Run: ${preview.label}`}
                </button>
                <button type="button" onClick={reset} className="rounded border border-line px-3 py-1">
                  Cancel
                </button>
              </div>
            </form>
          )}
        </div>
      ) : null}
      {message ? (
        <p role="alert" className="text-sm text-rose-300" data-testid="containment-message">
          {message}
        </p>
      ) : null}
      {error ? <p className="text-sm text-rose-300">Could not load actions: {error.message}</p> : null}

      {data && data.actions.filter((a) => a.status !== 'previewed').length > 0 ? (
        <ol className="space-y-2" data-testid="action-history">
          {data.actions
            .filter((a) => a.status !== 'previewed')
            .map((action) => (
              <ActionCard
                key={action.id}
                action={action}
                canAct={canAct}
                canApprove={canApprove}
                me={me}
                pending={pending}
                onUndo={() => run(() => undoContainmentAction({ actionId: action.id }))}
                onApprove={() => run(() => approveContainmentAction({ actionId: action.id }))}
                onRetry={() => run(() => executeContainmentAction({ actionId: action.id, confirmation: action.target.name }))}
              />
            ))}
        </ol>
      ) : null}
    </div>
  );
}

function ParamsForm({ kind, params, onChange }: { kind: ActionKind; params: ActionParams; onChange: (p: ActionParams) => void }) {
  const input = 'rounded border border-line bg-surface px-2 py-1 text-xs';
  if (kind === 'isolate_pod' || kind === 'isolate_workload') {
    return (
      <div className="flex flex-wrap items-center gap-3 text-xs">
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={params.allowDns !== false} onChange={(e) => onChange({ ...params, allowDns: e.target.checked })} /> keep DNS
        </label>
        {kind === 'isolate_pod' ? (
          <label className="flex items-center gap-1">
            forensic peer
            <input className={input} placeholder="10.0.9.5/32" value={params.forensicPeerCidr ?? ''} onChange={(e) => onChange({ ...params, forensicPeerCidr: e.target.value || undefined })} />
          </label>
        ) : null}
        <label className="flex items-center gap-1">
          release after
          <input className={`${input} w-16`} type="number" min={1} placeholder="—" value={params.expiresInMinutes ?? ''} onChange={(e) => onChange({ ...params, expiresInMinutes: e.target.value ? Number(e.target.value) : undefined })} />
          min
        </label>
      </div>
    );
  }
  if (kind === 'block_egress') {
    return (
      <div className="flex flex-wrap items-center gap-3 text-xs">
        <label className="flex items-center gap-1">
          addresses
          <input
            className={input}
            placeholder="203.0.113.66/32, 198.51.100.0/24"
            aria-label="Addresses to block"
            value={(params.cidrs ?? []).join(', ')}
            onChange={(e) => onChange({ ...params, cidrs: e.target.value.split(/[\s,]+/).filter(Boolean) })}
          />
        </label>
        <label className="flex items-center gap-1">
          ports
          <input
            className={input}
            placeholder="3333, 4444"
            value={(params.ports ?? []).join(', ')}
            onChange={(e) => onChange({ ...params, ports: e.target.value.split(/[\s,]+/).filter(Boolean).map(Number) })}
          />
        </label>
      </div>
    );
  }
  if (kind === 'label_node') {
    return (
      <div className="flex gap-2 text-xs">
        <input className={input} placeholder="key" value={params.labelKey ?? ''} onChange={(e) => onChange({ ...params, labelKey: e.target.value || undefined })} />
        <input className={input} placeholder="value" value={params.labelValue ?? ''} onChange={(e) => onChange({ ...params, labelValue: e.target.value })} />
      </div>
    );
  }
  if (kind === 'capture_evidence') {
    return (
      <label className="flex items-center gap-1 text-xs">
        <input type="checkbox" checked={params.checkpoint === true} onChange={(e) => onChange({ ...params, checkpoint: e.target.checked })} /> also request a kubelet checkpoint of each container
      </label>
    );
  }
  return null;
}
