import fastJsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { ApiError, errors } from '../status.js';


/** RFC 6902 through fast-json-patch; failures are 422 like the API server's json-patch errors. */
export function applyJsonPatch(document: Record<string, unknown>, patch: unknown): Record<string, unknown> {
  if (!Array.isArray(patch)) throw errors.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  try {
    return fastJsonPatch.applyPatch(document, patch as Operation[], true, true).newDocument;
  } catch (err) {
    if (err instanceof fastJsonPatch.JsonPatchError) {
      const op = err.operation as { op?: string; path?: string } | undefined;
      let message = err.message.split('\n')[0] ?? 'invalid patch';
      if (err.name === 'OPERATION_PATH_UNRESOLVABLE') message = `${op?.op ?? 'replace'} operation does not apply: doc is missing path: "${op?.path ?? ''}": missing value`;
      if (err.name === 'TEST_OPERATION_FAILED') message = `testing value ${op?.path ?? ''} failed: test failed`;
      throw new ApiError({ message, reason: 'Invalid', code: 422, details: {} });
    }
    throw err;
  }
}
