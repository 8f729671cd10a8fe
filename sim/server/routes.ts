import type { LogService } from '../logs/log-service.js';
import type { Routes } from './pipeline.js';
import { handleEviction } from './handlers/eviction.js';
import { makeLogHandler } from './handlers/logs.js';
import { handleNodeProxy } from './handlers/node-proxy.js';
import { handleNonResource } from './handlers/non-resource.js';
import { handleGet, handleList } from './handlers/read.js';
import { handleTokenRequest, handleVirtualCreate } from './handlers/reviews.js';
import { handleGetScale, handlePatchScale, handleUpdateScale } from './handlers/scale.js';
import { handleGetStatus, handlePatchStatus, handleUpdateStatus } from './handlers/status.js';
import { handleWatch } from './handlers/watch.js';
import { handleCreate, handleDelete, handleDeleteCollection, handlePatch, handleUpdate } from './handlers/write.js';
import { handleBinding, handleFinalize } from './handlers/binding.js';

export function buildRoutes(logs: LogService): Routes {
  return {
    verbs: {
      get: handleGet,
      list: handleList,
      watch: handleWatch,
      create: handleCreate,
      update: (rc, type) => handleUpdate(rc, type),
      patch: (rc, type) => handlePatch(rc, type),
      delete: handleDelete,
      deletecollection: handleDeleteCollection,
    },
    subresources: {
      'status:get': handleGetStatus,
      'status:update': handleUpdateStatus,
      'status:patch': handlePatchStatus,
      'scale:get': handleGetScale,
      'scale:update': handleUpdateScale,
      'scale:patch': handlePatchScale,
      'eviction:create': handleEviction,
      'log:get': makeLogHandler(logs),
      'binding:create': handleBinding,
      'token:create': handleTokenRequest,
      'finalize:update': handleFinalize,
      'proxy:get': handleNodeProxy,
      'proxy:create': handleNodeProxy,
    },
    virtual: handleVirtualCreate,
    nonResource: handleNonResource,
  };
}
