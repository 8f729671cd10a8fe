// Services and Ingresses: how workloads are exposed (the network map, public-exposure checks).
import 'server-only';
import { type CallOptions, readCall } from './call';
import type { ClusterConnection } from './connection';
import type { IngressDto, ServiceDto } from './dto';
import { ingressDto, serviceDto } from './to-dto';

export interface ListQuery {
  /** Omit for all namespaces. */
  namespace?: string;
  labelSelector?: string;
}

export async function listServices(conn: ClusterConnection, query: ListQuery = {}, options?: CallOptions): Promise<ServiceDto[]> {
  const { namespace, labelSelector } = query;
  const list = await readCall(
    conn,
    `list services${namespace ? ` in ${namespace}` : ''}`,
    (o) => (namespace ? conn.core.listNamespacedService({ namespace, labelSelector }, o) : conn.core.listServiceForAllNamespaces({ labelSelector }, o)),
    options,
  );
  return list.items.map(serviceDto);
}

export async function listIngresses(conn: ClusterConnection, query: ListQuery = {}, options?: CallOptions): Promise<IngressDto[]> {
  const { namespace, labelSelector } = query;
  const list = await readCall(
    conn,
    `list ingresses${namespace ? ` in ${namespace}` : ''}`,
    (o) =>
      namespace
        ? conn.networking.listNamespacedIngress({ namespace, labelSelector }, o)
        : conn.networking.listIngressForAllNamespaces({ labelSelector }, o),
    options,
  );
  return list.items.map(ingressDto);
}
