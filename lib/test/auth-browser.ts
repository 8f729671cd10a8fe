// For integration tests of sign-in: a minimal browser (one cookie jar per origin, redirects
// followed by hand) whose requests to the console go straight to better-auth's request handler,
// the same handler /api/auth/* serves, and whose other requests (an identity provider on
// loopback) go over HTTP.
import { auth } from '../auth/auth';
import { publicUrl } from '../env';

export interface BrowserResponse {
  status: number;
  url: string;
  location: string | null;
  headers: Headers;
  text: string;
}

let browsers = 0;

export class TestBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  private readonly headers: Record<string, string>;

  /** Each browser has its own client address unless one is given (sign-in is rate-limited per address). */
  constructor(headers: Record<string, string> = {}) {
    browsers += 1;
    const address = `198.51.${100 + Math.floor(browsers / 250)}.${(browsers % 250) + 1}`;
    this.headers = { 'x-forwarded-for': address, 'user-agent': 'cordon-test-browser', ...headers };
  }

  /** Cookies this browser holds for an origin (name → value). */
  cookies(origin = publicUrl()): Map<string, string> {
    let jar = this.jars.get(origin);
    if (!jar) {
      jar = new Map<string, string>();
      this.jars.set(origin, jar);
    }
    return jar;
  }

  cookieHeader(origin = publicUrl()): string {
    return [...this.cookies(origin)].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(url: string, init: { method?: string; body?: string; contentType?: string } = {}): Promise<BrowserResponse> {
    const target = new URL(url, publicUrl());
    const headers = new Headers(this.headers);
    const cookie = this.cookieHeader(target.origin);
    if (cookie) headers.set('cookie', cookie);
    if (init.contentType) headers.set('content-type', init.contentType);
    if (init.method && init.method !== 'GET') headers.set('origin', target.origin);
    const request = new Request(target, { method: init.method ?? 'GET', headers, body: init.body, redirect: 'manual' });
    const response = target.origin === publicUrl() ? await auth().handler(request) : await fetch(request);
    for (const line of response.headers.getSetCookie()) this.store(target.origin, line);
    const location = response.headers.get('location');
    return {
      status: response.status,
      url: target.toString(),
      location: location ? new URL(location, target).toString() : null,
      headers: response.headers,
      text: await response.text(),
    };
  }

  /** Follows redirects until a response that is not one, or until `stopAt` says stop (a URL outside the handler). */
  async follow(first: BrowserResponse, stopAt: (url: URL) => boolean = () => false): Promise<BrowserResponse> {
    let response = first;
    for (let hops = 0; response.location && hops < 20; hops += 1) {
      if (stopAt(new URL(response.location))) return response;
      response = await this.request(response.location);
    }
    return response;
  }

  private store(origin: string, line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
    if (expired) this.cookies(origin).delete(name);
    else this.cookies(origin).set(name, value);
  }
}
