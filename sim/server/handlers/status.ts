import type { ResourceType } from '../../api/resources.js';
import type { RequestContext } from '../request-context.js';
import { handleGet } from './read.js';
import { handlePatch, handleUpdate } from './write.js';

export const handleGetStatus = (rc: RequestContext, type: ResourceType) => handleGet(rc, type);
export const handleUpdateStatus = (rc: RequestContext, type: ResourceType) => handleUpdate(rc, type, 'status');
export const handlePatchStatus = (rc: RequestContext, type: ResourceType) => handlePatch(rc, type, 'status');
