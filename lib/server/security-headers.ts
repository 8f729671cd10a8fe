// Security headers on every response, pages and APIs alike (docs/security.md).
//
// Pages get a Content-Security-Policy with a fresh nonce per request and 'strict-dynamic': only
// scripts carrying the nonce (Next.js's own bootstrap and inline flight data) and the scripts they
// load may run, so injected markup cannot run script. Next.js reads the nonce from the request's
// Content-Security-Policy header while rendering and stamps it on every script it emits; the
// server therefore puts the policy on the request before handing it to Next.js, and on the response.
//
// Defaults are added when the response head is written and only where the handler set nothing:
// a route with a stricter policy of its own (evidence downloads: `default-src 'none'; sandbox`)
// keeps it.
import { randomBytes } from 'node:crypto';
import type http from 'node:http';

export interface SecurityHeaderOptions {
  /** `next dev`: React needs eval for its dev tooling, and styles are injected without a nonce. */
  dev: boolean;
  /** The public URL is https: HSTS and upgrade-insecure-requests. */
  https: boolean;
}

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The map's renderer (cytoscape, BRp.init) inserts `<style>.__________cytoscape_container {
 * position: relative; }</style>` into the page; this is the SHA-256 of exactly that text. A
 * Cytoscape upgrade that changes it shows up as a policy violation in e2e/security.spec.ts.
 */
export const CYTOSCAPE_CONTAINER_STYLE = 'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8=';

export function pagePolicy(nonce: string, options: SecurityHeaderOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ''}`,
    // Stylesheets are files (Tailwind); <style> elements need the nonce, or be Cytoscape's one
    // fixed rule (allowed by its hash). Style *attributes* (chart bar widths, React's style prop)
    // cannot carry a nonce: they are allowed, they run no code.
    options.dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}' '${CYTOSCAPE_CONTAINER_STYLE}'`,
    ...(options.dev ? [] : ["style-src-attr 'unsafe-inline'"]),
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // The live stream and fetches are same-origin; `next dev` adds its hot-reload websocket.
    `connect-src 'self'${options.dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** JSON, event streams and other machine responses: nothing may load, nothing may frame them. */
export const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function commonHeaders(options: SecurityHeaderOptions): [string, string][] {
  return [
    ['x-content-type-options', 'nosniff'],
    ['referrer-policy', 'same-origin'],
    ['x-frame-options', 'DENY'],
    ['cross-origin-opener-policy', 'same-origin'],
    ['permissions-policy', 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()'],
    // Two years, this host only: other services on sibling subdomains are not ours to pin.
    ...(options.https ? ([['strict-transport-security', 'max-age=63072000']] as [string, string][]) : []),
  ];
}

/**
 * Adds `headers` to the response when its head is written, each only if the handler did not set
 * it (through setHeader or writeHead's arguments, which take precedence over setHeader).
 */
export function addHeadersOnWrite(res: http.ServerResponse, headers: readonly [string, string][]): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
  const withDefaults = (...args: unknown[]) => {
    for (const [name, value] of headers) if (!res.hasHeader(name)) res.setHeader(name, value);
    return writeHead(...args);
  };
  res.writeHead = withDefaults;
}

/**
 * For one request: `page` requests (everything handed to Next.js) get a nonce policy, also set on
 * the request for Next.js to read; lean API routes get the API policy.
 */
export function applySecurityHeaders(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  common: readonly [string, string][],
  page: { options: SecurityHeaderOptions } | null,
): void {
  let policy = API_POLICY;
  if (page) {
    policy = pagePolicy(newNonce(), page.options);
    req.headers['content-security-policy'] = policy;
  } else {
    delete req.headers['content-security-policy'];
  }
  delete req.headers['content-security-policy-report-only'];
  addHeadersOnWrite(res, [...common, ['content-security-policy', policy]]);
}
