// core/v1 Events (what the scheduler, kubelet and controllers said about an object). They expire
// after about an hour, so evidence capture reads them early.
import 'server-only';
import { type CallOptions, readCall } from './call';
import type { ClusterConnection } from './connection';
import type { EventDto } from './dto';
import { eventDto } from './to-dto-workloads';

export interface EventsQuery {
  /** Omit for all namespaces. */
  namespace?: string;
  involvedObject?: { kind?: string; name?: string; uid?: string };
}

function fieldSelector(involved: EventsQuery['involvedObject']): string | undefined {
  if (!involved) return undefined;
  const parts = Object.entries(involved).flatMap(([key, value]) => (value ? [`involvedObject.${key}=${value}`] : []));
  return parts.length > 0 ? parts.join(',') : undefined;
}

/** Oldest first, by when each event was last seen. */
export async function listEvents(conn: ClusterConnection, query: EventsQuery = {}, options?: CallOptions): Promise<EventDto[]> {
  const { namespace } = query;
  const selector = fieldSelector(query.involvedObject);
  const list = await readCall(
    conn,
    `list events${namespace ? ` in ${namespace}` : ''}`,
    (o) =>
      namespace
        ? conn.core.listNamespacedEvent({ namespace, fieldSelector: selector }, o)
        : conn.core.listEventForAllNamespaces({ fieldSelector: selector }, o),
    options,
  );
  const time = (e: EventDto) => (e.lastSeen ? Date.parse(e.lastSeen) : 0);
  return list.items.map(eventDto).sort((a, b) => time(a) - time(b));
}
