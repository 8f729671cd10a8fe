// Requests by path, for what the generated clients cannot express: listing any collection for a
// watch, reading an owner of any kind, and the kubelet checkpoint API behind the node proxy (the
// generated connectPostNodeProxyWithPath escapes the slashes of the proxied path). Built by
// `kc.makeApiClient(RawApi)`, so it shares client-node's TLS, credentials and User-Agent.
import 'server-only';
import { ApiException, type Configuration, type HttpMethod } from '@kubernetes/client-node';
import type { RequestOptions } from './call';

export interface RawRequest {
  method?: HttpMethod;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  contentType?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export class RawApi {
  constructor(private readonly configuration: Configuration) {}

  async request(request: RawRequest, options?: RequestOptions): Promise<RawResponse> {
    const context = this.configuration.baseServer.makeRequestContext(request.path, request.method ?? 'GET');
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) context.setQueryParam(key, String(value));
    }
    context.setHeaderParam('Accept', 'application/json, */*;q=0.8');
    if (request.body !== undefined) {
      context.setHeaderParam('Content-Type', request.contentType ?? 'application/json');
      context.setBody(JSON.stringify(request.body));
    }
    await this.configuration.authMethods.default?.applySecurityAuthentication(context);
    let prepared = context;
    for (const middleware of [...this.configuration.middleware, ...(options?.middleware ?? [])]) {
      prepared = await middleware.pre(prepared).toPromise();
    }
    const response = await this.configuration.httpApi.send(prepared).toPromise();
    const text = await response.body.text();
    if (response.httpStatusCode < 200 || response.httpStatusCode > 299) {
      throw new ApiException(response.httpStatusCode, 'Unsuccessful HTTP Request', text, response.headers);
    }
    return { status: response.httpStatusCode, headers: response.headers, text };
  }

  /** A JSON GET; the answer stays plain JSON (timestamps as strings), not client-node models. */
  async getJson<T>(path: string, query?: RawRequest['query'], options?: RequestOptions): Promise<T> {
    const response = await this.request({ path, query }, options);
    return JSON.parse(response.text) as T;
  }
}
