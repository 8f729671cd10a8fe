// The cluster gateway: the only code in Cordon that talks to a Kubernetes API server.
// See docs/cluster-gateway.md.
export * from './access';
export { type CallOptions, DEFAULT_TIMEOUT_MS, type WriteOptions } from './call';
export * from './connection';
export * from './dto';
export * from './errors';
export * from './events';
export * from './exec';
export * from './forensics';
export * from './network-policies';
export * from './nodes';
export * from './pods';
export * from './rbac';
export * from './service-accounts';
export * from './services';
export * from './watch';
export * from './workloads';
export * from './manifests';
