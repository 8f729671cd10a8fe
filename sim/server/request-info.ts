/** What a request addresses, parsed like apiserver's RequestInfoFactory. */
export interface RequestInfo {
  isResourceRequest: boolean;
  path: string;
  verb: string;
  apiPrefix?: 'api' | 'apis';
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  /** Path after the subresource (node proxy: `checkpoint/ns/pod/container`). */
  rest: string[];
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function parseRequestInfo(method: string, url: URL): RequestInfo {
  const path = url.pathname;
  const lowerMethod = method.toLowerCase();
  const nonResource: RequestInfo = { isResourceRequest: false, path, verb: lowerMethod, group: '', version: '', resource: '', rest: [] };
  let parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  const prefix = parts[0];
  if (prefix !== 'api' && prefix !== 'apis') return nonResource;
  let group = '';
  let version: string | undefined;
  if (prefix === 'api') {
    version = parts[1];
    parts = parts.slice(2);
  } else {
    group = parts[1] ?? '';
    version = parts[2];
    parts = parts.slice(3);
  }
  if (!version || parts.length === 0) return { ...nonResource, apiPrefix: prefix, group, version: version ?? '' };

  let isWatchPath = false;
  if (parts[0] === 'watch') {
    isWatchPath = true;
    parts = parts.slice(1);
  }
  let namespace: string | undefined;
  if (parts[0] === 'namespaces' && parts.length > 1) {
    namespace = parts[1];
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2] as string)) parts = parts.slice(2);
  }
  const resource = parts[0] ?? '';
  const name = parts[1];
  const subresource = parts[2];
  const rest = parts.slice(3);

  let verb: string;
  switch (method) {
    case 'GET':
    case 'HEAD': {
      const watchParam = url.searchParams.get('watch');
      const wantsWatch = isWatchPath || watchParam === 'true' || watchParam === '1';
      verb = name === undefined || wantsWatch ? (wantsWatch ? 'watch' : 'list') : 'get';
      if (wantsWatch && name !== undefined && !isWatchPath) verb = 'watch';
      break;
    }
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name === undefined ? 'deletecollection' : 'delete';
      break;
    default:
      verb = lowerMethod;
  }
  return { isResourceRequest: true, path, verb, apiPrefix: prefix, group, version, namespace, resource, name, subresource, rest };
}
