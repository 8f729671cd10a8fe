// The post-incident report model (NIST SP 800-61 "post-incident activity"): everything the report
// page, the Markdown and the PDF show, as plain data. Built by loadReportModel (model.ts).
import type { IncidentStatus, NistPhase, Resolution, Severity } from '../db/generated/enums';

export interface FollowUp {
  text: string;
  owner: string;
  done: boolean;
}

export interface ResponseTime {
  key: 'mttd' | 'mttc' | 'mttr';
  label: string;
  /** What it measures, e.g. "first alert → detected". */
  span: string;
  ms: number | null;
  targetMs: number;
  met: boolean | null;
}

export interface ReportModel {
  generatedAt: string;
  incident: {
    id: number;
    title: string;
    severity: Severity;
    status: IncidentStatus;
    phase: NistPhase;
    cluster: string | null;
    assignee: string | null;
    resolution: Resolution | null;
    resolutionSummary: string | null;
    alertCount: number;
    firstSeenAt: string;
    detectedAt: string;
    acknowledgedAt: string | null;
    containedAt: string | null;
    resolvedAt: string | null;
    closedAt: string | null;
  };
  firstAlert: { at: string; title: string; rule: string; source: string } | null;
  summary: string;
  impact: { text: string; namespaces: string[]; workloads: string[]; nodes: string[]; identities: string[]; images: string[] };
  times: ResponseTime[];
  timeline: { at: string; kind: string; actor: string; summary: string }[];
  actions: {
    kind: string;
    target: string;
    status: string;
    requestedBy: string | null;
    approvedBy: string | null;
    requestedAt: string;
    finishedAt: string | null;
    error: string | null;
  }[];
  evidence: { id: string; kind: string; filename: string; sha256: string; size: number; collectedAt: string; collector: string }[];
  techniques: { id: string; name: string | null; tactics: string[] }[];
  rootCause: string;
  lessonsLearned: string;
  followUps: FollowUp[];
  mapSnapshot: { evidenceId: string; sha256: string } | null;
  updatedBy: string | null;
  updatedAt: string | null;
}
