-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('info', 'low', 'medium', 'high', 'critical');

-- CreateEnum
CREATE TYPE "AlertSource" AS ENUM ('falco', 'k8s_audit', 'alertmanager', 'hubble', 'cordon');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('new', 'acknowledged', 'investigating', 'contained', 'resolved', 'closed');

-- CreateEnum
CREATE TYPE "NistPhase" AS ENUM ('detection_analysis', 'containment', 'eradication', 'recovery', 'post_incident');

-- CreateEnum
CREATE TYPE "Resolution" AS ENUM ('resolved', 'false_positive', 'duplicate');

-- CreateEnum
CREATE TYPE "TimelineKind" AS ENUM ('alert', 'audit_event', 'detection', 'correlation', 'status_change', 'phase_change', 'severity_change', 'assignment', 'note', 'containment', 'evidence', 'notification', 'merge', 'reopen', 'report');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('user', 'system', 'source', 'action');

-- CreateEnum
CREATE TYPE "EntityKind" AS ENUM ('cluster', 'namespace', 'workload', 'pod', 'node', 'service_account', 'user', 'image', 'ip', 'domain');

-- CreateEnum
CREATE TYPE "ContainmentKind" AS ENUM ('isolate_pod', 'isolate_workload', 'block_egress', 'quarantine_node', 'cordon_node', 'uncordon_node', 'label_node', 'drain_node', 'revoke_service_account', 'scale_to_zero', 'delete_pod', 'rollout_restart', 'capture_evidence');

-- CreateEnum
CREATE TYPE "ActionStatus" AS ENUM ('planned', 'previewed', 'awaiting_approval', 'running', 'succeeded', 'failed', 'undone', 'expired', 'cancelled');

-- CreateEnum
CREATE TYPE "EvidenceKind" AS ENUM ('manifest', 'logs', 'events', 'process_list', 'connections', 'listening_ports', 'environment', 'file_changes', 'checkpoint', 'upload', 'map_snapshot', 'report_export', 'bundle');

-- CreateEnum
CREATE TYPE "CustodyAction" AS ENUM ('collected', 'uploaded', 'viewed', 'downloaded', 'exported', 'verified', 'verify_failed');

-- CreateEnum
CREATE TYPE "IngestSource" AS ENUM ('falco', 'k8s_audit', 'alertmanager', 'flows');

-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('pagerduty', 'opsgenie', 'slack', 'webhook');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('pending', 'sent', 'retrying', 'failed');

-- CreateEnum
CREATE TYPE "FlowVerdict" AS ENUM ('forwarded', 'dropped', 'error', 'audit');

-- CreateEnum
CREATE TYPE "ClusterSource" AS ENUM ('simulator', 'kubeconfig', 'in_cluster', 'reported');

-- CreateEnum
CREATE TYPE "ClusterState" AS ENUM ('unknown', 'connected', 'unreachable', 'unauthorized');

