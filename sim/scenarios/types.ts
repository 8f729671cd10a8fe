export type ScenarioName = 'crypto-miner' | 'reverse-shell' | 'kubectl-exec' | 'rbac-escalation' | 'public-exposure' | 'rogue-workload' | 'metadata-credential-theft';

export interface ScenarioActor {
  namespace: string;
  workload: string;
  kind: string;
  /** The pod the scenario compromised (network and process activity); absent for API-only actors. */
  pod?: string;
  container?: string;
  serviceAccount?: string;
  /** The human or service account identity the scenario acts as against the API. */
  user?: string;
}

/** What the console should detect when the scenario runs (for its tests and the demo script). */
export interface ExpectedDetections {
  /** Falco rule names (syscall and k8s_audit sources). */
  falcoRules: string[];
  /** What the audit log shows, in words, with the verb/resource to match. */
  audit: { verb: string; resource: string; subresource?: string; user: string; note: string }[];
  /** Flows, in words. */
  flows: string[];
  mitre: string[];
}

export interface ScenarioInfo {
  name: ScenarioName;
  title: string;
  description: string;
  expected: ExpectedDetections;
  /** Console actions that contain it, and what then stops. */
  containment: string[];
  actor: ScenarioActor;
}

export interface EmissionCounts {
  falco: number;
  falcoByRule: Record<string, number>;
  flows: number;
  flowsForwarded: number;
  flowsDropped: number;
  audit: number;
  /** API requests the scenario made that were refused (401/403). */
  apiDenied: number;
}

export interface ScenarioStatus {
  name: ScenarioName;
  running: boolean;
  seed: number;
  startedAt?: string;
  stoppedAt?: string;
  iterations: number;
  phase: string;
  actor: ScenarioActor;
  contained: boolean;
  containedReason?: string;
  containedAt?: string;
  emitted: EmissionCounts;
  lastError?: string;
}
