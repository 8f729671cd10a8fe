import type { Pod, UserInfo } from '../api/types.js';
import type { AuditEvent } from '../audit/types.js';
import type { SimContext } from '../context.js';
import type { IngestSender } from '../ingest-client/sender.js';
import { isShell } from '../exec/shell.js';
import type { FalcoEvent, ProcessFields } from './falco-event.js';
import { syscallEvent } from './falco-event.js';
import { k8sAuditDetections } from './k8saudit-rules.js';
import type { FalcoRule } from './rules.js';
import { RULES } from './rules.js';

export interface EmittedAlert {
  event: FalcoEvent;
  /** The API request behind the alert (k8s_audit alerts, shells opened through exec). */
  auditID?: string;
}

export type AlertListener = (alert: EmittedAlert) => void;

/**
 * Falco as deployed in the demo cluster (a DaemonSet for syscalls, falco-k8saudit for the audit
 * log), forwarded by Falcosidekick: scenarios raise syscall alerts for what their processes do;
 * any exec of a shell with a TTY raises "Terminal shell in container"; the k8saudit rules run on
 * every audit event the API server emits.
 */
export class FalcoEmitter {
  private readonly recentAlerts: EmittedAlert[] = [];
  private readonly listeners = new Set<AlertListener>();
  readonly stats = { emitted: 0 };

  constructor(
    private readonly sim: SimContext,
    private readonly sender: IngestSender<unknown> | undefined,
  ) {
    sim.hooks.onExec = (pod, container, argv, tty, user, auditID) => this.onExec(pod, container, argv, tty, user, auditID);
    sim.audit.subscribe((event) => this.onAudit(event));
  }

  syscall(rule: FalcoRule, pod: Pod, container: string, fields: ProcessFields, auditID?: string): FalcoEvent {
    const event = syscallEvent(rule, pod, container, fields, this.sim.random.uuid());
    this.publish({ event, auditID });
    return event;
  }

  recent(): readonly EmittedAlert[] {
    return this.recentAlerts;
  }

  subscribe(listener: AlertListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private publish(alert: EmittedAlert): void {
    this.stats.emitted++;
    this.recentAlerts.push(alert);
    if (this.recentAlerts.length > 2000) this.recentAlerts.splice(0, this.recentAlerts.length - 2000);
    this.sender?.enqueue(alert.event);
    for (const l of this.listeners) l(alert);
  }

  /** `auditID` ties the alert to the exec request that caused it. */
  private onExec(pod: Pod, container: string, argv: string[], tty: boolean, _user: UserInfo, auditID: string): void {
    if (!tty || !isShell(argv[0])) return;
    const shell = (argv[0] ?? 'sh').split('/').pop() ?? 'sh';
    this.syscall(RULES.terminalShell, pod, container, {
      'evt.type': 'execve',
      'user.name': 'root',
      'user.uid': 0,
      'proc.name': shell,
      'proc.exepath': `/bin/${shell}`,
      'proc.pname': 'runc',
      'proc.cmdline': argv.join(' '),
      'proc.tty': 34816,
    }, auditID);
  }

  private onAudit(event: AuditEvent): void {
    for (const alert of k8sAuditDetections(event, () => this.sim.random.uuid())) this.publish({ event: alert, auditID: event.auditID });
  }
}
