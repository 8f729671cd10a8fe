import type { ResourceType } from './resources.js';
import type { StoredObject, UserInfo } from './types.js';

export interface WriteContext {
  user: UserInfo;
  dryRun: boolean;
  /** Set for requests from API clients: managedFields are kept for them, not for in-process controllers. */
  fieldManager?: string;
  subresource?: string;
}

/**
 * Admission plugins see every write after defaulting and before validation and storage, like the
 * API server's mutating/validating admission chain. They may change the object or throw an ApiError.
 */
export interface AdmissionPlugin {
  readonly name: string;
  admitCreate?(type: ResourceType, obj: StoredObject, ctx: WriteContext): void;
  admitUpdate?(type: ResourceType, obj: StoredObject, old: StoredObject, ctx: WriteContext): void;
  admitDelete?(type: ResourceType, obj: StoredObject, ctx: WriteContext): void;
}