-- CreateTable
CREATE TABLE "user" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailVerified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "failedSignIns" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session" (
    "id" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "accessToken" TEXT,
    "refreshToken" TEXT,
    "idToken" TEXT,
    "accessTokenExpiresAt" TIMESTAMP(3),
    "refreshTokenExpiresAt" TIMESTAMP(3),
    "scope" TEXT,
    "password" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verification" (
    "id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "verification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "lastRequest" BIGINT NOT NULL,

    CONSTRAINT "rate_limit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_token" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "source" "IngestSource" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "clusterId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "api_token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cluster" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "source" "ClusterSource" NOT NULL,
    "server" TEXT,
    "kubeconfigEnc" BYTEA,
    "context" TEXT,
    "identity" TEXT,
    "state" "ClusterState" NOT NULL DEFAULT 'unknown',
    "stateMessage" TEXT,
    "lastSeenAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "cluster_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cluster_object" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "namespace" TEXT NOT NULL DEFAULT '',
    "name" TEXT NOT NULL,
    "uid" TEXT,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "summary" JSONB NOT NULL DEFAULT '{}',
    "ownerKind" TEXT,
    "ownerName" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "cluster_object_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert" (
    "id" BIGSERIAL NOT NULL,
    "source" "AlertSource" NOT NULL,
    "sourceEventId" TEXT NOT NULL,
    "dedupKey" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "clusterId" TEXT,
    "namespace" TEXT,
    "workloadKind" TEXT,
    "workload" TEXT,
    "pod" TEXT,
    "container" TEXT,
    "node" TEXT,
    "image" TEXT,
    "principal" TEXT,
    "process" TEXT,
    "srcIp" TEXT,
    "dstIp" TEXT,
    "dstPort" INTEGER,
    "dstName" TEXT,
    "techniques" TEXT[],
    "tags" TEXT[],
    "fields" JSONB NOT NULL DEFAULT '{}',
    "raw" JSON NOT NULL,
    "incidentId" INTEGER,

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT,
    "severity" "Severity" NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'new',
    "phase" "NistPhase" NOT NULL DEFAULT 'detection_analysis',
    "assigneeId" TEXT,
    "clusterId" TEXT,
    "correlationKey" TEXT NOT NULL,
    "namespace" TEXT,
    "workload" TEXT,
    "node" TEXT,
    "principal" TEXT,
    "rules" TEXT[],
    "techniques" TEXT[],
    "alertCount" INTEGER NOT NULL DEFAULT 0,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "detectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" TIMESTAMP(3),
    "containedAt" TIMESTAMP(3),
    "eradicatedAt" TIMESTAMP(3),
    "recoveredAt" TIMESTAMP(3),
    "resolvedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "resolution" "Resolution",
    "resolutionSummary" TEXT,
    "reopenCount" INTEGER NOT NULL DEFAULT 0,
    "mergedIntoId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "timeline_entry" (
    "id" BIGSERIAL NOT NULL,
    "incidentId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" "TimelineKind" NOT NULL,
    "actorType" "ActorType" NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "groupKey" TEXT,
    "count" INTEGER NOT NULL DEFAULT 1,
    "lastAt" TIMESTAMP(3),

    CONSTRAINT "timeline_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "note" (
    "id" TEXT NOT NULL,
    "incidentId" INTEGER NOT NULL,
    "authorId" TEXT,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "note_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entity" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT,
    "kind" "EntityKind" NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "namespace" TEXT,
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "entity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_entity" (
    "incidentId" INTEGER NOT NULL,
    "entityId" TEXT NOT NULL,
    "isPrimary" BOOLEAN NOT NULL DEFAULT false,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_entity_pkey" PRIMARY KEY ("incidentId","entityId")
);

-- CreateTable
CREATE TABLE "flow" (
    "id" BIGSERIAL NOT NULL,
    "clusterId" TEXT NOT NULL,
    "srcKey" TEXT NOT NULL,
    "srcNamespace" TEXT,
    "srcName" TEXT NOT NULL,
    "dstKey" TEXT NOT NULL,
    "dstNamespace" TEXT,
    "dstName" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "protocol" TEXT NOT NULL,
    "verdict" "FlowVerdict" NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "flow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "flow_window" (
    "flowId" BIGINT NOT NULL,
    "bucketStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "flow_window_pkey" PRIMARY KEY ("flowId","bucketStart")
);

-- CreateTable
CREATE TABLE "baseline" (
    "clusterId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "object" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "baseline_pkey" PRIMARY KEY ("clusterId","kind","subject","object")
);

-- CreateTable
CREATE TABLE "containment_action" (
    "id" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "incidentId" INTEGER,
    "clusterId" TEXT NOT NULL,
    "kind" "ContainmentKind" NOT NULL,
    "target" JSONB NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "plan" JSONB NOT NULL DEFAULT '[]',
    "dryRun" JSONB,
    "status" "ActionStatus" NOT NULL DEFAULT 'planned',
    "requestedById" TEXT,
    "approvedById" TEXT,
    "evidenceSkipped" BOOLEAN NOT NULL DEFAULT false,
    "skipReason" TEXT,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "clusterMessage" TEXT,
    "outcome" JSONB,
    "verification" JSONB,
    "undoData" JSONB,
    "expiresAt" TIMESTAMP(3),
    "undoOfId" TEXT,

    CONSTRAINT "containment_action_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evidence" (
    "id" TEXT NOT NULL,
    "incidentId" INTEGER,
    "actionId" TEXT,
    "kind" "EvidenceKind" NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "source" JSONB NOT NULL DEFAULT '{}',
    "collectorType" "ActorType" NOT NULL,
    "collectorId" TEXT,
    "collectorLabel" TEXT NOT NULL,
    "collectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastVerifiedAt" TIMESTAMP(3),
    "verifyFailedAt" TIMESTAMP(3),

    CONSTRAINT "evidence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "custody_event" (
    "id" BIGSERIAL NOT NULL,
    "evidenceId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "action" "CustodyAction" NOT NULL,
    "actorType" "ActorType" NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "sha256" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "custody_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "post_incident_report" (
    "incidentId" INTEGER NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "impact" TEXT NOT NULL DEFAULT '',
    "rootCause" TEXT NOT NULL DEFAULT '',
    "lessonsLearned" TEXT NOT NULL DEFAULT '',
    "followUps" JSONB NOT NULL DEFAULT '[]',
    "mapSnapshotId" TEXT,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "post_incident_report_pkey" PRIMARY KEY ("incidentId")
);

-- CreateTable
CREATE TABLE "notification_target" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "configEnc" BYTEA NOT NULL,
    "minSeverity" "Severity" NOT NULL DEFAULT 'high',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "notification_target_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_delivery" (
    "id" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "incidentId" INTEGER NOT NULL,
    "event" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "responseCode" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "notification_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorType" "ActorType" NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT,
    "targetId" TEXT,
    "outcome" TEXT NOT NULL DEFAULT 'ok',
    "details" JSONB NOT NULL DEFAULT '{}',
    "ip" TEXT,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "setting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "user_email_key" ON "user"("email");

-- CreateIndex
CREATE UNIQUE INDEX "session_token_key" ON "session"("token");

-- CreateIndex
CREATE INDEX "session_userId_idx" ON "session"("userId");

-- CreateIndex
CREATE INDEX "account_userId_idx" ON "account"("userId");

-- CreateIndex
CREATE INDEX "verification_identifier_idx" ON "verification"("identifier");

-- CreateIndex
CREATE UNIQUE INDEX "rate_limit_key_key" ON "rate_limit"("key");

-- CreateIndex
CREATE UNIQUE INDEX "api_token_tokenHash_key" ON "api_token"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "cluster_name_key" ON "cluster"("name");

-- CreateIndex
CREATE INDEX "cluster_object_clusterId_kind_deletedAt_idx" ON "cluster_object"("clusterId", "kind", "deletedAt");

-- CreateIndex
CREATE UNIQUE INDEX "cluster_object_clusterId_kind_namespace_name_key" ON "cluster_object"("clusterId", "kind", "namespace", "name");

-- CreateIndex
CREATE INDEX "alert_incidentId_occurredAt_idx" ON "alert"("incidentId", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "alert_source_sourceEventId_key" ON "alert"("source", "sourceEventId");

-- CreateIndex
CREATE INDEX "incident_status_severity_lastSeenAt_idx" ON "incident"("status", "severity", "lastSeenAt" DESC);

-- CreateIndex
CREATE INDEX "incident_correlationKey_status_idx" ON "incident"("correlationKey", "status");

-- CreateIndex
CREATE INDEX "incident_assigneeId_status_idx" ON "incident"("assigneeId", "status");

-- CreateIndex
CREATE INDEX "incident_clusterId_namespace_idx" ON "incident"("clusterId", "namespace");

-- CreateIndex
CREATE INDEX "incident_lastSeenAt_idx" ON "incident"("lastSeenAt" DESC);

-- CreateIndex
CREATE INDEX "timeline_entry_incidentId_at_idx" ON "timeline_entry"("incidentId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "timeline_entry_incidentId_groupKey_key" ON "timeline_entry"("incidentId", "groupKey");

-- CreateIndex
CREATE INDEX "note_incidentId_createdAt_idx" ON "note"("incidentId", "createdAt");

-- CreateIndex
CREATE INDEX "entity_kind_name_idx" ON "entity"("kind", "name");

-- CreateIndex
CREATE UNIQUE INDEX "entity_clusterId_kind_key_key" ON "entity"("clusterId", "kind", "key");

-- CreateIndex
CREATE INDEX "incident_entity_entityId_idx" ON "incident_entity"("entityId");

-- CreateIndex
CREATE INDEX "flow_clusterId_lastSeenAt_idx" ON "flow"("clusterId", "lastSeenAt");

-- CreateIndex
CREATE UNIQUE INDEX "flow_clusterId_srcKey_dstKey_port_protocol_verdict_key" ON "flow"("clusterId", "srcKey", "dstKey", "port", "protocol", "verdict");

-- CreateIndex
CREATE INDEX "flow_window_bucketStart_idx" ON "flow_window"("bucketStart");

-- CreateIndex
CREATE UNIQUE INDEX "containment_action_idempotencyKey_key" ON "containment_action"("idempotencyKey");

-- CreateIndex
CREATE INDEX "containment_action_incidentId_requestedAt_idx" ON "containment_action"("incidentId", "requestedAt");

-- CreateIndex
CREATE INDEX "containment_action_status_expiresAt_idx" ON "containment_action"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "evidence_incidentId_collectedAt_idx" ON "evidence"("incidentId", "collectedAt");

-- CreateIndex
CREATE INDEX "evidence_sha256_idx" ON "evidence"("sha256");

-- CreateIndex
CREATE INDEX "custody_event_evidenceId_at_idx" ON "custody_event"("evidenceId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "notification_target_name_key" ON "notification_target"("name");

-- CreateIndex
CREATE INDEX "notification_delivery_status_nextAttemptAt_idx" ON "notification_delivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "notification_delivery_incidentId_idx" ON "notification_delivery"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "notification_delivery_targetId_incidentId_event_key" ON "notification_delivery"("targetId", "incidentId", "event");

-- CreateIndex
CREATE UNIQUE INDEX "audit_log_hash_key" ON "audit_log"("hash");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- CreateIndex
CREATE INDEX "audit_log_targetType_targetId_idx" ON "audit_log"("targetType", "targetId");

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "cluster"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cluster_object" ADD CONSTRAINT "cluster_object_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident" ADD CONSTRAINT "incident_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident" ADD CONSTRAINT "incident_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "cluster"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident" ADD CONSTRAINT "incident_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "timeline_entry" ADD CONSTRAINT "timeline_entry_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "note" ADD CONSTRAINT "note_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "note" ADD CONSTRAINT "note_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entity" ADD CONSTRAINT "entity_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_entity" ADD CONSTRAINT "incident_entity_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_entity" ADD CONSTRAINT "incident_entity_entityId_fkey" FOREIGN KEY ("entityId") REFERENCES "entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flow" ADD CONSTRAINT "flow_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flow_window" ADD CONSTRAINT "flow_window_flowId_fkey" FOREIGN KEY ("flowId") REFERENCES "flow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "baseline" ADD CONSTRAINT "baseline_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "containment_action" ADD CONSTRAINT "containment_action_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "containment_action" ADD CONSTRAINT "containment_action_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "containment_action" ADD CONSTRAINT "containment_action_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "containment_action" ADD CONSTRAINT "containment_action_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "containment_action" ADD CONSTRAINT "containment_action_undoOfId_fkey" FOREIGN KEY ("undoOfId") REFERENCES "containment_action"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "containment_action"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "custody_event" ADD CONSTRAINT "custody_event_evidenceId_fkey" FOREIGN KEY ("evidenceId") REFERENCES "evidence"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "post_incident_report" ADD CONSTRAINT "post_incident_report_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_delivery" ADD CONSTRAINT "notification_delivery_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "notification_target"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_delivery" ADD CONSTRAINT "notification_delivery_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

