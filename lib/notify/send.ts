// One HTTP attempt, reduced to what the delivery log keeps. The error text is built by us from
// status codes and error codes, plus at most 200 characters of the receiver's answer with every
// credential scrubbed: never the URL (Slack webhook URLs are credentials), never a header.
import { redactSecrets } from './targets';
import type { NotificationRequest } from './requests';
import { classifyStatus, parseRetryAfter, type AttemptResult } from './retry-policy';

export const SEND_TIMEOUT_MS = 10_000;
const BODY_SNIPPET_CHARS = 200;
const BODY_READ_LIMIT_BYTES = 4_096;

export interface SendOutcome {
  result: AttemptResult;
  responseCode: number | null;
  /** Short and secret-free; null when sent. */
  error: string | null;
  retryAfterMs: number | null;
}

export async function sendNotificationRequest(
  request: NotificationRequest,
  options: { secrets: readonly string[]; timeoutMs?: number },
): Promise<SendOutcome> {
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      // A redirect would resend the body (and the Authorization header) somewhere else.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { result: 'retry', responseCode: null, error: describeNetworkError(error, timeoutMs), retryAfterMs: null };
  }

  const result = response.status >= 300 && response.status < 400 ? 'failed' : classifyStatus(response.status);
  const snippet = await readSnippet(response, options.secrets);
  if (result === 'sent') return { result, responseCode: response.status, error: null, retryAfterMs: null };
  const redirect = response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : '';
  return {
    result,
    responseCode: response.status,
    error: `HTTP ${response.status}${redirect}${snippet ? `: ${snippet}` : ''}`,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  };
}

async function readSnippet(response: Response, secrets: readonly string[]): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    // Read a little and drop the rest: a receiver's error page can be large.
    while (size < BODY_READ_LIMIT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // The answer's status is what matters; a body cut short is fine.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  // eslint-disable-next-line no-control-regex
  const flat = redactSecrets(text, secrets).replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
  return flat.length > BODY_SNIPPET_CHARS ? `${flat.slice(0, BODY_SNIPPET_CHARS)}…` : flat;
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed by the receiver',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
};

// undici's messages can quote the URL; only codes are kept.
function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs % 1000 === 0 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`}`;
  }
  const cause = error instanceof Error ? error.cause : undefined;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : null;
  if (code) return NETWORK_ERRORS[code] ?? `network error (${code.replace(/[^A-Z0-9_]/gi, '').slice(0, 40)})`;
  return 'network error';
}
