// The commit worker thread. Database round trips of the group commit are answered here, on an
// event loop that does nothing else: on the main thread each one waited behind request parsing,
// and a commit's half dozen round trips set the pace of ingestion.
import { parentPort } from 'node:worker_threads';
import { createPgPool } from '../../db/pool';
import { enqueueIncidentNotifications } from '../../notify/enqueue';
import { BatchCommitter } from './batch-committer';
import type { IncidentChange } from './types';
import type { CommitRequest, CommitResponse } from './commit-protocol';

const pool = createPgPool(4, 'cordon-ingest-writer');
const committer = new BatchCommitter(pool, {
  // New, escalated and reopened incidents page the configured targets (outbox, same transaction).
  async onIncidents(client, changes) {
    const byEvent = new Map<IncidentChange['event'], IncidentChange[]>();
    for (const change of changes) byEvent.set(change.event, [...(byEvent.get(change.event) ?? []), change]);
    for (const [event, list] of byEvent) await enqueueIncidentNotifications(client, list, event);
  },
});

parentPort!.on('message', (message: CommitRequest) => {
  if (message.type === 'close') {
    void pool.end().finally(() => parentPort!.postMessage({ type: 'closed' } satisfies CommitResponse));
    return;
  }
  void committer.commit(message.inputs).then((results) => {
    const stats = { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
    parentPort!.postMessage({ type: 'committed', id: message.id, results, pool: stats } satisfies CommitResponse);
  });
});
